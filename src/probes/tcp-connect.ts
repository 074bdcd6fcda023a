import type net from 'node:net';
import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import type { ProbeBudget } from './probe-budget.js';
import { classifySocketError, type SocketErrorKind } from './socket-error.js';

export interface TcpEndpoint {
  address: string;
  family: 4 | 6;
  port: number;
}

/** One connect attempt, as seen from the client. */
export type TcpConnectResult = TcpEndpoint &
  /** SYN answered by SYN-ACK: the three-way handshake completed. */
  (
    | { kind: 'open'; connectMs: number }
    /** SYN answered by RST: nothing listens on that address and port. */
    | {
        kind: 'refused';
        connectMs: number;
      }
    /** No answer to the SYN within the budget: dropped by a firewall, a full queue, or a host that is down. */
    | {
        kind: 'timeout';
        waitedMs: number;
      }
    /** ICMP host unreachable (or no ARP answer): a router or the host said no. */
    | {
        kind: 'host-unreachable';
        connectMs: number;
        errno: string;
      }
    /** No route to that network from here: nothing was sent. */
    | {
        kind: 'network-unreachable';
        connectMs: number;
        errno: string;
      }
    /** Any other socket error, with its stable kind and errno. */
    | {
        kind: 'error';
        connectMs: number;
        errorKind: SocketErrorKind;
        errno: string;
      }
    /** The caller cancelled the probe before it settled. */
    | { kind: 'aborted'; waitedMs: number }
  );

/** A connect attempt that did not end in an open connection. */
export type ConnectFailure = Exclude<TcpConnectResult, { kind: 'open' }>;

/**
 * Opens one TCP connection to `endpoint` and closes it at once, or hands it to `keep` when given (an open
 * connection only, with none of this probe's listeners left on it). Never throws; the budget is our own,
 * because neither Node nor the kernel (~130 s of SYN retries on Linux) gives up in useful time.
 */
export function tcpConnect(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
  keep?: (endpoint: TcpEndpoint, socket: net.Socket) => void,
): Promise<TcpConnectResult> {
  const outcomes = {
    aborted: (waitedMs: number): TcpConnectResult => ({ ...endpoint, kind: 'aborted', waitedMs }),
    deadline: (waitedMs: number): TcpConnectResult => ({ ...endpoint, kind: 'timeout', waitedMs }),
    connectFailed: (failure: ConnectFailure): TcpConnectResult => failure,
  };
  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      socket.once('connect', () => {
        const open: TcpConnectResult = { ...endpoint, kind: 'open', connectMs: elapsed() };
        if (!keep) return settle(open);
        socket.removeListener('error', onError);
        keep(endpoint, socket);
        settle(open, { keepSocket: true });
      });
      const onError = (error: Error) => {
        // A RST to the SYN is ECONNREFUSED. A reset reported before 'connect' came after the handshake
        // completed (the server accepted, then aborted at once): for this probe the port is open.
        const resetAfterHandshake = classifySocketError(error) === 'reset';
        settle(
          resetAfterHandshake
            ? { ...endpoint, kind: 'open', connectMs: elapsed() }
            : connectFailure(endpoint, error, elapsed()),
        );
      };
      socket.once('error', onError);
    },
    connect,
  );
}

/** Connects to every endpoint at once: the slowest (a silent one) costs one budget, not one per address. */
export function tcpConnectAll(
  endpoints: readonly TcpEndpoint[],
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
  keep?: (endpoint: TcpEndpoint, socket: net.Socket) => void,
): Promise<TcpConnectResult[]> {
  return Promise.all(endpoints.map((endpoint) => tcpConnect(endpoint, budget, connect, keep)));
}
