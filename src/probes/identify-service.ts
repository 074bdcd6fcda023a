import type { Socket } from 'node:net';
import type { BannerResult } from './banner-result.js';
import { realSocket, type SocketFactory } from './budgeted-socket.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import { expectedMethod, type IdentifyRound, identifyRounds, type KeptConnection } from './identify-service-order.js';
import { nowMs } from '../shared/monotonic-clock.js';
import type { ProbeBudget } from './probe-budget.js';
import { type HelloFollowUp, type HelloOutcome, sendHello } from './send-hello.js';
import { RAW_HELLOS } from './service-hellos.js';
import type { IdentifyAttempt, IdentifyMethod, ServiceIdentity } from './service-identity.js';
import { type BannerOptions, readBanner } from './tcp-banner.js';
import type { TcpEndpoint } from './tcp-connect.js';
import type { TlsResult } from './tls-result.js';

/** How long to listen for a server-first greeting: SSH, SMTP and MySQL speak at once; 800 ms is generous. */
const BANNER_WAIT_MS = 800;

/**
 * Protocols whose server greets before the client says anything: whatever connection their words come on, they
 * are the greeting, not an answer to a hello we sent on it.
 */
const SPEAKS_FIRST: ReadonlySet<string> = new Set([
  'ssh',
  'smtp',
  'ftp',
  'smtp-or-ftp',
  'pop3',
  'imap',
  'mysql',
  'vnc',
]);

export interface IdentifyOptions {
  /**
   * Read the banner only, and send no hello: for a server that counts every connection without a login against
   * the client (OpenSSH 9.8+ blocks a source after ~15), where each hello would be one more.
   */
  bannerOnly?: boolean;
  /** The attempt that goes first; by default the one the port's number suggests (identify-service-order.ts). */
  first?: IdentifyMethod | null;
  /**
   * What a hello goes on to say once its reply named the protocol, on the same connection: the handshake that
   * follows then reads the answer from the attempt's `continued` instead of connecting again.
   */
  followUps?: Partial<Record<IdentifyMethod, HelloFollowUp>>;
  /** The connection the connect check kept for this port, if any (the first attempt to connect gets it). */
  kept?: KeptConnection | null;
  /** Given to the banner listen: keeps its connection for the handshake that follows (tcp-banner.ts). */
  handOver?: BannerOptions['handOver'];
  /**
   * Whether `connect` gave an attempt the connection the connect check kept (ConnectionParking.handedOut): that
   * attempt's result says so, and reports draw it on that connection.
   */
  wasKept?: (socket: Socket) => boolean;
}

/**
 * Finds out what speaks on a port, in rounds of attempts, each attempt on its own connection (identifyRounds): a
 * listen for a greeting, and harmless hellos (Redis PING, PostgreSQL SSLRequest, TLS ClientHello, HTTP HEAD).
 * The attempts of a round run together, and the first reply that names a protocol ends the whole identification at
 * once, cancelling the rest: a server that speaks only when spoken to is named within a round trip of being asked,
 * never after a silence. A greeting listened for beside hellos goes on listening through later rounds. The listen
 * takes at most a third of the budget and each round an equal share of what is left (a quick answer leaves more for
 * the next), so the whole never outlives `budget.timeoutMs`. Never throws.
 */
export async function identifyService(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
  options: IdentifyOptions = {},
): Promise<ServiceIdentity> {
  const rounds = identifyRounds(
    options.first === undefined ? expectedMethod(endpoint.port) : options.first,
    options.bannerOnly,
    options.kept ?? null,
  );
  if (budget.signal?.aborted) return { kind: 'aborted' };
  const started = nowMs();
  const remaining = () => Math.max(0, budget.timeoutMs - (nowMs() - started));
  // One signal for every attempt: the caller's, and ours once a reply has named the protocol.
  const cancel = new AbortController();
  const onAbort = () => cancel.abort();
  budget.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await runRounds(rounds, {
      endpoint,
      connect,
      remaining,
      signal: cancel.signal,
      timeoutMs: budget.timeoutMs,
      followUps: options.followUps ?? {},
      handOver: options.handOver,
      wasKept: options.wasKept ?? (() => false),
    });
  } finally {
    budget.signal?.removeEventListener('abort', onAbort);
    cancel.abort();
  }
}

interface Run {
  endpoint: TcpEndpoint;
  connect: SocketFactory;
  remaining(): number;
  signal: AbortSignal;
  timeoutMs: number;
  followUps: Partial<Record<IdentifyMethod, HelloFollowUp>>;
  handOver: BannerOptions['handOver'];
  wasKept: (socket: Socket) => boolean;
}

/** Every attempt of every round, and the first to name the protocol. */
async function runRounds(rounds: IdentifyRound[], run: Run): Promise<ServiceIdentity> {
  const finished: IdentifyAttempt[] = [];
  // The first reply to name the protocol, or what ended the identification early (a failed connect, a cancel).
  const end: {
    winner: { attempt: IdentifyAttempt; protocol: IdentifiedProtocol } | null;
    stop: ServiceIdentity | null;
  } = { winner: null, stop: null };
  /** Wakes the round being waited on when an attempt ends everything early. */
  let wake: () => void = () => {};

  const settleWith = (method: IdentifyMethod, outcome: HelloOutcome) => {
    if (end.winner || end.stop) return;
    switch (outcome.kind) {
      case 'aborted':
        // Only the caller's cancel gets here: once a winner has cancelled the others, their ends are ignored above.
        end.stop = { kind: 'aborted' };
        break;
      case 'connect-failed':
        // A hello whose connect outlived its share says nothing new of a port that accepted: it stayed silent.
        if (method !== 'banner' && outcome.connect.kind === 'timeout') {
          finished.push({ how: method, outcome: 'silent', reply: null });
          break;
        }
        end.stop = { kind: 'connect-failed', connect: outcome.connect, tried: finished };
        break;
      case 'attempt':
        if (outcome.protocol) end.winner = { attempt: outcome.attempt, protocol: outcome.protocol };
        else finished.push(outcome.attempt);
        break;
      default:
        return outcome satisfies never;
    }
    if (end.winner || end.stop) wake();
  };

  const background: Promise<void>[] = [];
  for (const [index, round] of rounds.entries()) {
    if (index > 0 && run.remaining() < 1) break;
    const share: ProbeBudget = { timeoutMs: run.remaining() / (rounds.length - index), signal: run.signal };
    // A listen beside hellos runs on in the background: a greeting may still come while later rounds go on.
    const waited: Promise<void>[] = [];
    for (const method of startOrder(round)) {
      // Which attempt spoke on the kept connection, as the factory handed it out.
      let onKept = false;
      const connect: SocketFactory = (at) => {
        const socket = run.connect(at);
        if (run.wasKept(socket)) onKept = true;
        return socket;
      };
      const pending = attempt(method, { ...run, connect }, share).then((outcome) =>
        settleWith(method, onKept ? onConnectCheck(outcome) : outcome),
      );
      if (method === 'banner' && round.length > 1) background.push(pending);
      else waited.push(pending);
    }
    await Promise.race([Promise.all(waited), new Promise<void>((resolve) => (wake = resolve))]);
    if (end.winner || end.stop) break;
  }
  if (!end.winner && !end.stop) await Promise.all(background);
  // In the order they were planned, whatever order they ended in: the same server gives the same report.
  const planned = rounds.flat();
  finished.sort((a, b) => planned.indexOf(a.how) - planned.indexOf(b.how));
  // A caller's cancel seen after the last attempt ended is still a cancel.
  if (end.stop?.kind === 'aborted' || (!end.winner && run.signal.aborted)) return { kind: 'aborted' };
  if (end.stop) return end.stop;
  if (!end.winner) return { kind: 'unknown', tried: finished };
  const { attempt: won, protocol } = end.winner;
  // A greeting that came on a hello's connection is still a greeting: those servers speak before reading a byte.
  const how = SPEAKS_FIRST.has(protocol.id) ? 'banner' : won.how;
  return { kind: 'identified', protocol, how, tried: [...finished, won] };
}

/**
 * The order a round's attempts connect in, which is not the planned order reports keep: the first to connect gets
 * the connection the connect check kept (connection-parking.ts), when there is one. That is the SSLRequest when it is
 * in the round: PostgreSQL forks a backend for every connection, and the one kept has its backend ready, so the
 * answer that names it comes a fork sooner. Redis answers a new connection as fast, and a greeting comes on any.
 */
function startOrder(round: IdentifyRound): IdentifyMethod[] {
  return [...round].sort((a, b) => Number(b === 'postgres-ssl-request') - Number(a === 'postgres-ssl-request'));
}

/** The outcome of the attempt that spoke on the connect check's connection, marked so (reports draw it there). */
function onConnectCheck(outcome: HelloOutcome): HelloOutcome {
  return outcome.kind === 'attempt' ? { ...outcome, attempt: { ...outcome.attempt, onConnectCheck: true } } : outcome;
}

function attempt(method: IdentifyMethod, run: Run, share: ProbeBudget): Promise<HelloOutcome> {
  const { endpoint, connect } = run;
  switch (method) {
    case 'banner': {
      const waitMs = Math.min(BANNER_WAIT_MS, run.timeoutMs / 3, share.timeoutMs);
      return readBanner(endpoint, share, { waitMs, connect, handOver: run.handOver }).then(helloFromBanner);
    }
    case 'tls-hello':
      // Node's TLS loads only when a TLS hello goes out: a port named by PING or an SSLRequest never needs it.
      return import('./tls-handshake.js').then(({ tlsHandshake }) =>
        tlsHandshake(endpoint, { servername: null, ca: null }, share, connect).then(helloFromTls),
      );
    default: {
      const hello = RAW_HELLOS.find((candidate) => candidate.how === method);
      if (!hello) throw new Error(`no hello for ${method}`);
      return sendHello(endpoint, hello, share, connect, run.followUps[method]);
    }
  }
}

function helloFromBanner(banner: BannerResult): HelloOutcome {
  switch (banner.kind) {
    case 'banner': {
      const outcome = banner.protocol ? 'identified' : 'unrecognised';
      const handedOver = banner.handedOver ? { handedOver: true as const } : {};
      return {
        kind: 'attempt',
        attempt: { how: 'banner', outcome, reply: banner.bytes, ...handedOver },
        protocol: banner.protocol,
      };
    }
    case 'silent':
    case 'closed':
    case 'reset':
      return { kind: 'attempt', attempt: { how: 'banner', outcome: banner.kind, reply: null }, protocol: null };
    case 'connect-failed':
    case 'aborted':
      return banner;
    default:
      return banner satisfies never;
  }
}

/** A TLS handshake read as a hello: any TLS answer, even a refusal, names TLS; plain bytes may name something else. */
function helloFromTls(result: TlsResult): HelloOutcome {
  const attempt = (
    outcome: IdentifyAttempt['outcome'],
    protocol: IdentifiedProtocol | null,
    reply: IdentifyAttempt['reply'] = null,
  ) => ({ kind: 'attempt', attempt: { how: 'tls-hello', outcome, reply }, protocol }) as const;
  const tls = (evidence: string) => attempt('identified', { id: 'tls', name: 'TLS', evidence });
  switch (result.kind) {
    case 'secure': {
      const { protocol, cipher, chain } = result.session;
      return tls(
        `${protocol} handshake completed (${cipher})${chain[0] ? `, certificate for ${chain[0].subject}` : ''}`,
      );
    }
    case 'alert':
      return tls(`TLS alert ${result.alert.description} (${result.alert.code})`);
    case 'handshake-error':
      return tls(`TLS records that our client refused: ${result.code} (${result.reason})`);
    case 'plaintext-reply':
      return attempt(result.protocol ? 'identified' : 'unrecognised', result.protocol, result.firstBytes);
    case 'closed-during-handshake':
      return attempt(result.firstBytes ? 'unrecognised' : result.how, null, result.firstBytes);
    case 'no-response':
      return attempt(result.firstBytes ? 'unrecognised' : 'silent', null, result.firstBytes);
    case 'connect-failed':
    case 'aborted':
      return result;
    default:
      return result satisfies never;
  }
}
