import type net from 'node:net';
import type { BannerResult } from './banner-result.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import { binaryProtocol, identifyProtocol } from './identify-protocol.js';
import type { ProbeBudget } from './probe-budget.js';
import { classifySocketError } from './socket-error.js';
import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { visibleBytes } from './visible-bytes.js';

/** A banner is one line; this is plenty for any greeting and bounds what a chatty peer can make us hold. */
const BANNER_LIMIT = 1024;
/**
 * After the first bytes, this much silence means the greeting is complete: for a binary one that no signature names
 * (the ones we know, MySQL's, end the listen as soon as they are recognised), as it has no line end.
 */
const QUIET_GAP_MS = 200;
const DEFAULT_WAIT_MS = 1500;

export interface BannerOptions {
  /** How long to wait for the server's first byte once connected (default: the budget, at most 1.5 s). */
  waitMs?: number;
  connect?: SocketFactory;
  /**
   * Who takes the connection once a complete greeting named `protocol`, when the handshake that follows goes on over
   * it (null: closed as usual). The taker gets it paused, without our listeners, the greeting put back unread.
   */
  handOver?(protocol: IdentifiedProtocol): ((socket: net.Socket) => void) | null;
}

/**
 * Connects, sends nothing, and listens for a server-first greeting (SSH, SMTP, FTP, MySQL, POP3, IMAP). The
 * connect and the wait share the budget's one deadline; never throws.
 */
export function readBanner(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: BannerOptions = {},
): Promise<BannerResult> {
  const { waitMs = Math.min(budget.timeoutMs, DEFAULT_WAIT_MS), connect = realSocket } = options;
  const data = Buffer.alloc(BANNER_LIMIT);
  let kept = 0;
  let connectedAt: number | null = null;
  let firstByteAt = 0;
  let wait: NodeJS.Timeout | undefined;

  const spoke = (): Extract<BannerResult, { kind: 'banner' }> => {
    clearTimeout(wait);
    const bytes = data.subarray(0, kept);
    return { kind: 'banner', bytes: visibleBytes(bytes), protocol: identifyProtocol(bytes), afterMs: firstByteAt };
  };
  const outcomes = {
    aborted: (): BannerResult => {
      clearTimeout(wait);
      return { kind: 'aborted' };
    },
    deadline: (waitedMs: number): BannerResult => {
      clearTimeout(wait);
      if (connectedAt === null) return { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs } };
      return kept > 0 ? spoke() : { kind: 'silent', waitedMs: waitedMs - connectedAt };
    },
    connectFailed: (failure: ConnectFailure): BannerResult => ({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const sinceConnect = () => elapsed() - (connectedAt ?? 0);
      const silentOrBanner = () => settle(kept > 0 ? spoke() : { kind: 'silent', waitedMs: sinceConnect() });

      const onConnect = () => {
        connectedAt = elapsed();
        wait = setTimeout(silentOrBanner, waitMs);
      };
      const onData = (chunk: Buffer) => {
        if (kept === 0) firstByteAt = sinceConnect();
        const from = kept;
        kept += chunk.copy(data, kept, 0, BANNER_LIMIT - kept);
        const complete = endsTextLine(data, from, kept) || binaryProtocol(data.subarray(0, kept)) !== null;
        if (!complete && kept < BANNER_LIMIT) {
          clearTimeout(wait);
          wait = setTimeout(() => settle(spoke()), QUIET_GAP_MS);
          return;
        }
        const result = spoke();
        const taker = complete && result.protocol ? options.handOver?.(result.protocol) : null;
        if (!taker) return settle(result);
        // Paused before our listeners go, so that no byte flows to nobody; the greeting goes back, unread. Only ours
        // go: Node's own (its end-of-stream handling) stay with the socket.
        socket.pause();
        socket.off('connect', onConnect).off('data', onData).off('end', onEnd).off('error', onError);
        socket.unshift(Buffer.from(data.subarray(0, kept)));
        taker(socket);
        settle({ ...result, handedOver: true }, { keepSocket: true });
      };
      const onEnd = () => settle(kept > 0 ? spoke() : { kind: 'closed', afterMs: sinceConnect() });
      const onError = (error: Error) => {
        clearTimeout(wait);
        const errorKind = classifySocketError(error);
        // A reset can beat the 'connect' event to us: the handshake completed, then the server aborted.
        if (connectedAt === null && errorKind !== 'reset' && errorKind !== 'broken-pipe') {
          settle({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        } else {
          settle(kept > 0 ? spoke() : { kind: 'reset', afterMs: sinceConnect() });
        }
      };
      socket.once('connect', onConnect);
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.once('error', onError);
    },
    connect,
  );
}

/**
 * Whether the bytes now hold a complete line of text. A binary greeting can hold 0x0a anywhere (MySQL's
 * protocol version byte is one), so a line end only counts after printable text.
 */
function endsTextLine(data: Buffer, from: number, kept: number): boolean {
  const newline = data.subarray(0, kept).indexOf(0x0a, from);
  if (newline === -1) return false;
  for (let i = 0; i < newline; i++) {
    const byte = data[i]!;
    if ((byte < 0x20 || byte > 0x7e) && byte !== 0x09 && byte !== 0x0d) return false;
  }
  return true;
}
