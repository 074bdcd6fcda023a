import type net from 'node:net';
import type { SecureContext } from 'node:tls';
import { realSocket, withBudgetedSocket, type SocketFactory } from '../probes/budgeted-socket.js';
import { connectFailure } from '../probes/connect-failure.js';
import type { ProbeBudget } from '../probes/probe-budget.js';
import { classifySocketError, errnoOf } from '../probes/socket-error.js';
import type { ConnectFailure, TcpEndpoint } from '../probes/tcp-connect.js';
import type { TlsSession } from '../probes/tls-result.js';
import { visibleBytes } from '../probes/visible-bytes.js';
import type { CutShort } from './cut-short.js';

/** No handshake answer we read needs more: PostgreSQL's startup burst is ~0.5 KiB, a MongoDB hello ~1 KiB. */
export const DEFAULT_BYTE_CAP = 16 * 1024;
/** How long a polite goodbye (SMTP QUIT, PostgreSQL Terminate) may wait for the server to close, at most. */
const FAREWELL_WAIT_MS = 300;

/** What the conversation does next, given the bytes that arrived since the last turn consumed some. */
export type Turn<R> =
  | /** Not a complete answer yet: keep reading. */
  { kind: 'more' }
  /**
   * Drop the first `consumed` bytes, write `bytes`, and keep reading. With `beforeTls` (SMTP's STARTTLS), TLS is made
   * ready first: Node's TLS code and, with `trust`, the trust list and its secure context, so that the server's
   * go-ahead is answered with a ClientHello at once. The bytes wait for that loading (off the clock, as every
   * loading of TLS is); should the connection end meanwhile, `ended` is told they were never written.
   */
  | { kind: 'send'; consumed: number; bytes: Uint8Array; beforeTls?: boolean }
  /**
   * Drop the first `consumed` bytes, write `plain` (when given) in plain text, wrap the connection in TLS, then write
   * `bytes` over it. `plain` is for a request the server does not answer before TLS starts (MySQL's SSLRequest).
   */
  | { kind: 'start-tls'; consumed: number; servername: string | null; bytes: Uint8Array; plain?: Uint8Array }
  /** The answer is known. `farewell`, when given, is written before the close, which is then awaited briefly. */
  | { kind: 'done'; result: R; farewell?: Uint8Array }
  /** The bytes are not this protocol. */
  | { kind: 'unexpected'; why: string };

/** What a conversation may know of its own connection. */
export interface Link {
  /** This side's address (SMTP's EHLO names it); null once the socket is gone. */
  localAddress: string | null;
  /**
   * After a `start-tls` turn with `trust` given: the TLS session and its certificate judged against that trust list
   * and the name asked for. Null before TLS, or when the upgrade was not asked to judge.
   */
  tls?: TlsSession | null;
}

/** One protocol's side of a handshake: what it says first and how it reads what comes back. */
export interface Conversation<R> {
  /** Written once connected; empty for server-first protocols (SSH, SMTP, MySQL). */
  opening: Uint8Array;
  read(received: Buffer, afterMs: number, link: Link): Turn<R>;
  /**
   * What a close, a reset or the deadline means at the point reached, when it means more than the common
   * cut-short (SSH: text lines, then a close). Null leaves the common one. `unsent` is non-null when the end came
   * while this side was still loading TLS, with what it had not written yet: then the server was never asked what
   * the last turn meant to ask, and its silence or close is no answer to it.
   */
  ended?(how: 'closed' | 'reset' | 'no-answer', received: Buffer, afterMs: number, unsent: Unsent | null): R | null;
}

/** What this side had not written when the connection ended, because it was still loading TLS (for `heldMs`). */
export interface Unsent {
  /** A `beforeTls` send's bytes (SMTP's STARTTLS), or the ClientHello of a `start-tls` upgrade. */
  what: 'command' | 'client-hello';
  heldMs: number;
}

export interface ConversationOptions {
  byteCap?: number;
  connect?: SocketFactory;
  /**
   * The CA certificates a `start-tls` upgrade verifies the server's certificate against (as `loadTrustStore`
   * assembles them), loaded only for a session that asks for TLS. Without it the upgrade judges no certificate.
   */
  trust?: () => Promise<readonly string[]>;
}

/**
 * Runs one handshake on one connection: connects, writes the opening, and feeds every byte to the conversation
 * until it has its answer, the server ends the connection, or the budget's one deadline passes. Bounded in bytes
 * (`byteCap`) and time; never throws. `afterMs` values count from the TCP connect, less the time this side spent
 * loading TLS while the server waited on it: for a command (a `beforeTls` turn) or for the ClientHello (an upgrade).
 */
export function converse<R>(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  conversation: Conversation<R>,
  options: ConversationOptions = {},
): Promise<R | CutShort> {
  const cap = options.byteCap ?? DEFAULT_BYTE_CAP;
  let buffer = Buffer.alloc(0);
  let connectedAt: number | null = null;
  /** Set once the answer is known and only the goodbye is left. */
  let decided: { result: R } | null = null;
  /** The upgraded session, when the upgrade was asked to judge its certificate. */
  let session: TlsSession | null = null;
  /** Node's TLS and the judge of certificates, loaded once, when a turn first needs them. */
  let tlsReady: Promise<TlsKit> | null = null;
  const prepareTls = () => {
    tlsReady ??= loadTls(options.trust);
    return tlsReady;
  };
  /** Time spent on this side getting TLS ready while the server waited on us, which no `afterMs` counts. */
  let paused = 0;
  /** While that loading goes on: since when, and what waits on it, unwritten. */
  let holding: { since: number; what: Unsent['what'] } | null = null;
  /** This side's own time so far, at `now` (ms since the probe started). */
  const ownTime = (now: number) => paused + (holding === null ? 0 : now - holding.since);
  /**
   * Runs this side's loading of TLS off the clock: the server waits on us meanwhile (for a command, or for the
   * ClientHello), so no `afterMs` may count it as the server's time.
   */
  const offClock = <T>(what: Unsent['what'], elapsed: () => number, loading: Promise<T>): Promise<T> => {
    holding = { since: elapsed(), what };
    return loading.then((value) => {
      if (holding !== null) paused += elapsed() - holding.since;
      holding = null;
      return value;
    });
  };

  const shown = () => (buffer.length > 0 ? visibleBytes(buffer) : null);
  /** How the conversation ends at `now` (ms since the probe started) after `afterMs` of the server's time. */
  const cutShort = (how: 'closed' | 'reset' | 'no-answer', afterMs: number, now: number): R | CutShort => {
    const unsent = holding === null ? null : { what: holding.what, heldMs: now - holding.since };
    const own = conversation.ended?.(how, buffer, afterMs, unsent);
    if (own != null) return own;
    if (how === 'no-answer') return { kind: 'no-answer', waitedMs: afterMs, received: shown() };
    return { kind: how, afterMs, received: shown() };
  };
  const outcomes = {
    aborted: (): R | CutShort => decided?.result ?? { kind: 'aborted' },
    deadline: (waitedMs: number): R | CutShort => {
      if (decided) return decided.result;
      if (connectedAt === null) return { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs } };
      // What the server was waited on: this side's own loading of TLS left out, as in every `afterMs`.
      return cutShort('no-answer', waitedMs - connectedAt - ownTime(waitedMs), waitedMs);
    },
    connectFailed: (failure: ConnectFailure): R | CutShort => ({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const since = () => elapsed() - (connectedAt ?? elapsed()) - ownTime(elapsed());
      let stream: net.Socket = socket;

      const onData = (chunk: Buffer) => {
        if (decided) return;
        buffer = Buffer.concat([buffer, chunk]);
        const turn = conversation.read(buffer, since(), { localAddress: socket.localAddress ?? null, tls: session });
        switch (turn.kind) {
          case 'more':
            if (buffer.length >= cap) {
              const why = `more than ${cap} bytes without a complete answer`;
              settle({ kind: 'not-this-protocol', afterMs: since(), received: visibleBytes(buffer), why });
            }
            return;
          case 'send': {
            buffer = buffer.subarray(turn.consumed);
            if (!turn.beforeTls) return void stream.write(turn.bytes);
            // TLS loaded before the command that leads to it; the server waits for the command meanwhile.
            const { bytes } = turn;
            return void offClock('command', elapsed, prepareTls()).then(() => {
              if (!socket.destroyed && !decided) stream.write(bytes);
            });
          }
          case 'start-tls':
            // Bytes after the go-ahead, before any TLS, were not sent inside TLS: read on as if they were, they
            // would pass for the TLS side's answer (STARTTLS response injection; libpq's CVE-2021-23222).
            if (buffer.length > turn.consumed) {
              return settle({
                kind: 'not-this-protocol',
                afterMs: since(),
                received: visibleBytes(buffer),
                why: 'bytes in plain text after the go-ahead to TLS, before the TLS handshake',
              });
            }
            buffer = buffer.subarray(turn.consumed);
            if (turn.plain) socket.write(turn.plain);
            return upgrade(turn.servername, turn.bytes);
          case 'done':
            return finish(turn.result, turn.farewell);
          case 'unexpected':
            return settle({
              kind: 'not-this-protocol',
              afterMs: since(),
              received: visibleBytes(buffer),
              why: turn.why,
            });
          default:
            return turn satisfies never;
        }
      };
      const onEnd = () => settle(cutShort('closed', since(), elapsed()));
      const onError = (error: Error) => {
        if (decided) return settle(decided.result);
        const errorKind = classifySocketError(error);
        // A reset can beat the 'connect' event to us: the handshake completed, then the server aborted.
        if (connectedAt === null && errorKind !== 'reset' && errorKind !== 'broken-pipe') {
          return settle({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        }
        connectedAt ??= elapsed();
        if (stream !== socket && errorKind === 'other') {
          const message = error.message.slice(0, 200);
          return settle({ kind: 'tls-failed', afterMs: since(), code: errnoOf(error), message });
        }
        settle(cutShort('reset', since(), elapsed()));
      };
      const listen = (on: net.Socket) => {
        on.on('data', onData);
        on.once('end', onEnd);
        on.once('error', onError);
      };

      /** The answer is in: say goodbye if the protocol has a way to, then end once the server closes (or soon). */
      const finish = (result: R, farewell?: Uint8Array) => {
        if (!farewell) return settle(result);
        decided = { result };
        const done = () => settle(result);
        stream.once('close', done);
        stream.removeListener('end', onEnd);
        stream.once('end', done);
        stream.end(farewell);
        setTimeout(done, FAREWELL_WAIT_MS).unref();
      };

      /**
       * TLS over the connection already open, as PostgreSQL's `S` asks. The handshake goes on whatever the
       * certificate, so that what the server says inside TLS is read; with `trust` given, the certificate is judged
       * as the TLS probe judges it (that trust list, the name asked for, else the address dialled) and `Link.tls`
       * carries the result. Without it, no certificate is judged.
       */
      const upgrade = (servername: string | null, then: Uint8Array) => {
        socket.removeListener('data', onData);
        socket.on('error', () => {});
        // Ready already when a `beforeTls` turn asked the server (SMTP's STARTTLS); loaded now otherwise (MySQL's
        // SSLRequest is sent with the upgrade, PostgreSQL's `S` has come), while the server waits for our ClientHello:
        // off the clock. The plain socket's close and reset still settle the conversation meanwhile (what was never
        // sent is the ClientHello); the deadline too. Either way the socket is gone when the load ends.
        void offClock('client-hello', elapsed, prepareTls()).then(({ connect, judge }) => {
          if (socket.destroyed) return;
          socket.removeListener('end', onEnd);
          socket.removeListener('error', onError);
          const secure = connect({
            socket,
            rejectUnauthorized: false,
            ...(servername ? { servername } : {}),
            // The chain against the trust list; the name is checked by sessionOf, as the TLS probe does.
            ...(judge ? { secureContext: judge.context, checkServerIdentity: () => undefined } : {}),
          });
          secure.on('error', () => {});
          stream = secure;
          listen(secure);
          secure.once('secureConnect', () => {
            if (judge) session = judge.sessionOf(secure, servername ?? endpoint.address);
            secure.write(then);
          });
        });
      };

      socket.once('connect', () => {
        connectedAt = elapsed();
        if (conversation.opening.length > 0) socket.write(conversation.opening);
      });
      listen(socket);
    },
    options.connect ?? realSocket,
  );
}

/** What an upgrade needs: Node's TLS, and, when asked to judge certificates, the context of the trust list. */
interface TlsKit {
  connect: typeof import('node:tls').connect;
  judge: { context: SecureContext; sessionOf: typeof import('../probes/tls-handshake.js').sessionOf } | null;
}

/**
 * Loads Node's TLS (only for a session that upgrades: ~5 ms, and its one-time warm-up) and, with `trust`, the trust list and its secure context
 * (~50 ms for ~290 CAs, once per list). A trust list that cannot be had leaves the certificate unjudged (the evidence
 * says so), never the session undone: `trust` is the caller's, and a rejection here would stall the conversation.
 */
async function loadTls(trust: ConversationOptions['trust']): Promise<TlsKit> {
  const judging = trust
    ? Promise.all([import('../probes/tls-handshake.js'), trust()])
        .then(([{ contextFor, sessionOf }, ca]) => ({ context: contextFor(ca), sessionOf }))
        .catch(() => null)
    : null;
  // Node's one-time TLS set-up (10–15 ms on a process's first TLS socket) run in memory now, as the TLS probe does,
  // so that it is not paid inside the handshake with the server.
  const warm = import('../probes/warm-up-tls.js').then(({ warmUpTls }) => warmUpTls());
  const [{ connect }, judge] = await Promise.all([import('node:tls'), judging, warm]);
  return { connect, judge };
}
