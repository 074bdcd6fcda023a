import net from 'node:net';
import type { ProbeBudget } from './probe-budget.js';
import { classifySocketError, errnoOf, type SocketErrorKind } from './socket-error.js';

export interface TcpEndpoint {
  address: string;
  family: 4 | 6;
  port: number;
}

/** One connect attempt, as seen from the client. */
export type TcpConnectResult = TcpEndpoint &
  (
    | /** SYN answered by SYN-ACK: the three-way handshake completed. */
    { kind: 'open'; connectMs: number }
    | /** SYN answered by RST: nothing listens on that address and port. */
    { kind: 'refused'; connectMs: number }
    | /** No answer to the SYN within the budget: dropped by a firewall, a full queue, or a host that is down. */
    { kind: 'timeout'; waitedMs: number }
    | /** ICMP host unreachable (or no ARP answer): a router or the host said no. */
    { kind: 'host-unreachable'; connectMs: number; errno: string }
    | /** No route to that network from here: nothing was sent. */
    { kind: 'network-unreachable'; connectMs: number; errno: string }
    | /** Any other socket error, with its stable kind and errno. */
    { kind: 'error'; connectMs: number; errorKind: SocketErrorKind; errno: string }
    | /** The caller cancelled the probe before it settled. */
    { kind: 'aborted'; waitedMs: number }
  );

/** A connect attempt that did not end in an open connection. */
export type ConnectFailure = Exclude<TcpConnectResult, { kind: 'open' }>;

/** Connects in a way that lets a test stand in for the kernel, for outcomes loopback cannot produce. */
export type SocketFactory = (endpoint: TcpEndpoint) => net.Socket;

export const realSocket: SocketFactory = ({ address, port }) => net.connect({ host: address, port, noDelay: true });

/**
 * Opens one TCP connection to `endpoint` and closes it at once. Never throws; the budget is our own,
 * because neither Node nor the kernel (~130 s of SYN retries on Linux) gives up in useful time.
 */
export function tcpConnect(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
): Promise<TcpConnectResult> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  if (budget.signal?.aborted) return Promise.resolve({ ...endpoint, kind: 'aborted', waitedMs: 0 });

  return new Promise((resolve) => {
    const socket = connect(endpoint);
    const settle = (result: TcpConnectResult) => {
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => settle({ ...endpoint, kind: 'aborted', waitedMs: elapsed() });
    const timer = setTimeout(() => settle({ ...endpoint, kind: 'timeout', waitedMs: elapsed() }), budget.timeoutMs);
    budget.signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => settle({ ...endpoint, kind: 'open', connectMs: elapsed() }));
    socket.once('error', (error) => {
      // A RST to the SYN is ECONNREFUSED. A reset reported before 'connect' came after the handshake
      // completed (the server accepted, then aborted at once): for this probe the port is open.
      const resetAfterHandshake = classifySocketError(error) === 'reset';
      settle(resetAfterHandshake ? { ...endpoint, kind: 'open', connectMs: elapsed() } : connectFailure(endpoint, error, elapsed()));
    });
  });
}

/** Maps a connect error to its outcome; the TCP, HTTP and banner probes share it so they always agree. */
export function connectFailure(endpoint: TcpEndpoint, error: unknown, connectMs: number): ConnectFailure {
  const errno = errnoOf(error);
  const errorKind = classifySocketError(error);
  switch (errorKind) {
    case 'refused':
      return { ...endpoint, kind: 'refused', connectMs };
    case 'host-unreachable':
      return { ...endpoint, kind: 'host-unreachable', connectMs, errno };
    case 'network-unreachable':
      return { ...endpoint, kind: 'network-unreachable', connectMs, errno };
    case 'timed-out':
      // The kernel's own timeout can only beat ours with a huge budget; it is still silence.
      return { ...endpoint, kind: 'timeout', waitedMs: connectMs };
    default:
      return { ...endpoint, kind: 'error', connectMs, errorKind, errno };
  }
}

/** Connects to every endpoint at once: the slowest (a silent one) costs one budget, not one per address. */
export function tcpConnectAll(endpoints: readonly TcpEndpoint[], budget: ProbeBudget): Promise<TcpConnectResult[]> {
  return Promise.all(endpoints.map((endpoint) => tcpConnect(endpoint, budget)));
}
