import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import type { ProbeBudget } from './probe-budget.js';
import type { RawHello } from './service-hellos.js';
import type { IdentifyAttempt } from './service-identity.js';
import { classifySocketError } from './socket-error.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { visibleBytes } from './visible-bytes.js';

/** A reply is read up to this many bytes: any greeting or error line fits. */
const REPLY_LIMIT = 1024;
/** What a follow-up reads, at most: PostgreSQL's answer to a StartupMessage (an ErrorResponse) fits many times. */
const CONTINUED_LIMIT = 2048;
/** After some bytes, this much silence means the reply is complete (the same gap the banner reader uses). */
const QUIET_GAP_MS = 200;

/**
 * What a hello goes on to say on its own connection once its reply has named the protocol, so that the handshake
 * that follows identification needs no connection of its own (PostgreSQL: the StartupMessage after an `N`). Given by
 * the caller, who knows the protocol's messages; the probe only carries the bytes.
 */
export interface HelloFollowUp {
  /** The bytes to send after this reply, or null to stop at the reply. */
  after(reply: Uint8Array): Uint8Array | null;
  /**
   * Whether what came back to the follow-up is a complete answer, and the goodbye to write before closing (null
   * for none). Null while more is needed.
   */
  complete(continued: Uint8Array): { farewell: Uint8Array | null } | null;
}

/** What one hello on its own connection came to. */
export type HelloOutcome =
  /** The connection worked; `protocol` is set when the reply named one. */
  | { kind: 'attempt'; attempt: IdentifyAttempt; protocol: IdentifiedProtocol | null }
  | { kind: 'connect-failed'; connect: ConnectFailure }
  | { kind: 'aborted' };

/**
 * Connects, sends `hello`, and reads at most REPLY_LIMIT bytes until the reply is recognised, stops coming, or the
 * connection ends. With a `followUp`, a recognised reply is answered on the same connection and the answer read
 * (at most CONTINUED_LIMIT bytes) until the follow-up calls it complete, the server closes, or the deadline. One
 * deadline bounds it all; never throws.
 */
export function sendHello(
  endpoint: TcpEndpoint,
  hello: RawHello,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
  followUp?: HelloFollowUp,
): Promise<HelloOutcome> {
  const reply = Buffer.alloc(REPLY_LIMIT);
  let kept = 0;
  let connected = false;
  let quiet: NodeJS.Timeout | undefined;
  /** Set once a follow-up went out: the protocol the reply named, and what has come back since. */
  let following: { protocol: IdentifiedProtocol; continued: Buffer } | null = null;

  /** The attempt as far as it got: recognised, or what else the connection did. */
  const judged = (otherwise: 'silent' | 'closed' | 'reset'): HelloOutcome => {
    clearTimeout(quiet);
    const bytes = reply.subarray(0, kept);
    // The whole reply, as read: the handshake after identification may read its answer from it (Redis's to PING,
    // whose protected-mode text alone is ~600 bytes).
    const shown = kept > 0 ? visibleBytes(bytes, REPLY_LIMIT) : null;
    if (following) {
      const { protocol, continued } = following;
      const rest = continued.length > 0 ? visibleBytes(continued, CONTINUED_LIMIT) : null;
      return {
        kind: 'attempt',
        attempt: { how: hello.how, outcome: 'identified', reply: shown, continued: rest },
        protocol,
      };
    }
    const protocol = kept > 0 ? hello.recognise(bytes) : null;
    const outcome = protocol ? 'identified' : kept > 0 ? 'unrecognised' : otherwise;
    return { kind: 'attempt', attempt: { how: hello.how, outcome, reply: shown }, protocol };
  };
  const outcomes = {
    aborted: (): HelloOutcome => {
      clearTimeout(quiet);
      return { kind: 'aborted' };
    },
    deadline: (waitedMs: number): HelloOutcome =>
      connected ? judged('silent') : { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs } },
    connectFailed: (failure: ConnectFailure): HelloOutcome => ({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      socket.once('connect', () => {
        connected = true;
        // Bytes already waiting on a connection the connect check kept are a greeting: the server spoke first, and
        // a hello now would only be garbage to it (MySQL counts that against this client).
        if (socket.readableLength > 0) return;
        socket.write(hello.bytes);
      });

      socket.on('data', (chunk: Buffer) => {
        if (following) {
          const room = CONTINUED_LIMIT - following.continued.length;
          following.continued = Buffer.concat([following.continued, chunk.subarray(0, room)]);
          const complete = followUp?.complete(following.continued);
          if (complete?.farewell) socket.write(complete.farewell);
          if (complete || following.continued.length === CONTINUED_LIMIT) settle(judged('silent'));
          return;
        }
        kept += chunk.copy(reply, kept, 0, REPLY_LIMIT - kept);
        const protocol = hello.recognise(reply.subarray(0, kept));
        const next = protocol && followUp ? followUp.after(reply.subarray(0, kept)) : null;
        if (protocol && next) {
          // The answer comes on this connection: no quiet gap now, only the deadline (or the server's close).
          clearTimeout(quiet);
          following = { protocol, continued: Buffer.alloc(0) };
          socket.write(next);
          return;
        }
        if (kept === REPLY_LIMIT || protocol) return settle(judged('silent'));
        clearTimeout(quiet);
        quiet = setTimeout(() => settle(judged('silent')), QUIET_GAP_MS);
      });

      socket.once('end', () => settle(judged('closed')));

      socket.once('error', (error) => {
        const errorKind = classifySocketError(error);
        // A reset can beat the 'connect' event to us: the handshake completed, then the server aborted.
        if (!connected && errorKind !== 'reset' && errorKind !== 'broken-pipe') {
          clearTimeout(quiet);
          return settle({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        }
        connected = true;
        settle(judged('reset'));
      });
    },
    connect,
  );
}
