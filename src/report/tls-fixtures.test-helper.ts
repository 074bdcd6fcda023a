import type { Session, Step } from '../engine/session.js';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { HttpResult } from '../probes/http-result.js';
import type { CertificateSummary, TlsResult, TlsSession } from '../probes/tls-result.js';
import {
  connectStep,
  healthy,
  httpStep,
  labSession,
  literalDns,
  openAttempt,
  port,
  verdict,
} from './exchange-fixtures.test-helper.js';

/**
 * Sessions of the fault lab's TLS scenarios, as `conn-doctor --demo --json` recorded them: https targets on
 * `localhost`, their handshake step's details and certificates copied (figures as the JSON report rounds them).
 * The lab's certificates are made when it starts, 30 days valid; the session starts the next minute.
 */

const startedAt = '2026-11-25T01:36:12.000Z';

/** The lab's chain for `localhost`: leaf, intermediate, root. */
export function labChain(): CertificateSummary[] {
  return [
    {
      subject: 'O=conn-doctor fault lab, CN=localhost',
      issuer: 'O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA',
      subjectAltNames: ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:0:0:0:0:0:0:0:1'],
      validFrom: '2026-11-25T00:36:11.000Z',
      validTo: '2026-12-25T01:36:11.000Z',
      daysLeft: 29,
      selfSigned: false,
      serialNumber: '6B0CA7C10A416DF6E4B4E2F3A6653270',
      fingerprint256: '09:0E:EE:DE:21:C8:7C:6D:E8:9E:5C:30:18:C5:AB:A0:F7:AD:98:98:B3:E9:08:82:15:C7:4C:54:28:6C:AB:89',
    },
    {
      subject: 'O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA',
      issuer: 'O=conn-doctor fault lab, CN=conn-doctor lab root CA',
      subjectAltNames: [],
      validFrom: '2026-11-25T00:36:11.000Z',
      validTo: '2031-11-24T01:36:11.000Z',
      daysLeft: 1824,
      selfSigned: false,
      serialNumber: '4171D8C8C0DE4E25D5DCFA3D652C2CB6',
      fingerprint256: '27:13:78:40:B7:0C:3D:95:02:F2:04:DB:09:7C:ED:3B:1C:2E:E7:15:EC:E7:06:6E:7F:78:CF:C3:76:C3:38:8B',
    },
    {
      subject: 'O=conn-doctor fault lab, CN=conn-doctor lab root CA',
      issuer: 'O=conn-doctor fault lab, CN=conn-doctor lab root CA',
      subjectAltNames: [],
      validFrom: '2026-11-25T00:36:11.000Z',
      validTo: '2056-11-17T01:36:11.000Z',
      daysLeft: 10949,
      selfSigned: true,
      serialNumber: '318E5E9C0786E72AB2B8960F1060752E',
      fingerprint256: 'E6:55:6D:C7:DD:4F:33:06:8C:0C:0B:1E:6D:82:F3:9B:F6:9A:3C:4D:D7:0A:51:3A:94:97:3B:96:93:14:8D:34',
    },
  ];
}

function tlsSession(chain = labChain(), verification: Partial<TlsSession['verification']> = {}): TlsSession {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    alpn: 'http/1.1',
    chain,
    verification: { chainError: null, checkedName: 'localhost', hostnameError: null, ...verification },
  };
}

function secure(session: TlsSession, marks: { connectedAt: number; secureAt: number; doneAt: number }): TlsResult {
  return {
    kind: 'secure',
    session,
    handshakeMs: Math.round((marks.secureAt - marks.connectedAt) * 100) / 100,
    postHandshake: 'session-ticket',
    marks,
  };
}

function localhostDns(): Step {
  const dns: DnsFacts = {
    name: 'localhost',
    mode: 'localhost',
    hostsFile: { kind: 'read', path: '/etc/hosts', addresses: [{ address: '127.0.0.1', family: 4 }] },
    system: { kind: 'addresses', addresses: [{ address: '127.0.0.1', family: 4 }], durationMs: 5.02 },
    queries: null,
    addresses: [{ address: '127.0.0.1', family: 4 }],
    disagreement: null,
    conclusion: { kind: 'resolved' },
    durationMs: 72.85,
  };
  return {
    id: 'dns.lookup',
    kind: 'dns.resolve',
    title: 'Resolve the name',
    outcome: 'resolved',
    summary: 'localhost → 127.0.0.1 in 72.9 ms',
    durationMs: 72.85,
    details: dns,
  };
}

function tlsStep(tls: TlsResult, summary: string, kind: 'tls.handshake' | 'tls.port-check' = 'tls.handshake'): Step {
  const title = kind === 'tls.handshake' ? 'Shake hands in TLS' : 'Try TLS on the same port';
  return { id: kind, kind, title, outcome: tls.kind, summary, durationMs: 1228.9, details: tls };
}

/** An https target on `localhost`: resolve, connect, then the given steps. */
function httpsSession(steps: Step[], result: Session['verdict']): Session {
  const connect = connectStep([openAttempt()], 'open', `127.0.0.1:${port} open in 0.25 ms`);
  const session = labSession([localhostDns(), connect, ...steps], result, `https://localhost:${port}/`);
  session.startedAt = startedAt;
  session.finishedAt = '2026-11-25T01:36:13.700Z';
  return session;
}

/** `tls-healthy`: a trusted handshake, then the request over TLS answered 200. */
export function tlsHealthySession(): Session {
  const tls = secure(tlsSession(), { connectedAt: 372.2, secureAt: 387.49, doneAt: 416.28 });
  const http: HttpResult = {
    kind: 'response',
    status: 200,
    reason: 'OK',
    httpVersion: '1.1',
    headers: [
      { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
      { name: 'Content-Length', value: '7' },
      { name: 'Connection', value: 'close' },
    ],
    bodyBytesRead: 7,
    bodyPreview: '200 OK\\n',
    marks: { connectedAt: 6.72, secureAt: 10.44, requestWrittenAt: 10.7, firstByteAt: 12.38, doneAt: 12.54 },
  };
  return httpsSession(
    [
      tlsStep(tls, 'TLSv1.3 TLS_AES_256_GCM_SHA384 in 15.3 ms; certificate trusted'),
      httpStep(http, 'HTTP/1.1 200 OK in 12.5 ms'),
    ],
    healthy(),
  );
}

/** A handshake that completed with a certificate the client refuses: the https diagnosis ends there. */
function refusedCertificateSession(session: TlsSession, summary: string, result: Session['verdict']): Session {
  return httpsSession(
    [tlsStep(secure(session, { connectedAt: 431.47, secureAt: 444.68, doneAt: 475.99 }), summary)],
    result,
  );
}

/** `tls-self-signed`: the leaf is its own issuer. */
export function selfSignedSession(): Session {
  const [leaf] = labChain();
  const selfIssued = { ...leaf!, issuer: leaf!.subject, serialNumber: '451B131593A6DF9AFE98C7C6E659E2F2' };
  return refusedCertificateSession(
    tlsSession([selfIssued], { chainError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 13.2 ms; DEPTH_ZERO_SELF_SIGNED_CERT',
    { ...verdict('tls-certificate-untrusted', 'Self-signed certificate: not trusted'), confidence: 'certain' },
  );
}

/** `tls-expired`: the leaf's validity ended the day before. */
export function expiredSession(): Session {
  const [leaf, ...issuers] = labChain();
  const expired = {
    ...leaf!,
    validFrom: '2026-10-26T01:36:11.000Z',
    validTo: '2026-11-24T01:36:11.000Z',
    daysLeft: -2,
  };
  return refusedCertificateSession(
    tlsSession([expired, ...issuers], { chainError: 'CERT_HAS_EXPIRED' }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 25.6 ms; CERT_HAS_EXPIRED',
    { ...verdict('tls-certificate-expired', 'The certificate has expired'), confidence: 'certain' },
  );
}

/** `tls-not-yet-valid`: the leaf's validity starts tomorrow. */
export function notYetValidSession(): Session {
  const [leaf, ...issuers] = labChain();
  const early = { ...leaf!, validFrom: '2026-11-26T01:36:11.000Z', validTo: '2026-12-26T01:36:11.000Z', daysLeft: 30 };
  return refusedCertificateSession(
    tlsSession([early, ...issuers], { chainError: 'CERT_NOT_YET_VALID' }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 29.0 ms; CERT_NOT_YET_VALID',
    { ...verdict('tls-certificate-expired', 'The certificate is not valid yet'), confidence: 'certain' },
  );
}

/** `tls-wrong-name`: a good chain for another name. */
export function wrongNameSession(): Session {
  const [leaf, ...issuers] = labChain();
  const other = {
    ...leaf!,
    subject: 'O=conn-doctor fault lab, CN=other.lab.test',
    subjectAltNames: ['DNS:other.lab.test'],
  };
  const hostnameError = {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    reason: "Host: localhost. is not in the cert's altnames: DNS:other.lab.test",
  };
  return refusedCertificateSession(
    tlsSession([other, ...issuers], { hostnameError }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 22.6 ms; ERR_TLS_CERT_ALTNAME_INVALID',
    { ...verdict('tls-hostname-mismatch', 'The certificate is not issued for localhost'), confidence: 'certain' },
  );
}

/** `tls-unknown-ca`: leaf and intermediate from a CA this machine does not trust. */
export function unknownCaSession(): Session {
  return refusedCertificateSession(
    tlsSession(labChain().slice(0, 2), { chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 470 ms; UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    {
      ...verdict('tls-certificate-untrusted', 'The certificate comes from a CA this machine does not trust'),
      confidence: 'certain',
    },
  );
}

/** `tls-old-version-only`: the server refuses our versions with an alert during the handshake. */
export function oldVersionSession(): Session {
  const tls: TlsResult = {
    kind: 'alert',
    alert: { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', number: 70, description: 'protocol_version' },
    stage: 'handshake',
    session: null,
    marks: { connectedAt: 11.13, secureAt: null, doneAt: 45.36 },
  };
  return httpsSession([tlsStep(tls, 'the server refused with a TLS alert: protocol_version')], {
    ...verdict('tls-handshake-failure', 'The server only speaks an outdated TLS version'),
    confidence: 'certain',
  });
}

/** `tls-client-cert-required-13`: TLS 1.3 completes the client's handshake, then `certificate_required` arrives. */
export function clientCertificateSession(): Session {
  const tls: TlsResult = {
    kind: 'alert',
    alert: { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', number: 116, description: 'certificate_required' },
    stage: 'after-handshake',
    session: tlsSession(),
    marks: { connectedAt: 47.5, secureAt: 79.99, doneAt: 90.69 },
  };
  return httpsSession(
    [tlsStep(tls, 'the server refused with a TLS alert: certificate_required (after the handshake)')],
    {
      ...verdict('tls-handshake-failure', 'The server wants a client certificate (mutual TLS)'),
      confidence: 'certain',
    },
  );
}

/** `https-to-plain-http`: the ClientHello is answered by a plain-text HTTP 400. */
export function httpsToPlainSession(): Session {
  const tls: TlsResult = {
    kind: 'plaintext-reply',
    code: 'ERR_SSL_WRONG_VERSION_NUMBER',
    firstBytes: {
      text: 'HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\n\\r\\n',
      hex: '48 54 54 50 2f 31 2e 31 20 34 30 30 20 42 61 64 20 52 65 71 75 65 73 74 0d 0a 43 6f 6e 6e 65 63',
      length: 47,
    },
    protocol: { id: 'http', name: 'HTTP', evidence: 'HTTP/1.1 400 Bad Request' },
    marks: { connectedAt: 11.48, secureAt: null, doneAt: 484.56 },
  };
  return httpsSession(
    [tlsStep(tls, 'plain bytes instead of TLS: "HTTP/1.1 400 Bad Request\\r\\nConnection: close\\r\\n\\"')],
    {
      ...verdict('tls-to-plaintext-port', `https:// spoken to a plain-text port: port ${port} does not speak TLS`),
      confidence: 'certain',
    },
  );
}

/** An https target whose server hangs up on the ClientHello (no lab scenario: a crashing TLS terminator). */
export function closedDuringHandshakeSession(): Session {
  const tls: TlsResult = {
    kind: 'closed-during-handshake',
    how: 'reset',
    firstBytes: null,
    marks: { connectedAt: 0.31, secureAt: null, doneAt: 1.2 },
  };
  return httpsSession(
    [tlsStep(tls, 'the server reset (RST) the connection during the handshake')],
    verdict('reset-after-accept', 'The server accepted the connection, then reset it'),
  );
}

/** An http:// target: the plain request was closed without a byte, so the same port was tried in TLS. */
function portCheckSession(tls: TlsResult, summary: string, result: Session['verdict'], more: Step[] = []): Session {
  const http: HttpResult = {
    kind: 'closed-without-response',
    marks: { connectedAt: 16.22, secureAt: null, requestWrittenAt: 16.31, firstByteAt: null, doneAt: 53.65 },
  };
  const steps = [
    literalDns(),
    connectStep([openAttempt()], 'open', `127.0.0.1:${port} open in 0.25 ms`),
    httpStep(http, 'closed (FIN) with no byte of response, after 53.6 ms'),
    tlsStep(tls, summary, 'tls.port-check'),
    ...more,
  ];
  return labSession(steps, result);
}

/** `http-to-tls-port`: the port answers TLS, with a chain this machine does not trust (no `--ca`). */
export function httpToTlsPortSession(): Session {
  const session = tlsSession(labChain().slice(0, 2), {
    chainError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    checkedName: '127.0.0.1',
  });
  return portCheckSession(
    secure(session, { connectedAt: 9.17, secureAt: 475.47, doneAt: 516.51 }),
    'TLSv1.3 TLS_AES_256_GCM_SHA384 in 466 ms; UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    {
      ...verdict('plaintext-to-tls-port', `Plain HTTP spoken to a TLS port: port ${port} expects https://`),
      confidence: 'certain',
    },
  );
}

/** `close-after-request`: the TLS hello gets no answer either: a plain-text server that hung up. */
export function closeAfterRequestSession(): Session {
  return portCheckSession(
    {
      kind: 'no-response',
      waitedMs: 1003.88,
      firstBytes: null,
      marks: { connectedAt: 9.69, secureAt: null, doneAt: 1013.57 },
    },
    'no answer to the TLS ClientHello within 1004 ms',
    verdict('closed-without-response', 'The server closed the connection without answering'),
  );
}

export { portCheckSession };
