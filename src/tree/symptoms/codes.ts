import { connectTimeout, errno, locallyAborted, type SymptomPattern, winsock } from './pattern-kit.js';

/** Error codes and exception names, and the Windows Sockets errors by number, name or message. */
export const codePatterns: readonly SymptomPattern[] = [
  // Python's `[Errno 111]` first: a traceback may quote Node-style names (`errno.ECONNREFUSED`) in its source lines.
  { pattern: errno(111, 61), id: 'refused', source: 'Python ConnectionRefusedError' },
  { pattern: errno(104, 54), id: 'reset', source: 'Python ConnectionResetError' },
  { pattern: errno(110, 60), id: 'timeout', source: 'Python TimeoutError', meaning: connectTimeout },
  { pattern: errno(113, 65), id: 'host-unreachable', source: 'Python OSError (EHOSTUNREACH)' },
  { pattern: errno(101, 51), id: 'network-unreachable', source: 'Python OSError (ENETUNREACH)' },
  { pattern: /\b(ECONNREFUSED)\b/, id: 'refused', source: 'Node.js {code}' },
  { pattern: /\b(ECONNRESET)\b/, id: 'reset', source: 'Node.js {code}' },
  {
    pattern: /\b(EPIPE)\b|Broken pipe/i,
    id: 'reset',
    source: 'EPIPE (broken pipe)',
    meaning: 'The other side had already closed or reset the connection while this side was still sending.',
  },
  { pattern: /\b(ETIMEDOUT|ESOCKETTIMEDOUT)\b/, id: 'timeout', source: 'Node.js {code}' },
  { pattern: /\b(EHOSTUNREACH|EHOSTDOWN)\b/, id: 'host-unreachable', source: 'Node.js {code}' },
  { pattern: /\b(ENETUNREACH|ENETDOWN)\b/, id: 'network-unreachable', source: 'Node.js {code}' },
  {
    pattern: /\bUND_ERR_SOCKET\b/,
    id: 'closed-without-response',
    source: 'Node.js fetch (undici) UND_ERR_SOCKET',
    meaning:
      'Node.js fetch (undici) lost the connection before a complete response arrived, usually because the server closed it (FIN).',
  },
  {
    pattern: winsock(10054, 'WSAECONNRESET', 'forcibly closed by the remote host'),
    id: 'reset',
    source: 'Windows WSAECONNRESET (10054)',
  },
  {
    pattern: winsock(10061, 'WSAECONNREFUSED', 'target machine actively refused it'),
    id: 'refused',
    source: 'Windows WSAECONNREFUSED (10061)',
  },
  {
    pattern: winsock(10060, 'WSAETIMEDOUT', 'connected party did not properly respond'),
    id: 'timeout',
    source: 'Windows WSAETIMEDOUT (10060)',
    meaning: connectTimeout,
  },
  {
    pattern: winsock(10065, 'WSAEHOSTUNREACH', 'attempted to an unreachable host'),
    id: 'host-unreachable',
    source: 'Windows WSAEHOSTUNREACH (10065)',
  },
  {
    pattern: winsock(10051, 'WSAENETUNREACH', 'attempted to an unreachable network'),
    id: 'network-unreachable',
    source: 'Windows WSAENETUNREACH (10051)',
  },
  {
    pattern: winsock(10053, 'WSAECONNABORTED', 'aborted by the software in your host machine'),
    id: 'reset',
    source: 'Windows WSAECONNABORTED (10053)',
    meaning: locallyAborted,
  },
  { pattern: /NoRouteToHostException/, id: 'host-unreachable', source: 'Java java.net.NoRouteToHostException' },
  { pattern: /ConnectException:? Connection refused/i, id: 'refused', source: 'Java java.net.ConnectException' },
  { pattern: /SocketException:? Connection reset/i, id: 'reset', source: 'Java java.net.SocketException' },
  { pattern: /ConnectionRefusedError/, id: 'refused', source: 'Python ConnectionRefusedError' },
  { pattern: /ConnectionResetError|ConnectionAbortedError/, id: 'reset', source: 'Python ConnectionResetError' },
  { pattern: /\b(ERR_CONNECTION_REFUSED|NS_ERROR_CONNECTION_REFUSED)\b/, id: 'refused', source: 'browser {code}' },
  {
    pattern: /\b(ERR_CONNECTION_RESET|NS_ERROR_NET_RESET|NS_ERROR_NET_INTERRUPT|PR_CONNECT_RESET_ERROR)\b/,
    id: 'reset',
    source: 'browser {code}',
  },
  {
    pattern: /\b(ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT|NS_ERROR_NET_TIMEOUT)\b/,
    id: 'timeout',
    source: 'browser {code}',
  },
  {
    pattern: /\b(ERR_CONNECTION_ABORTED)\b/,
    id: 'timeout',
    source: 'Chrome {code}',
    meaning:
      'Data was sent on an open connection but never acknowledged, so Chrome gave up on it: packets are being dropped somewhere on the way.',
  },
  {
    pattern: /\b(ERR_ADDRESS_UNREACHABLE)\b/,
    id: 'host-unreachable',
    source: 'Chrome {code}',
    meaning:
      'The address cannot be reached: there is no route to that host or network (an ICMP unreachable, or no answer on the local network).',
  },
  {
    pattern: /\b(ERR_INTERNET_DISCONNECTED)\b/,
    id: 'network-unreachable',
    source: 'Chrome {code}',
    meaning: 'This machine has no network connection at all, so nothing could be sent.',
  },
  { pattern: /refused to connect/i, id: 'refused', source: 'Chrome "refused to connect"' },
  { pattern: /took too long to respond/i, id: 'timeout', source: 'Chrome "took too long to respond"' },
  {
    pattern: /Client\.Timeout exceeded|context deadline exceeded|\bi\/o timeout\b/,
    id: 'timeout',
    source: 'Go timeout',
  },
];
