import { connectTimeout, curl, curl7, curlGate, readTimeout, type SymptomPattern } from './pattern-kit.js';

/** Messages whose wording says more than the error code they carry. */
export const wordingPatterns: readonly SymptomPattern[] = [
  {
    pattern: /socket hang up/i,
    id: 'closed-without-response',
    source: 'Node.js "socket hang up"',
    meaning:
      'Node.js says "socket hang up" when the connection ended before any response arrived. That is usually a clean close (FIN) from the server, but Node reports an abort (RST) at that moment with the same words; a pooled keep-alive connection the server had already closed is a common cause.',
  },
  {
    pattern: /other side closed/i,
    id: 'closed-without-response',
    source: 'Node.js fetch (undici) "other side closed"',
    meaning: 'Node.js fetch (undici) saw the server close the connection (FIN) before a complete response arrived.',
  },
  {
    pattern: /RemoteDisconnected|Remote end closed connection without response/,
    id: 'closed-without-response',
    source: 'Python http.client RemoteDisconnected',
  },
  {
    pattern: /ServerDisconnectedError|Server disconnected/,
    id: 'closed-without-response',
    source: 'Python aiohttp ServerDisconnectedError',
  },
  {
    pattern: curl(56, 'RECV_ERROR', 'SSL_read:[^\\n]*unexpected eof'),
    gate: curlGate,
    id: 'closed-without-response',
    source: 'curl exit 56 (TLS connection closed)',
    meaning:
      'The server closed the connection (FIN) in the middle of the TLS session, without sending a complete response or a proper TLS close.',
  },
  { pattern: curl(52, 'GOT_NOTHING'), gate: curlGate, id: 'closed-without-response', source: 'curl exit 52' },
  { pattern: /Empty reply from server/i, id: 'closed-without-response', source: 'curl exit 52' },
  {
    pattern: /\b(ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED|NS_ERROR_NET_EMPTY_RESPONSE)\b/,
    id: 'closed-without-response',
    source: 'browser {code}',
  },
  {
    pattern: /didn't send any data|unexpectedly closed the connection/i,
    id: 'closed-without-response',
    source: 'Chrome error page',
  },
  {
    pattern: /(?:^|: )EOF\s*$/m,
    id: 'closed-without-response',
    source: 'Go net/http EOF',
    meaning:
      "Go's HTTP client reached the end of the stream (the server's FIN) where it expected a response: the server closed the connection without answering.",
  },
  {
    pattern: /Unexpected end of file from server|unexpected end of stream|java\.io\.EOFException/i,
    id: 'closed-without-response',
    source: 'Java HttpURLConnection / OkHttp',
  },
  { pattern: /response ended prematurely/i, id: 'closed-without-response', source: '.NET HttpClient' },
  { pattern: /Connection closed by (?:remote|foreign) host/i, id: 'closed-without-response', source: 'ssh / telnet' },
  { pattern: /timeout of \d+ ?ms exceeded/i, id: 'timeout', source: 'axios timeout' },
  {
    pattern: /\bUND_ERR_CONNECT_TIMEOUT\b|Connect Timeout Error/,
    id: 'timeout',
    source: 'Node.js fetch (undici) connect timeout',
    meaning: connectTimeout,
  },
  {
    pattern: /\b(UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)\b|Headers Timeout Error/,
    id: 'timeout',
    source: 'Node.js fetch (undici) {code}',
    meaning: readTimeout,
  },
  {
    pattern: /SocketTimeoutException:? Read timed out/i,
    id: 'timeout',
    source: 'Java java.net.SocketTimeoutException (read)',
    meaning: readTimeout,
  },
  {
    pattern: /SocketTimeoutException|ConnectException: Connection timed out/,
    id: 'timeout',
    source: 'Java java.net.SocketTimeoutException (connect)',
    meaning: connectTimeout,
  },
  {
    pattern: /\bReadTimeout(?:Error)?\b|read timeout=/,
    id: 'timeout',
    source: 'Python requests ReadTimeout',
    meaning: readTimeout,
  },
  {
    pattern: /\bConnectTimeout(?:Error)?\b|connect timeout=/,
    id: 'timeout',
    source: 'Python requests ConnectTimeout',
    meaning: connectTimeout,
  },
  {
    pattern: curl(28, 'OPERATION_TIMEDOUT', 'with 0 (?:out of \\d+ )?bytes received'),
    gate: curlGate,
    id: 'timeout',
    source: 'curl exit 28 (no response)',
    meaning: readTimeout,
  },
  {
    pattern: curl(28, 'OPERATION_TIMEDOUT', '(?:Connection timed out|Failed to connect)'),
    gate: curlGate,
    id: 'timeout',
    source: 'curl exit 28 (connect)',
    meaning: connectTimeout,
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*No route to host`, 'i'),
    gate: curlGate,
    id: 'host-unreachable',
    source: 'curl exit 7 (No route to host)',
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*Network is unreachable`, 'i'),
    gate: curlGate,
    id: 'network-unreachable',
    source: 'curl exit 7 (Network is unreachable)',
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*(?:timed out|Timeout was reached)`, 'i'),
    gate: curlGate,
    id: 'timeout',
    source: 'curl exit 7 (Connection timed out)',
    meaning: connectTimeout,
  },
  // Happy Eyeballs: Node 20 reports the overall code in brackets, the per-address errors (often ENETUNREACH
  // for IPv6) below it; the overall code is what the user hit.
  { pattern: /AggregateError \[(ECONNREFUSED)\]/, id: 'refused', source: 'Node.js {code} (every address)' },
  {
    pattern: /AggregateError \[(ETIMEDOUT)\]/,
    id: 'timeout',
    source: 'Node.js {code} (every address)',
    meaning: connectTimeout,
  },
  { pattern: /AggregateError \[(EHOSTUNREACH)\]/, id: 'host-unreachable', source: 'Node.js {code} (every address)' },
  { pattern: /AggregateError \[(ENETUNREACH)\]/, id: 'network-unreachable', source: 'Node.js {code} (every address)' },
];
