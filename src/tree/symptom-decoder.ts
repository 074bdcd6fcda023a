import { visibleText } from '../probes/visible-bytes.js';
import type { DecodedSymptom, SymptomId } from './symptom.js';
import type { VerdictId } from './verdict-ids.js';

/** One known error message: how to spot it, the failure family it belongs to and who prints it. */
export interface SymptomPattern {
  /** Tested against the user's text; never global or sticky (`exec` must not carry state between calls). */
  pattern: RegExp;
  id: Exclude<SymptomId, 'unknown'>;
  /** Where the message comes from; `{code}` is replaced by the pattern's first group, upper-cased. */
  source: string;
  /** Replaces the family's meaning when this message tells more about what happened. */
  meaning?: string;
}

/** What each failure family means on the wire; patterns override it when their message says more. */
export const familyMeanings: Readonly<Record<SymptomId, string>> = {
  refused:
    'The server machine answered the connection request (SYN) with a reset (RST): nothing was listening on that address and port, so no connection was ever opened.',
  reset:
    'The connection was open, then the other side (or something in between) aborted it with a reset (RST) instead of closing it normally; whatever was in flight was lost.',
  'closed-without-response':
    'The connection opened and the request went out, but the server closed the connection cleanly (FIN) without sending back a single byte.',
  timeout:
    'Silence: nothing came back within the time limit. Either the connection request (SYN) was never answered (a firewall dropping packets, or a host that is down), or the connection opened and the server never replied.',
  'dns-not-found':
    'The name could not be turned into an address: DNS said the name does not exist (NXDOMAIN) or has no address, so no connection was even attempted.',
  'dns-temporary':
    'The DNS lookup itself failed (the resolver timed out, refused or answered with an error), so no connection was attempted; this says nothing yet about whether the name exists.',
  'host-unreachable':
    'A router or firewall on the way (or this machine, when the host did not answer on the local network) reported that the host cannot be reached (ICMP host unreachable); the server never saw the connection.',
  'network-unreachable':
    'This machine has no route to that network, or a router said it has none (ICMP network unreachable); the packets never left for the server.',
  'tls-error':
    'The TCP connection worked, but the TLS (HTTPS) handshake failed: the two sides could not agree on a version or cipher, or one of them was not speaking TLS at all (https:// to a plain HTTP port, or the reverse).',
  'tls-certificate':
    "The TCP connection worked and the TLS handshake began, but the client rejected the server's certificate: issued by an authority it does not trust (e.g. self-signed), expired, or not issued for this name.",
  intermittent:
    'The description says the failure comes and goes but not how the connection fails, so repeated attempts are needed to catch it.',
  unknown:
    'This message was not recognised, so it cannot point to a shortcut: the diagnosis starts from the beginning and the probes find out what happens on the wire.',
};

const connectTimeout =
  'The connection request (SYN) got no answer within the time limit: a firewall silently dropping packets, or a host that is down or not there.';
const readTimeout =
  'The connection opened and the request was sent, but the server sent nothing back within the time limit (a hung or overloaded server, or a protocol mismatch where both sides wait).';
const tlsGotPlaintext =
  'The client started a TLS handshake but the server answered with bytes that are not TLS: typically a plain HTTP port reached with https://.';
const plaintextGotTls =
  'The client spoke plain HTTP to a port that expects TLS, so the server answered with an error instead of a page: use https://.';
const tlsCutShort =
  'The TCP connection opened but was closed or reset before the TLS handshake finished: often a port that does not speak TLS, a proxy or firewall cutting TLS, or a server that rejected the handshake.';

const intermittentWords =
  /\b(?:sometimes|intermittent(?:ly)?|randomly|at random|flaky|flakey|sporadic(?:ally)?|occasional(?:ly)?|now and (?:then|again)|from time to time|once in a while|every so often)\b/i;

/** `curl: (7)`, a bare `(7)`, `exit code 7`, PHP's `cURL error 7` and the `CURLE_…` name. */
function curl(code: number, name: string, then = ''): RegExp {
  const exit = String.raw`(?:(?:^|[\s:])\(${code}\)|\bexit(?:ed with)? (?:code|status)[ :=]*${code}\b|\bcurl error:? ?${code}\b|\bCURLE_${name}\b)`;
  return new RegExp(then === '' ? exit : `${exit}[^\\n]*${then}`, 'i');
}
const curl7 = String.raw`(?:(?:^|[\s:])\(7\)|\bexit(?:ed with)? (?:code|status)[ :=]*7\b|\bcurl error:? ?7\b|\bCURLE_COULDNT_CONNECT\b|Failed to connect to \S+ port \d+|Couldn't connect to server)`;

/** A Windows Sockets error by number, in the forms tools print it (`WinError 10061`, `(10061)`, `error 10061`). */
function winsock(code: number, name: string, message: string): RegExp {
  return new RegExp(String.raw`\b${name}\b|(?:WinError|error|errno|code|#|\()\s*:?\s*${code}\b|${message}`, 'i');
}

/** Python prints OS errors as `[Errno 111]`; Linux numbers first, then macOS. */
function errno(...numbers: number[]): RegExp {
  return new RegExp(String.raw`\[Errno (?:${numbers.join('|')})\]`);
}

/**
 * Ordered most specific first, because messages overlap: the first pattern that matches wins. A message often
 * carries several clues (curl 7 with "No route to host", Node's "socket hang up" with code ECONNRESET, a DNS
 * lookup that "timed out"), and the clue that says most about the wire must be tried before the generic one.
 * Tiers: DNS, TLS certificate, TLS, compound messages, error codes, curl exit codes, OS phrases, intermittent words.
 */
export const symptomPatterns: readonly SymptomPattern[] = [
  // DNS resolver failures first: they contain "timed out" / "ECONNREFUSED", which would otherwise read as TCP.
  {
    pattern: curl(28, 'OPERATION_TIMEDOUT', 'Resolving timed out'),
    id: 'dns-temporary',
    source: 'curl exit 28 (resolving)',
  },
  {
    pattern: /\blookup \S+(?: on \S+)?: (?:[^\n]*i\/o timeout|server misbehaving)/i,
    id: 'dns-temporary',
    source: 'Go resolver',
  },
  {
    pattern: /\bquery\w* (ECONNREFUSED|ETIMEOUT|ESERVFAIL|EREFUSED)\b/i,
    id: 'dns-temporary',
    source: 'Node.js DNS query {code}',
  },
  { pattern: /\b(EAI_AGAIN|ESERVFAIL)\b/, id: 'dns-temporary', source: 'Node.js {code}' },
  { pattern: errno(-3), id: 'dns-temporary', source: 'Python socket.gaierror (EAI_AGAIN)' },
  { pattern: /Temporary failure in name resolution/i, id: 'dns-temporary', source: 'getaddrinfo EAI_AGAIN' },
  {
    pattern: winsock(11002, 'WSATRY_AGAIN', 'temporary error during hostname resolution'),
    id: 'dns-temporary',
    source: 'Windows WSATRY_AGAIN (11002)',
  },
  { pattern: /\bERR_NAME_RESOLUTION_FAILED\b/, id: 'dns-temporary', source: 'Chrome ERR_NAME_RESOLUTION_FAILED' },
  {
    pattern: curl(5, 'COULDNT_RESOLVE_PROXY'),
    id: 'dns-not-found',
    source: 'curl exit 5 (proxy name)',
    meaning:
      'curl could not resolve the name of the proxy it was told to use (HTTP(S)_PROXY or --proxy), so it never reached the target.',
  },
  { pattern: curl(6, 'COULDNT_RESOLVE_HOST'), id: 'dns-not-found', source: 'curl exit 6' },
  { pattern: /Could not resolve host/i, id: 'dns-not-found', source: 'curl exit 6' },
  { pattern: /\bENOTFOUND\b/, id: 'dns-not-found', source: 'Node.js ENOTFOUND' },
  {
    pattern: /\bENODATA\b/,
    id: 'dns-not-found',
    source: 'Node.js ENODATA',
    meaning:
      'The name exists in DNS but has no address of the family asked for (NODATA), so no connection was attempted.',
  },
  { pattern: /\bno such host\b(?! is known)/i, id: 'dns-not-found', source: 'Go resolver' },
  { pattern: /UnknownHostException/, id: 'dns-not-found', source: 'Java java.net.UnknownHostException' },
  { pattern: errno(-2, -5, 8, 11001), id: 'dns-not-found', source: 'Python socket.gaierror' },
  {
    pattern: winsock(11001, 'WSAHOST_NOT_FOUND', 'No such host is known'),
    id: 'dns-not-found',
    source: 'Windows WSAHOST_NOT_FOUND (11001)',
  },
  {
    pattern: /\b(ERR_NAME_NOT_RESOLVED|DNS_PROBE_FINISHED_NXDOMAIN)\b|server IP address could not be found/i,
    id: 'dns-not-found',
    source: 'Chrome ERR_NAME_NOT_RESOLVED',
  },
  {
    pattern: /\bNS_ERROR_UNKNOWN_HOST\b|trouble finding that site/i,
    id: 'dns-not-found',
    source: 'Firefox NS_ERROR_UNKNOWN_HOST',
  },
  {
    pattern:
      /Name or service not known|nodename nor servname provided|No address associated with hostname|getaddrinfo failed|could not resolve|unknown host/i,
    id: 'dns-not-found',
    source: 'resolver: name not found',
  },

  // TLS certificate rejections, before TLS errors: they are usually wrapped in a generic handshake exception.
  { pattern: curl(60, 'PEER_FAILED_VERIFICATION'), id: 'tls-certificate', source: 'curl exit 60' },
  { pattern: curl(51, 'SSL_PEER_CERTIFICATE'), id: 'tls-certificate', source: 'curl exit 51' },
  {
    pattern: /SSL certificate problem|no alternative certificate subject name matches/i,
    id: 'tls-certificate',
    source: 'curl exit 60',
  },
  {
    pattern:
      /\b(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|ERR_TLS_CERT_ALTNAME_INVALID)\b/,
    id: 'tls-certificate',
    source: 'Node.js {code}',
  },
  { pattern: /\bx509: /, id: 'tls-certificate', source: 'Go crypto/x509' },
  {
    pattern: /CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError|CertificateError: hostname/,
    id: 'tls-certificate',
    source: 'Python ssl certificate verification',
  },
  {
    pattern:
      /PKIX path (?:building|validation) failed|unable to find valid certification path|Certificate(?:Expired|NotYetValid)Exception|No subject alternative (?:DNS )?names?|No name matching \S+ found/i,
    id: 'tls-certificate',
    source: 'Java certificate check (PKIX)',
  },
  { pattern: /\b(ERR_CERT_\w+)/, id: 'tls-certificate', source: 'Chrome {code}' },
  {
    pattern:
      /\b(SEC_ERROR_(?:UNKNOWN_ISSUER|UNTRUSTED_ISSUER|UNTRUSTED_CERT|EXPIRED_CERTIFICATE|EXPIRED_ISSUER_CERTIFICATE)|SSL_ERROR_BAD_CERT_DOMAIN|MOZILLA_PKIX_ERROR_\w+)/,
    id: 'tls-certificate',
    source: 'Firefox {code}',
  },
  {
    pattern: /remote certificate is invalid|RemoteCertificate(?:NameMismatch|ChainErrors)/i,
    id: 'tls-certificate',
    source: '.NET certificate validation',
  },
  {
    pattern: /\b(SEC_E_UNTRUSTED_ROOT|SEC_E_CERT_EXPIRED|CERT_E_\w+)/,
    id: 'tls-certificate',
    source: 'Windows Schannel {code}',
  },
  {
    pattern:
      /certificate verify failed|certificate has expired|self[- ]signed certificate|unable to get local issuer certificate|unable to verify the first certificate|does not match certificate's altnames/i,
    id: 'tls-certificate',
    source: 'OpenSSL certificate verification',
  },

  // TLS handshake failures, and TLS spoken to plain text (or the reverse).
  {
    pattern: /Client network socket disconnected before secure TLS connection/i,
    id: 'tls-error',
    source: 'Node.js TLS',
    meaning: tlsCutShort,
  },
  {
    pattern: /SSLEOFError|EOF occurred in violation of protocol/i,
    id: 'tls-error',
    source: 'Python ssl.SSLEOFError',
    meaning: tlsCutShort,
  },
  {
    pattern: /server gave HTTP response to HTTPS client/i,
    id: 'tls-error',
    source: 'Go net/http',
    meaning: tlsGotPlaintext,
  },
  {
    pattern: /first record does not look like a TLS handshake/i,
    id: 'tls-error',
    source: 'Go crypto/tls',
    meaning: tlsGotPlaintext,
  },
  {
    pattern: /wrong version number|WRONG_VERSION_NUMBER/i,
    id: 'tls-error',
    source: 'OpenSSL "wrong version number"',
    meaning: tlsGotPlaintext,
  },
  {
    pattern: /\bSSL_ERROR_RX_RECORD_TOO_LONG\b/,
    id: 'tls-error',
    source: 'Firefox SSL_ERROR_RX_RECORD_TOO_LONG',
    meaning: tlsGotPlaintext,
  },
  {
    pattern: /Unrecognized SSL message|unrecognized SSL message, plaintext connection/i,
    id: 'tls-error',
    source: 'Java javax.net.ssl.SSLException',
    meaning: tlsGotPlaintext,
  },
  {
    pattern: /plain HTTP request was sent to HTTPS port|client sent an HTTP request to an HTTPS server/i,
    id: 'tls-error',
    source: 'HTTPS server (nginx, Go)',
    meaning: plaintextGotTls,
  },
  { pattern: curl(35, 'SSL_CONNECT_ERROR'), id: 'tls-error', source: 'curl exit 35' },
  { pattern: /SSL connect error/i, id: 'tls-error', source: 'curl exit 35' },
  {
    pattern: /\b(ERR_SSL_PROTOCOL_ERROR|ERR_SSL_VERSION_OR_CIPHER_MISMATCH|ERR_BAD_SSL_CLIENT_AUTH_CERT)\b/,
    id: 'tls-error',
    source: 'Chrome {code}',
  },
  // OpenSSL 3.5 (Node 22, 24) puts a `/` in alert codes: ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE.
  { pattern: /\b(ERR_SSL_[\w/]+)/, id: 'tls-error', source: 'Node.js {code}' },
  { pattern: /SSLHandshakeException/, id: 'tls-error', source: 'Java javax.net.ssl.SSLHandshakeException' },
  { pattern: /javax\.net\.ssl\.SSLException/, id: 'tls-error', source: 'Java javax.net.ssl.SSLException' },
  { pattern: /\b(?:ssl\.)?SSLError\b/, id: 'tls-error', source: 'Python ssl.SSLError' },
  { pattern: /remote error: tls:|\btls: /i, id: 'tls-error', source: 'Go crypto/tls' },
  { pattern: /The SSL connection could not be established/i, id: 'tls-error', source: '.NET SslStream' },
  {
    pattern:
      /alert handshake failure|handshake_failure|no shared cipher|unsupported protocol|tlsv1 alert|sslv3 alert|ssl\/tls alert|\bschannel\b/i,
    id: 'tls-error',
    source: 'TLS alert',
  },

  // Messages whose wording says more than the error code they carry.
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
    id: 'closed-without-response',
    source: 'curl exit 56 (TLS connection closed)',
    meaning:
      'The server closed the connection (FIN) in the middle of the TLS session, without sending a complete response or a proper TLS close.',
  },
  { pattern: curl(52, 'GOT_NOTHING'), id: 'closed-without-response', source: 'curl exit 52' },
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
  {
    pattern: /upstream prematurely closed connection/i,
    id: 'closed-without-response',
    source: 'nginx upstream',
    meaning:
      'nginx reached its backend, but the backend closed the connection without sending a complete response header.',
  },
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
    id: 'timeout',
    source: 'curl exit 28 (no response)',
    meaning: readTimeout,
  },
  {
    pattern: curl(28, 'OPERATION_TIMEDOUT', '(?:Connection timed out|Failed to connect)'),
    id: 'timeout',
    source: 'curl exit 28 (connect)',
    meaning: connectTimeout,
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*No route to host`, 'i'),
    id: 'host-unreachable',
    source: 'curl exit 7 (No route to host)',
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*Network is unreachable`, 'i'),
    id: 'network-unreachable',
    source: 'curl exit 7 (Network is unreachable)',
  },
  {
    pattern: new RegExp(`${curl7}[^\\n]*(?:timed out|Timeout was reached)`, 'i'),
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

  // Error codes and exception names.
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
    meaning:
      "This machine's own network stack aborted an established connection, usually after sent data went unacknowledged, or because local security software cut it.",
  },
  { pattern: /NoRouteToHostException/, id: 'host-unreachable', source: 'Java java.net.NoRouteToHostException' },
  { pattern: /ConnectException:? Connection refused/i, id: 'refused', source: 'Java java.net.ConnectException' },
  { pattern: /SocketException:? Connection reset/i, id: 'reset', source: 'Java java.net.SocketException' },
  { pattern: errno(111, 61), id: 'refused', source: 'Python ConnectionRefusedError' },
  { pattern: /ConnectionRefusedError/, id: 'refused', source: 'Python ConnectionRefusedError' },
  { pattern: /ConnectionResetError|ConnectionAbortedError/, id: 'reset', source: 'Python ConnectionResetError' },
  { pattern: errno(104, 54), id: 'reset', source: 'Python ConnectionResetError' },
  { pattern: errno(110, 60), id: 'timeout', source: 'Python TimeoutError', meaning: connectTimeout },
  { pattern: errno(113, 65), id: 'host-unreachable', source: 'Python OSError (EHOSTUNREACH)' },
  { pattern: errno(101, 51), id: 'network-unreachable', source: 'Python OSError (ENETUNREACH)' },
  { pattern: /\b(ERR_CONNECTION_REFUSED|NS_ERROR_CONNECTION_REFUSED)\b/, id: 'refused', source: 'browser {code}' },
  {
    pattern: /\b(ERR_CONNECTION_RESET|NS_ERROR_NET_RESET|NS_ERROR_NET_INTERRUPT)\b/,
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

  // curl exit codes without a more telling message.
  {
    pattern: new RegExp(curl7, 'i'),
    id: 'refused',
    source: 'curl exit 7',
    meaning:
      'curl could not open the TCP connection. Without more detail this is almost always a refusal: the SYN was answered by a reset (RST) because nothing listens on that port.',
  },
  { pattern: curl(28, 'OPERATION_TIMEDOUT'), id: 'timeout', source: 'curl exit 28' },
  { pattern: curl(56, 'RECV_ERROR'), id: 'reset', source: 'curl exit 56' },

  // OS error texts (strerror), shared by ssh, psql, nginx, Rust, .NET and most tools.
  {
    pattern: /connection refused|actively refused/i,
    id: 'refused',
    source: 'OS error "Connection refused" (ECONNREFUSED)',
  },
  {
    pattern: /connection (?:was )?reset|reset by peer|forcibly closed/i,
    id: 'reset',
    source: 'OS error "Connection reset by peer" (ECONNRESET)',
  },
  {
    pattern: /no route to host|host is unreachable|host unreachable/i,
    id: 'host-unreachable',
    source: 'OS error "No route to host" (EHOSTUNREACH)',
  },
  {
    pattern: /network is unreachable|network unreachable/i,
    id: 'network-unreachable',
    source: 'OS error "Network is unreachable" (ENETUNREACH)',
  },
  { pattern: /connection was interrupted/i, id: 'reset', source: 'Firefox "The connection was interrupted"' },
  {
    pattern: /closed (?:the )?connection without (?:any )?response/i,
    id: 'closed-without-response',
    source: 'connection closed without a response',
  },
  { pattern: /timed? ?out|timeout/i, id: 'timeout', source: 'a timeout' },
  // After the timeout phrases: kubectl says "Unable to connect to the server: … i/o timeout".
  {
    pattern: /Unable to connect|can't establish a connection to the server/i,
    id: 'refused',
    source: 'Firefox "Unable to connect"',
  },

  // Last: words that only say the failure comes and goes. A specific error anywhere in the text wins.
  { pattern: intermittentWords, id: 'intermittent', source: 'description of the failure' },
];

/** The bounds: what the report shows of the user's text, and how much of it the patterns read. */
const MAX_SHOWN = 500;
const MAX_READ = 16_000;

/**
 * Decodes the error message a user saw (`--symptom`) into its failure family and what it means on the wire.
 * Unknown text decodes to `unknown`; it never throws.
 */
export function decodeSymptom(text: string): DecodedSymptom {
  const trimmed = text.trim();
  const input = visibleText(trimmed, MAX_SHOWN);
  const read = boundedForReading(trimmed);
  for (const entry of symptomPatterns) {
    const match = entry.pattern.exec(read);
    if (!match) continue;
    const code = (match[1] ?? match[0]).toUpperCase();
    return {
      input,
      id: entry.id,
      source: entry.source.replace('{code}', code),
      meaning: entry.meaning ?? familyMeanings[entry.id],
    };
  }
  const source = trimmed === '' ? 'no message given' : 'unrecognised message';
  return { input, id: 'unknown', source, meaning: familyMeanings.unknown };
}

/**
 * Whether the text also says the failure comes and goes. A specific error in the text decides the symptom id
 * ("sometimes ECONNRESET" is `reset`), so callers that turn on repeated connects should ask this too.
 */
export function soundsIntermittent(text: string): boolean {
  return intermittentWords.test(boundedForReading(text));
}

/**
 * What the patterns read: colour codes removed (text pasted from a terminal keeps them, and `\x1b[31mECONNRESET`
 * has no word boundary before the code), and for long stack traces both ends, since Java and Python put the
 * root cause last, Node and Go first.
 */
function boundedForReading(text: string): string {
  const plain = text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
  if (plain.length <= MAX_READ) return plain;
  return `${plain.slice(0, MAX_READ / 2)}\n${plain.slice(-MAX_READ / 2)}`;
}

/**
 * For each symptom, the verdicts whose wire behaviour is what the symptom describes. `proxy-interference` fits
 * every network symptom: a proxy in the path can turn any failure into any message. `intermittent-failures`
 * fits the failures a flaky service shows (its repeated connects mix successes with these). `healthy` and the
 * HTTP status verdicts fit none: there the connection worked.
 */
export const symptomVerdicts: Readonly<Record<Exclude<SymptomId, 'unknown' | 'intermittent'>, readonly VerdictId[]>> = {
  refused: [
    'no-listener',
    'listener-bound-elsewhere',
    'address-family-mismatch',
    'intermittent-failures',
    'proxy-interference',
  ],
  // Accepted, then gone: the two families accept each other's verdicts. Node's "socket hang up" is said for an
  // RST as well as a FIN before a response, and a client that writes after the server's FIN gets an RST back,
  // so the user may see a reset where the probe sees a clean close, and the reverse.
  reset: [
    'reset-after-accept',
    'forwarder-backend-down',
    'idle-keepalive-close',
    'closed-without-response',
    'intermittent-failures',
    'proxy-interference',
  ],
  'closed-without-response': [
    'closed-without-response',
    'forwarder-backend-down',
    'idle-keepalive-close',
    'reset-after-accept',
    'intermittent-failures',
    'proxy-interference',
  ],
  timeout: ['port-filtered', 'no-response', 'intermittent-failures', 'proxy-interference'],
  'dns-not-found': ['dns-no-such-host', 'dns-no-address', 'proxy-interference'],
  'dns-temporary': ['dns-resolver-failure', 'proxy-interference'],
  'host-unreachable': ['host-unreachable', 'proxy-interference'],
  'network-unreachable': ['network-unreachable', 'proxy-interference'],
  'tls-error': [
    'tls-handshake-failure',
    'tls-to-plaintext-port',
    'plaintext-to-tls-port',
    'tls-certificate-untrusted',
    'tls-certificate-expired',
    'tls-hostname-mismatch',
    'unexpected-protocol',
    'proxy-interference',
  ],
  'tls-certificate': [
    'tls-certificate-untrusted',
    'tls-certificate-expired',
    'tls-hostname-mismatch',
    'proxy-interference',
  ],
};

/**
 * Whether a verdict explains the symptom the user reported: true when the verdict's wire behaviour is what the
 * symptom describes, false when the probes found something else, null when the symptom names no behaviour.
 */
export function symptomMatchesVerdict(symptom: SymptomId, verdictId: VerdictId): boolean | null {
  if (symptom === 'unknown' || symptom === 'intermittent') return null;
  return symptomVerdicts[symptom].includes(verdictId);
}
