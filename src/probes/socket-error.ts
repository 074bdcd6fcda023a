/**
 * Socket errors mapped to our own stable codes. The tree branches on these codes, never on errno text,
 * and the table is pinned by socket-error.test.ts so a rename shows up as a failing test.
 */
export type SocketErrorKind =
  /** RST in answer to the SYN: nothing listens there. */
  | 'refused'
  /** RST on an established connection. */
  | 'reset'
  /** The peer went away while we were writing (EPIPE). */
  | 'broken-pipe'
  /** The kernel gave up (its own retransmission timeout). */
  | 'timed-out'
  /** ICMP host unreachable / admin prohibited, or no ARP/ND answer. */
  | 'host-unreachable'
  /** No route to the network. */
  | 'network-unreachable'
  /** A local rule (route prohibit, firewall) refused to send. */
  | 'not-permitted'
  /** The address cannot be used from this host (EADDRNOTAVAIL, EAFNOSUPPORT). */
  | 'address-unavailable'
  | 'other';

const errnoKinds: Record<string, SocketErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  EPIPE: 'broken-pipe',
  ETIMEDOUT: 'timed-out',
  EHOSTUNREACH: 'host-unreachable',
  EHOSTDOWN: 'host-unreachable',
  ENETUNREACH: 'network-unreachable',
  ENETDOWN: 'network-unreachable',
  EACCES: 'not-permitted',
  EPERM: 'not-permitted',
  EADDRNOTAVAIL: 'address-unavailable',
  EAFNOSUPPORT: 'address-unavailable',
};

/** The errno name of a Node error (`ECONNREFUSED`), or `UNKNOWN` when it carries none. */
export function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export function classifySocketError(error: unknown): SocketErrorKind {
  return errnoKinds[errnoOf(error)] ?? 'other';
}
