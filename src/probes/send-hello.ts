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
/** After some bytes, this much silence means the reply is complete (the same gap the banner reader uses). */
const QUIET_GAP_MS = 200;

/** What one hello on its own connection came to. */
export type HelloOutcome =
  /** The connection worked; `protocol` is set when the reply named one. */
  | { kind: 'attempt'; attempt: IdentifyAttempt; protocol: IdentifiedProtocol | null }
  | { kind: 'connect-failed'; connect: ConnectFailure }
  | { kind: 'aborted' };

/**
 * Connects, sends `hello`, and reads at most REPLY_LIMIT bytes until the reply is recognised, stops coming, or the
 * connection ends. One deadline bounds it all; never throws.
 */
export function sendHello(
  endpoint: TcpEndpoint,
  hello: RawHello,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
): Promise<HelloOutcome> {
  const reply = Buffer.alloc(REPLY_LIMIT);
  let kept = 0;
  let connected = false;
  let quiet: NodeJS.Timeout | undefined;

  /** The attempt as far as it got: recognised, or what else the connection did. */
  const judged = (otherwise: 'silent' | 'closed' | 'reset'): HelloOutcome => {
    clearTimeout(quiet);
    const bytes = reply.subarray(0, kept);
    const protocol = kept > 0 ? hello.recognise(bytes) : null;
    const outcome = protocol ? 'identified' : kept > 0 ? 'unrecognised' : otherwise;
    return {
      kind: 'attempt',
      attempt: { how: hello.how, outcome, reply: kept > 0 ? visibleBytes(bytes) : null },
      protocol,
    };
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
        socket.write(hello.bytes);
      });

      socket.on('data', (chunk: Buffer) => {
        kept += chunk.copy(reply, kept, 0, REPLY_LIMIT - kept);
        if (kept === REPLY_LIMIT || hello.recognise(reply.subarray(0, kept))) return settle(judged('silent'));
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
