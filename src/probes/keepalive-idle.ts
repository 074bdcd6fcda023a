import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import type { ProbeBudget } from './probe-budget.js';
import { createResponseFraming } from './response-framing.js';
import { classifySocketError, errnoOf } from './socket-error.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import type { UntrustedBytes } from './untrusted-bytes.js';
import { visibleBytes } from './visible-bytes.js';

/** The request whose connection is then left idle. */
export interface KeepAliveRequest {
  /** `Host` header: the name the user asked for (with `:port` when not the default). */
  hostHeader: string;
  /** Request target, starting with `/`. */
  path: string;
}

/** `timeoutMs` bounds connect and response; `maxIdleMs` bounds the idle wait that follows. */
export interface KeepAliveBudget extends ProbeBudget {
  maxIdleMs: number;
}

/** How long the product waits for an idle close: longer than the common 5 s and 15 s server defaults. */
export const defaultMaxIdleMs = 20_000;

/** What became of one keep-alive connection left idle after a complete response. */
export type KeepAliveResult =
  /** The server closed the idle connection itself: clients that reuse it later than `idleMs` fail. */
  | {
      kind: 'closed-after-idle';
      /** From the last byte of the response to the close. */
      idleMs: number;
      how: 'fin' | 'rst';
      /** The response's `Keep-Alive` header (`timeout=5`), made visible; null when it sent none. */
      keepAliveHeader: string | null;
      /** Bytes the server sent while the connection was idle (some send a 408 before closing), or null. */
      sentWhileIdle: UntrustedBytes | null;
    }
  /** Still open when we stopped watching: the server's idle timeout, if any, is longer than `waitedMs`. */
  | {
      kind: 'kept-open';
      waitedMs: number;
      keepAliveHeader: string | null;
    }
  /** The server said the connection ends with this response, so there is no idle connection to watch. */
  | {
      kind: 'not-keepalive';
      reason: 'connection-close' | 'http-1.0' | 'body-until-close' | 'upgraded';
      status: number;
    }
  /** The connection itself failed. */
  | {
      kind: 'connect-failed';
      connect: ConnectFailure;
    }
  /** No complete response arrived, so there was no idle period to measure. */
  | {
      kind: 'failed';
      reason: 'no-response' | 'reset' | 'closed' | 'not-http' | 'malformed' | 'too-large' | 'socket-error';
      /** Since the probe started. */
      afterMs: number;
      /** What did arrive, or null when nothing did. */
      firstBytes: UntrustedBytes | null;
      /** The errno of a socket error (`ECONNRESET`), or null. */
      errno: string | null;
    }
  /** The caller cancelled. */
  | { kind: 'aborted' };

/** Bytes of the response kept as evidence when it goes wrong. */
const EVIDENCE_BYTES = 512;

/**
 * Sends one keep-alive `GET`, reads the whole response, then leaves the connection idle and times how long the
 * server keeps it: the measurement behind `idle-keepalive-close`, where pooled clients that wait longer than the
 * server reuse a closed connection and get ECONNRESET or "socket hang up". Never rejects for a network outcome;
 * rejects (RangeError) for a request that would smuggle a header.
 */
export function measureIdleClose(
  endpoint: TcpEndpoint,
  request: KeepAliveRequest,
  budget: KeepAliveBudget,
  connect: SocketFactory = realSocket,
): Promise<KeepAliveResult> {
  if (!/^[\x21-\x7e]+$/.test(request.hostHeader))
    return Promise.reject(new RangeError('Host header must be visible ASCII'));
  if (!/^\/[\x21-\x7e]*$/.test(request.path))
    return Promise.reject(new RangeError('path must start with / and be visible ASCII'));

  let connected = false;
  let idleSince: number | null = null;
  let keepAliveHeader: string | null = null;
  let evidence: Buffer = Buffer.alloc(0);
  let phaseTimer: NodeJS.Timeout | undefined;
  const stopTimer = () => clearTimeout(phaseTimer);
  const failed = (
    reason: Extract<KeepAliveResult, { kind: 'failed' }>['reason'],
    afterMs: number,
    errno: string | null = null,
  ): KeepAliveResult => ({
    kind: 'failed',
    reason,
    afterMs,
    firstBytes: evidence.length > 0 ? visibleBytes(evidence) : null,
    errno,
  });
  const keptOpen = (now: number): KeepAliveResult => ({
    kind: 'kept-open',
    waitedMs: now - idleSince!,
    keepAliveHeader,
  });
  const outcomes = {
    aborted: (): KeepAliveResult => {
      stopTimer();
      return { kind: 'aborted' };
    },
    // A backstop only: the phase timers below settle first.
    deadline: (now: number): KeepAliveResult => {
      stopTimer();
      return idleSince === null ? failed('no-response', now) : keptOpen(now);
    },
    connectFailed: (failure: ConnectFailure): KeepAliveResult => ({ kind: 'connect-failed', connect: failure }),
  };
  // Two phases, each with its own timer: the exchange within timeoutMs, then the idle wait within maxIdleMs.
  const overall = {
    timeoutMs: budget.timeoutMs + budget.maxIdleMs + 1000,
    ...(budget.signal ? { signal: budget.signal } : {}),
  };

  return withBudgetedSocket(
    endpoint,
    overall,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const finish = (result: KeepAliveResult) => {
        stopTimer();
        settle(result);
      };
      const framing = createResponseFraming();
      let idleBytes: Buffer = Buffer.alloc(0);

      phaseTimer = setTimeout(() => {
        finish(
          connected
            ? failed('no-response', elapsed())
            : { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs: elapsed() } },
        );
      }, budget.timeoutMs);

      socket.once('connect', () => {
        connected = true;
        socket.write(
          [
            `GET ${request.path} HTTP/1.1`,
            `Host: ${request.hostHeader}`,
            'User-Agent: conn-doctor',
            'Accept: */*',
            'Connection: keep-alive',
            '',
            '',
          ].join('\r\n'),
        );
      });

      socket.on('data', (chunk: Buffer) => {
        if (idleSince !== null) {
          if (idleBytes.length < EVIDENCE_BYTES)
            idleBytes = Buffer.concat([idleBytes, chunk]).subarray(0, EVIDENCE_BYTES);
          return;
        }
        if (evidence.length < EVIDENCE_BYTES) evidence = Buffer.concat([evidence, chunk]).subarray(0, EVIDENCE_BYTES);
        const step = framing.push(chunk);
        if (step.kind === 'more') return;
        if (step.kind !== 'complete') return finish(failed(step.kind, elapsed()));
        const { head } = step;
        const reason =
          head.status === 101
            ? 'upgraded'
            : head.connection.includes('close')
              ? 'connection-close'
              : head.httpVersion === '1.0' && !head.connection.includes('keep-alive')
                ? 'http-1.0'
                : head.framing === 'until-close'
                  ? 'body-until-close'
                  : null;
        if (reason) return finish({ kind: 'not-keepalive', reason, status: head.status });
        keepAliveHeader = head.keepAlive;
        idleSince = elapsed();
        if (step.extraBytes > 0) idleBytes = chunk.subarray(chunk.length - step.extraBytes).subarray(0, EVIDENCE_BYTES);
        stopTimer();
        phaseTimer = setTimeout(() => finish(keptOpen(elapsed())), budget.maxIdleMs);
      });

      const closedAfterIdle = (how: 'fin' | 'rst'): KeepAliveResult => ({
        kind: 'closed-after-idle',
        idleMs: elapsed() - idleSince!,
        how,
        keepAliveHeader,
        sentWhileIdle: idleBytes.length > 0 ? visibleBytes(idleBytes) : null,
      });

      socket.once('end', () => finish(idleSince !== null ? closedAfterIdle('fin') : failed('closed', elapsed())));

      socket.once('error', (error) => {
        const kind = classifySocketError(error);
        const aborted = kind === 'reset' || kind === 'broken-pipe';
        // A reset can beat 'connect' to us: the handshake completed, then the server aborted.
        if (!connected && !aborted)
          return finish({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        if (idleSince !== null && aborted) return finish(closedAfterIdle('rst'));
        finish(failed(aborted ? 'reset' : 'socket-error', elapsed(), errnoOf(error)));
      });
    },
    connect,
  );
}
