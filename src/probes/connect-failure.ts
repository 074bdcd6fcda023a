import { classifySocketError, errnoOf } from './socket-error.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';

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
