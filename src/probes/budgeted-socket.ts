import { connect as netConnect, type Socket } from 'node:net';
import type { ProbeBudget } from './probe-budget.js';
import { connectFailure } from './connect-failure.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { nowMs } from '../shared/monotonic-clock.js';

/** Connects in a way that lets a test stand in for the kernel, for outcomes loopback cannot produce. */
export type SocketFactory = (endpoint: TcpEndpoint) => Socket;

export const realSocket: SocketFactory = ({ address, port }) => netConnect({ host: address, port, noDelay: true });

/** The connection a probe talks over, and the one way to end the probe. */
export interface BudgetedSocket<R> {
  socket: Socket;
  /** Milliseconds since the probe started. */
  elapsed(): number;
  /**
   * Ends the probe with `result`: once only; clears the deadline and the abort listener, destroys the socket. With
   * `keepSocket`, the socket is left open and as it is, for the caller who handed it on (the probe removed its own
   * listeners first).
   */
  settle(result: R, options?: { keepSocket: boolean }): void;
}

export interface BudgetedOutcomes<R> {
  /** The caller cancelled. */
  aborted(elapsedMs: number): R;
  /** The budget ran out: the probe decides what that means at the point it reached. */
  deadline(elapsedMs: number): R;
  /** The connect could not even start (a bad port, say). */
  connectFailed(failure: ConnectFailure): R;
}

/**
 * Opens a connection whose whole life one deadline bounds, for the probes that talk over TCP. `attach` wires
 * the socket's events to `settle`; whatever the peer does, the probe resolves by the deadline and never throws.
 */
export function withBudgetedSocket<R>(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  outcomes: BudgetedOutcomes<R>,
  attach: (connection: BudgetedSocket<R>) => void,
  connect: SocketFactory = realSocket,
): Promise<R> {
  const started = nowMs();
  const elapsed = () => nowMs() - started;
  if (budget.signal?.aborted) return Promise.resolve(outcomes.aborted(0));

  return new Promise((resolve) => {
    let socket: Socket | null = null;
    let done = false;
    const settle = (result: R, options?: { keepSocket: boolean }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      if (socket && !options?.keepSocket) {
        socket.removeAllListeners();
        socket.on('error', () => {});
        socket.destroy();
      }
      resolve(result);
    };
    const onAbort = () => settle(outcomes.aborted(elapsed()));
    const timer = setTimeout(() => settle(outcomes.deadline(elapsed())), budget.timeoutMs);
    budget.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      socket = connect(endpoint);
    } catch (error) {
      settle(outcomes.connectFailed(connectFailure(endpoint, error, elapsed())));
      return;
    }
    attach({ socket, elapsed, settle });
  });
}
