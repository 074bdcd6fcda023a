import { describe, expect, it } from 'vitest';
import {
  decodeSymptom,
  familyMeanings,
  soundsIntermittent,
  symptomMatchesVerdict,
  symptomPatterns,
  symptomVerdicts,
} from './symptom-decoder.js';
import type { SymptomId } from './symptom.js';
import { verdictIds } from './verdict-ids.js';

describe('decodeSymptom: real-world messages', () => {
  it.each<[string, SymptomId, string]>([
    // curl
    ['curl: (6) Could not resolve host: api.example.invalid', 'dns-not-found', 'curl exit 6'],
    ['curl: (5) Could not resolve proxy: proxy.corp.example', 'dns-not-found', 'curl exit 5 (proxy name)'],
    ['curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused', 'refused', 'curl exit 7'],
    ['curl: (7) Failed to connect to localhost port 8080: Connection refused', 'refused', 'curl exit 7'],
    ["curl: (7) Couldn't connect to server", 'refused', 'curl exit 7'],
    [
      'curl: (7) Failed to connect to 10.1.2.3 port 80 after 3075 ms: No route to host',
      'host-unreachable',
      'curl exit 7 (No route to host)',
    ],
    [
      'curl: (7) Failed to connect to 2001:db8::1 port 80 after 0 ms: Network is unreachable',
      'network-unreachable',
      'curl exit 7 (Network is unreachable)',
    ],
    [
      'curl: (7) Failed to connect to example.com port 81 after 129847 ms: Connection timed out',
      'timeout',
      'curl exit 7 (Connection timed out)',
    ],
    ['curl: (28) Connection timed out after 3001 milliseconds', 'timeout', 'curl exit 28 (connect)'],
    [
      'curl: (28) Failed to connect to example.com port 81 after 10002 ms: Timeout was reached',
      'timeout',
      'curl exit 28 (connect)',
    ],
    [
      'curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received',
      'timeout',
      'curl exit 28 (no response)',
    ],
    [
      'curl: (28) Operation timed out after 5001 milliseconds with 0 out of 120 bytes received',
      'timeout',
      'curl exit 28 (no response)',
    ],
    ['curl: (28) Resolving timed out after 5000 milliseconds', 'dns-temporary', 'curl exit 28 (resolving)'],
    ['curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to example.com:443', 'tls-error', 'curl exit 35'],
    ['curl: (35) error:0A00010B:SSL routines::wrong version number', 'tls-error', 'OpenSSL "wrong version number"'],
    ['curl: (52) Empty reply from server', 'closed-without-response', 'curl exit 52'],
    ['curl: (56) Recv failure: Connection reset by peer', 'reset', 'curl exit 56'],
    [
      'curl: (56) OpenSSL SSL_read: error:0A000126:SSL routines::unexpected eof while reading, errno 0',
      'closed-without-response',
      'curl exit 56 (TLS connection closed)',
    ],
    ['curl: (60) SSL certificate problem: self-signed certificate', 'tls-certificate', 'curl exit 60'],
    [
      "curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'",
      'tls-certificate',
      'curl exit 60',
    ],
    ['(56)', 'reset', 'curl exit 56'],
    ['exit code 52', 'closed-without-response', 'curl exit 52'],
    ['the job exited with code 7', 'refused', 'curl exit 7'],
    [
      'cURL error 28: Operation timed out after 30001 milliseconds with 0 bytes received',
      'timeout',
      'curl exit 28 (no response)',
    ],
    ['CURLE_COULDNT_CONNECT', 'refused', 'curl exit 7'],
    // Node.js
    ['Error: connect ECONNREFUSED 127.0.0.1:3000', 'refused', 'Node.js ECONNREFUSED'],
    [
      'Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)',
      'reset',
      'Node.js ECONNRESET',
    ],
    ['Error: connect ETIMEDOUT 10.0.0.5:443', 'timeout', 'Node.js ETIMEDOUT'],
    ['Error: connect EHOSTUNREACH 192.168.1.50:22', 'host-unreachable', 'Node.js EHOSTUNREACH'],
    ['Error: connect ENETUNREACH 2001:db8::1:443 - Local (:::0)', 'network-unreachable', 'Node.js ENETUNREACH'],
    ['Error: getaddrinfo ENOTFOUND api.example.invalid', 'dns-not-found', 'Node.js ENOTFOUND'],
    ['Error: getaddrinfo EAI_AGAIN registry.npmjs.org', 'dns-temporary', 'Node.js EAI_AGAIN'],
    [
      'Error: querySrv ECONNREFUSED _mongodb._tcp.cluster0.example.mongodb.net',
      'dns-temporary',
      'Node.js DNS query ECONNREFUSED',
    ],
    [
      "Error: socket hang up\n    at connResetException (node:internal/errors:720:14) {\n  code: 'ECONNRESET'\n}",
      'closed-without-response',
      'Node.js "socket hang up"',
    ],
    [
      "TypeError: fetch failed\n  [cause]: SocketError: other side closed\n  code: 'UND_ERR_SOCKET'",
      'closed-without-response',
      'Node.js fetch (undici) "other side closed"',
    ],
    [
      'TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 127.0.0.1:3000',
      'refused',
      'Node.js ECONNREFUSED',
    ],
    [
      "TypeError: fetch failed [cause]: ConnectTimeoutError: Connect Timeout Error code: 'UND_ERR_CONNECT_TIMEOUT'",
      'timeout',
      'Node.js fetch (undici) connect timeout',
    ],
    ["code: 'UND_ERR_HEADERS_TIMEOUT'", 'timeout', 'Node.js fetch (undici) UND_ERR_HEADERS_TIMEOUT'],
    [
      'AggregateError [ETIMEDOUT]: \n  [errors]: [ Error: connect ETIMEDOUT 93.184.216.34:443, Error: connect ENETUNREACH 2606:2800::1:443 ]',
      'timeout',
      'Node.js ETIMEDOUT (every address)',
    ],
    ['AggregateError [ECONNREFUSED]:', 'refused', 'Node.js ECONNREFUSED (every address)'],
    [
      'Error: Client network socket disconnected before secure TLS connection was established',
      'tls-error',
      'Node.js TLS',
    ],
    [
      "Error: self-signed certificate\n  code: 'DEPTH_ZERO_SELF_SIGNED_CERT'",
      'tls-certificate',
      'Node.js DEPTH_ZERO_SELF_SIGNED_CERT',
    ],
    [
      "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames",
      'tls-certificate',
      'Node.js ERR_TLS_CERT_ALTNAME_INVALID',
    ],
    ['Error: certificate has expired code: CERT_HAS_EXPIRED', 'tls-certificate', 'Node.js CERT_HAS_EXPIRED'],
    ["code: 'ERR_SSL_WRONG_VERSION_NUMBER'", 'tls-error', 'OpenSSL "wrong version number"'],
    ['AxiosError: timeout of 5000ms exceeded', 'timeout', 'axios timeout'],
    ['Error: write EPIPE', 'reset', 'EPIPE (broken pipe)'],
    // browsers
    ['ERR_CONNECTION_REFUSED', 'refused', 'browser ERR_CONNECTION_REFUSED'],
    ['localhost refused to connect.', 'refused', 'Chrome "refused to connect"'],
    [
      'This site can’t be reached. The connection was reset. ERR_CONNECTION_RESET',
      'reset',
      'browser ERR_CONNECTION_RESET',
    ],
    ['ERR_CONNECTION_CLOSED', 'closed-without-response', 'browser ERR_CONNECTION_CLOSED'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout', 'browser ERR_CONNECTION_TIMED_OUT'],
    ["localhost didn't send any data. ERR_EMPTY_RESPONSE", 'closed-without-response', 'browser ERR_EMPTY_RESPONSE'],
    ['ERR_SSL_PROTOCOL_ERROR', 'tls-error', 'Chrome ERR_SSL_PROTOCOL_ERROR'],
    // OpenSSL 3.5 (Node 22, 24) spells the old `sslv3 alert` reasons `ssl/tls alert`.
    ['ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE', 'tls-error', 'Node.js ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE'],
    ['error:0A000412:SSL routines::ssl/tls alert bad certificate', 'tls-error', 'TLS alert'],
    ['DNS_PROBE_FINISHED_NXDOMAIN', 'dns-not-found', 'Chrome ERR_NAME_NOT_RESOLVED'],
    ['net::ERR_NAME_NOT_RESOLVED', 'dns-not-found', 'Chrome ERR_NAME_NOT_RESOLVED'],
    ['NET::ERR_CERT_AUTHORITY_INVALID', 'tls-certificate', 'Chrome ERR_CERT_AUTHORITY_INVALID'],
    ['net::ERR_CERT_DATE_INVALID', 'tls-certificate', 'Chrome ERR_CERT_DATE_INVALID'],
    ['ERR_ADDRESS_UNREACHABLE', 'host-unreachable', 'Chrome ERR_ADDRESS_UNREACHABLE'],
    ['NS_ERROR_CONNECTION_REFUSED', 'refused', 'browser NS_ERROR_CONNECTION_REFUSED'],
    [
      "Unable to connect. Firefox can't establish a connection to the server at localhost:8080.",
      'refused',
      'Firefox "Unable to connect"',
    ],
    ['SSL_ERROR_RX_RECORD_TOO_LONG', 'tls-error', 'Firefox SSL_ERROR_RX_RECORD_TOO_LONG'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'tls-certificate', 'Firefox SEC_ERROR_UNKNOWN_ISSUER'],
    // Windows
    ['An existing connection was forcibly closed by the remote host', 'reset', 'Windows WSAECONNRESET (10054)'],
    [
      'ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host',
      'reset',
      'Windows WSAECONNRESET (10054)',
    ],
    [
      'No connection could be made because the target machine actively refused it. (localhost:5000)',
      'refused',
      'Windows WSAECONNREFUSED (10061)',
    ],
    ['System.Net.Sockets.SocketException (10061)', 'refused', 'Windows WSAECONNREFUSED (10061)'],
    [
      'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
      'timeout',
      'Windows WSAETIMEDOUT (10060)',
    ],
    ['Socket error #10065', 'host-unreachable', 'Windows WSAEHOSTUNREACH (10065)'],
    ['WSAENETUNREACH', 'network-unreachable', 'Windows WSAENETUNREACH (10051)'],
    [
      'System.Net.Sockets.SocketException (11001): No such host is known.',
      'dns-not-found',
      'Windows WSAHOST_NOT_FOUND (11001)',
    ],
    [
      '[WinError 10053] An established connection was aborted by the software in your host machine',
      'reset',
      'Windows WSAECONNABORTED (10053)',
    ],
    // Java
    ['java.net.ConnectException: Connection refused', 'refused', 'Java java.net.ConnectException'],
    ['java.net.ConnectException: Connection refused: connect', 'refused', 'Java java.net.ConnectException'],
    ['java.net.SocketException: Connection reset', 'reset', 'Java java.net.SocketException'],
    ['java.net.SocketTimeoutException: connect timed out', 'timeout', 'Java java.net.SocketTimeoutException (connect)'],
    ['java.net.SocketTimeoutException: Read timed out', 'timeout', 'Java java.net.SocketTimeoutException (read)'],
    [
      'java.net.ConnectException: Connection timed out: connect',
      'timeout',
      'Java java.net.SocketTimeoutException (connect)',
    ],
    [
      'java.net.UnknownHostException: db.internal: Name or service not known',
      'dns-not-found',
      'Java java.net.UnknownHostException',
    ],
    [
      'javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target',
      'tls-certificate',
      'Java certificate check (PKIX)',
    ],
    [
      'javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure',
      'tls-error',
      'Java javax.net.ssl.SSLHandshakeException',
    ],
    [
      'javax.net.ssl.SSLException: Unsupported or unrecognized SSL message',
      'tls-error',
      'Java javax.net.ssl.SSLException',
    ],
    [
      'java.net.NoRouteToHostException: No route to host (Host unreachable)',
      'host-unreachable',
      'Java java.net.NoRouteToHostException',
    ],
    [
      'java.io.IOException: unexpected end of stream on http://localhost:8080/...',
      'closed-without-response',
      'Java HttpURLConnection / OkHttp',
    ],
    // Python
    ['ConnectionRefusedError: [Errno 111] Connection refused', 'refused', 'Python ConnectionRefusedError'],
    ['ConnectionResetError: [Errno 104] Connection reset by peer', 'reset', 'Python ConnectionResetError'],
    [
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
      'closed-without-response',
      'Python http.client RemoteDisconnected',
    ],
    [
      "requests.exceptions.ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
      'reset',
      'Python ConnectionResetError',
    ],
    ['socket.gaierror: [Errno -2] Name or service not known', 'dns-not-found', 'Python socket.gaierror'],
    [
      'socket.gaierror: [Errno 8] nodename nor servname provided, or not known',
      'dns-not-found',
      'Python socket.gaierror',
    ],
    [
      'socket.gaierror: [Errno -3] Temporary failure in name resolution',
      'dns-temporary',
      'Python socket.gaierror (EAI_AGAIN)',
    ],
    [
      'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
      'tls-certificate',
      'Python ssl certificate verification',
    ],
    [
      "requests.exceptions.SSLError: HTTPSConnectionPool(host='localhost', port=8080): Max retries exceeded with url: / (Caused by SSLError(SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1129)')))",
      'tls-error',
      'OpenSSL "wrong version number"',
    ],
    [
      "requests.exceptions.ConnectTimeout: HTTPConnectionPool(host='10.0.0.9', port=80): Max retries exceeded with url: / (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x7f>, 'Connection to 10.0.0.9 timed out. (connect timeout=3)'))",
      'timeout',
      'Python requests ConnectTimeout',
    ],
    [
      "requests.exceptions.ReadTimeout: HTTPConnectionPool(host='localhost', port=8080): Read timed out. (read timeout=5)",
      'timeout',
      'Python requests ReadTimeout',
    ],
    [
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded with url: /api (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f2b>: Failed to establish a new connection: [Errno 111] Connection refused'))",
      'refused',
      'Python ConnectionRefusedError',
    ],
    ['OSError: [Errno 113] No route to host', 'host-unreachable', 'Python OSError (EHOSTUNREACH)'],
    ['OSError: [Errno 101] Network is unreachable', 'network-unreachable', 'Python OSError (ENETUNREACH)'],
    [
      'ssl.SSLEOFError: [SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (_ssl.c:1007)',
      'tls-error',
      'Python ssl.SSLEOFError',
    ],
    [
      'aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected',
      'closed-without-response',
      'Python aiohttp ServerDisconnectedError',
    ],
    // Go
    ['dial tcp 127.0.0.1:8080: connect: connection refused', 'refused', 'OS error "Connection refused" (ECONNREFUSED)'],
    [
      'read tcp 127.0.0.1:50312->127.0.0.1:8080: read: connection reset by peer',
      'reset',
      'OS error "Connection reset by peer" (ECONNRESET)',
    ],
    ['dial tcp 10.0.0.1:443: i/o timeout', 'timeout', 'Go timeout'],
    ['Get "http://localhost:8080/health": EOF', 'closed-without-response', 'Go net/http EOF'],
    ['dial tcp: lookup db.internal on 127.0.0.11:53: no such host', 'dns-not-found', 'Go resolver'],
    [
      'dial tcp: lookup example.com on 127.0.0.53:53: read udp 127.0.0.1:41234->127.0.0.53:53: i/o timeout',
      'dns-temporary',
      'Go resolver',
    ],
    ['dial tcp: lookup example.com on 10.0.0.2:53: server misbehaving', 'dns-temporary', 'Go resolver'],
    [
      'Get "https://localhost:8443/": x509: certificate signed by unknown authority',
      'tls-certificate',
      'Go crypto/x509',
    ],
    [
      'tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-01-01T00:00:00Z is after 2024-01-01T00:00:00Z',
      'tls-certificate',
      'Go crypto/x509',
    ],
    ['x509: certificate is valid for example.com, not localhost', 'tls-certificate', 'Go crypto/x509'],
    [
      'Get "https://localhost:8080/": tls: first record does not look like a TLS handshake',
      'tls-error',
      'Go crypto/tls',
    ],
    ['Get "https://localhost:8080/": http: server gave HTTP response to HTTPS client', 'tls-error', 'Go net/http'],
    ['remote error: tls: handshake failure', 'tls-error', 'Go crypto/tls'],
    [
      'dial tcp 192.168.7.7:22: connect: no route to host',
      'host-unreachable',
      'OS error "No route to host" (EHOSTUNREACH)',
    ],
    [
      'dial tcp [2001:db8::1]:443: connect: network is unreachable',
      'network-unreachable',
      'OS error "Network is unreachable" (ENETUNREACH)',
    ],
    [
      'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'timeout',
      'Go timeout',
    ],
    ['Unable to connect to the server: dial tcp 10.0.0.1:6443: i/o timeout', 'timeout', 'Go timeout'],
    // other tools
    [
      'ssh: connect to host example.com port 22: Connection refused',
      'refused',
      'OS error "Connection refused" (ECONNREFUSED)',
    ],
    [
      'kex_exchange_identification: Connection closed by remote host',
      'dropped-at-greeting',
      "OpenSSH (closed before the server's identification)",
    ],
    ['telnet: Connection closed by foreign host.', 'closed-without-response', 'ssh / telnet'],
    [
      'psql: error: connection to server at "localhost" (::1), port 5432 failed: Connection refused',
      'refused',
      'OS error "Connection refused" (ECONNREFUSED)',
    ],
    [
      'upstream prematurely closed connection while reading response header from upstream',
      'closed-without-response',
      'nginx upstream',
    ],
    ['400 Bad Request: The plain HTTP request was sent to HTTPS port', 'tls-error', 'HTTPS server (nginx, Go)'],
    [
      'System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception. ---> The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot',
      'tls-certificate',
      '.NET certificate validation',
    ],
    ['The response ended prematurely.', 'closed-without-response', '.NET HttpClient'],
    ['the request timed out', 'timeout', 'a timeout'],
    // intermittent: words alone, and losing to a specific error
    ['it fails sometimes', 'intermittent', 'description of the failure'],
    ['Flaky connection to the API, intermittently broken', 'intermittent', 'description of the failure'],
    ['sometimes ECONNRESET, sometimes fine', 'reset', 'Node.js ECONNRESET'],
    ['randomly get curl: (52) Empty reply from server', 'closed-without-response', 'curl exit 52'],
  ])('%j → %s', (text, id, source) => {
    const decoded = decodeSymptom(text);
    expect({ id: decoded.id, source: decoded.source }).toEqual({ id, source });
    expect(decoded.meaning.length).toBeGreaterThan(20);
  });
});

describe('decodeSymptom: unknown text and bounds', () => {
  it.each(['', '   ', 'it does not work', 'HTTP 200 OK', 'exit code 0', '(1)'])('%j is unknown', (text) => {
    const decoded = decodeSymptom(text);
    expect(decoded.id).toBe('unknown');
    expect(decoded.meaning).toMatch(/not recognised/);
  });

  it('says when no message was given', () => {
    expect(decodeSymptom('  ').source).toBe('no message given');
    expect(decodeSymptom('wat').source).toBe('unrecognised message');
  });

  it('trims, bounds and makes control characters visible in input', () => {
    const decoded = decodeSymptom('  \x1b[31mECONNREFUSED\x1b[0m\r\n');
    expect(decoded.input).toBe('\\x1b[31mECONNREFUSED\\x1b[0m');
    expect(decoded.id).toBe('refused');
    const long = decodeSymptom(`ECONNRESET ${'x'.repeat(2000)}`);
    expect([...long.input]).toHaveLength(501);
    expect(long.input.endsWith('…')).toBe(true);
  });

  it('reads the end of a long stack trace, where Python and Java put the root cause', () => {
    const frames = '  File "/app/client.py", line 12, in fetch\n'.repeat(1000);
    const decoded = decodeSymptom(
      `Traceback (most recent call last):\n${frames}ConnectionRefusedError: [Errno 111] Connection refused`,
    );
    expect(decoded.id).toBe('refused');
  });

  it('decodes the same text the same way twice (no stateful patterns)', () => {
    expect(decodeSymptom('ECONNRESET').id).toBe('reset');
    expect(decodeSymptom('ECONNRESET').id).toBe('reset');
  });
});

describe('decodeSymptom: meanings', () => {
  it.each<[string, RegExp]>([
    ['ECONNREFUSED', /SYN.*reset \(RST\)/],
    ['ECONNRESET', /reset \(RST\)/],
    ['curl: (52) Empty reply from server', /\(FIN\)/],
    ['socket hang up', /FIN.*RST|RST.*FIN/s],
    ['ENOTFOUND', /NXDOMAIN/],
    ['java.net.SocketTimeoutException: Read timed out', /sent nothing back/],
    ['curl: (28) Connection timed out after 3001 milliseconds', /SYN\) got no answer/],
    ['ERR_CONNECTION_TIMED_OUT', /never answered/],
    ['SSL_ERROR_RX_RECORD_TOO_LONG', /not TLS/],
  ])('%s: %s', (text, meaning) => {
    expect(decodeSymptom(text).meaning).toMatch(meaning);
  });

  it('has a meaning for every family, and every family but unknown has a pattern', () => {
    const families = Object.keys(familyMeanings) as SymptomId[];
    const covered = new Set(symptomPatterns.map((p) => p.id));
    for (const id of families) if (id !== 'unknown') expect(covered.has(id as never)).toBe(true);
  });

  it('keeps every pattern stateless and every {code} source backed by a group', () => {
    for (const { pattern, source } of symptomPatterns) {
      expect(pattern.global || pattern.sticky).toBe(false);
      if (source.includes('{code}')) expect(new RegExp(`${pattern.source}|`).exec('')!.length).toBeGreaterThan(1);
    }
  });
});

describe('soundsIntermittent', () => {
  it.each([
    ['sometimes ECONNRESET', true],
    ['fails from time to time', true],
    ['flaky', true],
    ['ECONNRESET', false],
    ['a random port', false],
  ])('%j → %s', (text, expected) => {
    expect(soundsIntermittent(text)).toBe(expected);
  });
});

describe('symptomMatchesVerdict', () => {
  it.each<[SymptomId, (typeof verdictIds)[number], boolean | null]>([
    ['refused', 'no-listener', true],
    ['refused', 'listener-bound-elsewhere', true],
    ['refused', 'address-family-mismatch', true],
    ['refused', 'port-filtered', false],
    ['refused', 'healthy', false],
    ['reset', 'reset-after-accept', true],
    ['reset', 'forwarder-backend-down', true],
    ['reset', 'idle-keepalive-close', true],
    ['reset', 'no-listener', false],
    ['closed-without-response', 'closed-without-response', true],
    ['closed-without-response', 'forwarder-backend-down', true],
    ['closed-without-response', 'no-response', false],
    ['timeout', 'port-filtered', true],
    ['timeout', 'no-response', true],
    ['timeout', 'no-listener', false],
    ['dns-not-found', 'dns-no-such-host', true],
    ['dns-not-found', 'dns-no-address', true],
    ['dns-not-found', 'dns-resolver-failure', false],
    ['dns-temporary', 'dns-resolver-failure', true],
    ['dns-temporary', 'dns-no-such-host', false],
    ['host-unreachable', 'host-unreachable', true],
    ['network-unreachable', 'network-unreachable', true],
    ['network-unreachable', 'host-unreachable', false],
    ['tls-certificate', 'tls-certificate-untrusted', true],
    ['tls-certificate', 'tls-certificate-expired', true],
    ['tls-certificate', 'tls-hostname-mismatch', true],
    ['tls-certificate', 'tls-to-plaintext-port', false],
    ['tls-error', 'tls-handshake-failure', true],
    ['tls-error', 'tls-to-plaintext-port', true],
    ['tls-error', 'plaintext-to-tls-port', true],
    ['tls-error', 'tls-certificate-expired', true],
    ['tls-error', 'no-listener', false],
    ['timeout', 'http-upstream-error', false],
    ['reset', 'proxy-interference', true],
    ['timeout', 'intermittent-failures', true],
    ['unknown', 'no-listener', null],
    ['intermittent', 'intermittent-failures', null],
  ])('%s vs %s → %s', (symptom, verdict, expected) => {
    expect(symptomMatchesVerdict(symptom, verdict)).toBe(expected);
  });

  it('no symptom is explained by a healthy or HTTP-status verdict', () => {
    for (const verdicts of Object.values(symptomVerdicts)) {
      expect(verdicts).not.toContain('healthy');
      expect(verdicts).not.toContain('http-error-status');
      for (const verdict of verdicts) expect(verdictIds).toContain(verdict);
    }
  });
});
