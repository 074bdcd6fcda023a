import { curl, curlGate, plaintextGotTls, type SymptomPattern, tlsCutShort, tlsGotPlaintext } from './pattern-kit.js';

/** TLS handshake failures, and TLS spoken to plain text (or the reverse). */
export const tlsPatterns: readonly SymptomPattern[] = [
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
    // Firefox's "Secure Connection Failed" when the connection ended during the handshake.
    pattern: /\bPR_END_OF_FILE_ERROR\b/,
    id: 'tls-error',
    source: 'Firefox PR_END_OF_FILE_ERROR',
    meaning: tlsCutShort,
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
  { pattern: curl(35, 'SSL_CONNECT_ERROR'), gate: curlGate, id: 'tls-error', source: 'curl exit 35' },
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
];
