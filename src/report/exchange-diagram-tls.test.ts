import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../probes/http-result.js';
import type { ServiceIdentity } from '../probes/service-identity.js';
import type { TlsResult } from '../probes/tls-result.js';
import { exchangeDiagram, type ExchangeDiagram } from './exchange-diagram.js';
import * as lab from './exchange-fixtures.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

/** One readable line per arrow: direction, kind, label, and ✗ where it broke. */
const shape = (diagram: ExchangeDiagram) =>
  diagram.arrows.map(
    (a) => `${a.kind === 'note' ? '·' : a.from === 'client' ? '→' : '←'} ${a.kind} ${a.label}${a.broken ? ' ✗' : ''}`,
  );

const handshake = ['→ packet SYN', '← packet SYN-ACK', '→ packet ACK'];
const hello = [...handshake, '→ data ClientHello'];
const serverHello = '← data ServerHello (TLSv1.3), certificate';
const plainRequest = [...handshake, '→ data GET /', '← packet FIN (no bytes) ✗'];

describe('exchangeDiagram: https targets', () => {
  it('draws the request’s own connection: TCP, the TLS handshake, then the request over TLS, timed by its marks', () => {
    const diagram = exchangeDiagram(tls.tlsHealthySession());
    expect(shape(diagram)).toEqual([...hello, serverHello, '→ data GET /', '← data HTTP/1.1 200 OK', '→ packet FIN']);
    expect(diagram.arrows.map((a) => a.atMs)).toEqual([0, 6.72, null, null, 10.44, 10.7, 12.38, 12.54]);
    expect(diagram.arrows.some((a) => a.broken)).toBe(false);
    expect(diagram.server).toBe('127.0.0.1:38321');
  });

  it.each([
    ['self-signed', tls.selfSignedSession, 'certificate: self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    ['expired', tls.expiredSession, 'certificate: expired on 2026-11-24 (CERT_HAS_EXPIRED)'],
    ['not yet valid', tls.notYetValidSession, 'certificate: not valid until 2026-11-26 (CERT_NOT_YET_VALID)'],
    ['wrong name', tls.wrongNameSession, 'certificate: not for localhost (ERR_TLS_CERT_ALTNAME_INVALID)'],
    [
      'unknown CA',
      tls.unknownCaSession,
      'certificate: issued by a CA not trusted here (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)',
    ],
  ])('a %s certificate: the handshake completes, the certificate is where it broke', (_, session, problem) => {
    const diagram = exchangeDiagram(session());
    expect(shape(diagram)).toEqual([...hello, serverHello, `· note ${problem} ✗`, '→ packet FIN']);
    expect(diagram.arrows.map((a) => a.atMs)).toEqual([0, 431.47, null, null, 444.68, null, 475.99]);
  });

  it('names every problem of a certificate wrong in two ways', () => {
    const session = tls.wrongNameSession();
    (session.steps[2]!.details as Extract<TlsResult, { kind: 'secure' }>).session.verification.chainError =
      'SELF_SIGNED_CERT_IN_CHAIN';
    expect(shape(exchangeDiagram(session)).filter((line) => line.startsWith('·'))).toEqual([
      '· note certificate: a self-signed CA in the chain (SELF_SIGNED_CERT_IN_CHAIN) ✗',
      '· note certificate: not for localhost (ERR_TLS_CERT_ALTNAME_INVALID) ✗',
    ]);
  });

  it('an alert during the handshake', () => {
    const diagram = exchangeDiagram(tls.oldVersionSession());
    expect(shape(diagram)).toEqual([...hello, '← data alert protocol_version ✗']);
    expect(diagram.arrows[4]!.atMs).toBe(45.36);
  });

  it('TLS 1.3’s refusal of a missing client certificate: the handshake completes, then the alert', () => {
    const diagram = exchangeDiagram(tls.clientCertificateSession());
    expect(shape(diagram)).toEqual([
      ...hello,
      serverHello,
      '← data alert certificate_required (after the handshake) ✗',
    ]);
    expect(diagram.arrows.slice(4).map((a) => a.atMs)).toEqual([79.99, 90.69]);
  });

  it('plain text where a ServerHello should be: its first line, named', () => {
    expect(shape(exchangeDiagram(tls.httpsToPlainSession()))).toEqual([
      ...hello,
      '← data "HTTP/1.1 400 Bad Request" (plain text, not TLS) ✗',
    ]);
    const session = tls.httpsToPlainSession();
    const reply = session.steps[2]!.details as Extract<TlsResult, { kind: 'plaintext-reply' }>;
    reply.firstBytes.text = 'SSH-2.0-OpenSSH_9.2p1\\r\\n';
    reply.protocol = { id: 'ssh', name: 'SSH', evidence: '' };
    expect(shape(exchangeDiagram(session)).at(-1)).toBe('← data "SSH-2.0-OpenSSH_9.2p1" (SSH, not TLS) ✗');
    reply.protocol = null;
    expect(shape(exchangeDiagram(session)).at(-1)).toBe('← data "SSH-2.0-OpenSSH_9.2p1" (not TLS, 47 bytes) ✗');
  });

  it('the server hanging up during the handshake, with what it sent first', () => {
    expect(shape(exchangeDiagram(tls.closedDuringHandshakeSession()))).toEqual([
      ...hello,
      '← packet RST during the handshake ✗',
    ]);
    const session = tls.closedDuringHandshakeSession();
    const result = session.steps[2]!.details as Extract<TlsResult, { kind: 'closed-during-handshake' }>;
    Object.assign(result, { how: 'closed', firstBytes: { text: '\\x15\\x03', hex: '15 03', length: 2 } });
    expect(shape(exchangeDiagram(session)).slice(-2)).toEqual([
      '← data "\\x15\\x03" (2 bytes, not a TLS answer)',
      '← packet FIN during the handshake ✗',
    ]);
  });

  it('silence after the ClientHello, and our refusal of what the server sent', () => {
    const session = tls.closedDuringHandshakeSession();
    const marks = { connectedAt: 0.3, secureAt: null, doneAt: 1000.4 };
    session.steps[2]!.details = { kind: 'no-response', waitedMs: 1000.1, firstBytes: null, marks } satisfies TlsResult;
    expect(shape(exchangeDiagram(session)).at(-1)).toBe('← silence silence (no ServerHello in 1.00 s) ✗');
    session.steps[2]!.details = {
      kind: 'handshake-error',
      code: 'ERR_SSL_NO_SHARED_CIPHER',
      reason: 'no shared cipher',
      marks,
    } satisfies TlsResult;
    expect(shape(exchangeDiagram(session)).at(-1)).toBe(
      "→ error we refused the server's handshake: no shared cipher (ERR_SSL_NO_SHARED_CIPHER) ✗",
    );
  });

  it('a handshake whose new connection failed shows that connection', () => {
    const session = tls.oldVersionSession();
    const connect = { address: '127.0.0.1', family: 4, port: 38321, kind: 'refused', connectMs: 0.2 } as const;
    session.steps[2]!.details = { kind: 'connect-failed', connect } satisfies TlsResult;
    expect(shape(exchangeDiagram(session))).toEqual([
      '· note the connect step had worked; this new connection did not',
      '→ packet SYN',
      '← packet RST ✗',
    ]);
  });

  it('a request over TLS reset before its handshake finished sends no request', () => {
    const session = tls.tlsHealthySession();
    const marks = { connectedAt: 6.72, secureAt: null, requestWrittenAt: null, firstByteAt: null, doneAt: 9.1 };
    session.steps[3]!.details = { kind: 'reset-before-response', marks } satisfies HttpResult;
    expect(shape(exchangeDiagram(session))).toEqual([...hello, '← packet RST ✗']);
  });
});

describe('exchangeDiagram: an http:// port tried in TLS', () => {
  it('the plain request, the FIN, then TLS on a new connection: the port speaks TLS', () => {
    const diagram = exchangeDiagram(tls.httpToTlsPortSession());
    expect(shape(diagram)).toEqual([
      ...plainRequest,
      '· note then TLS, on a new connection to the same port:',
      '→ data ClientHello',
      serverHello,
      '· note the port speaks TLS: it expects https://',
    ]);
    // The port check counts from its own SYN: its times would read as this connection's.
    expect(diagram.arrows.slice(5).every((a) => a.atMs === null)).toBe(true);
  });

  it('a port that does not answer TLS either: facts, not a second break', () => {
    expect(shape(exchangeDiagram(tls.closeAfterRequestSession())).slice(5)).toEqual([
      '· note then TLS, on a new connection to the same port:',
      '→ data ClientHello',
      '← silence silence (no ServerHello in 1.00 s)',
      '· note no TLS answer either',
    ]);
  });
});

describe('exchangeDiagram: service identification', () => {
  it('http:// target: each hello a note, the same bare answers on one line, the protocol found where it broke', () => {
    expect(shape(exchangeDiagram(svc.postgresPortSession())).slice(5)).toEqual([
      '· note then TLS, on a new connection to the same port:',
      '→ data ClientHello',
      '← packet FIN during the handshake',
      '· note no TLS answer either',
      '· note then, one new connection each:',
      '· note listened: the server waits for the client to speak',
      '· note TLS ClientHello, HTTP HEAD, Redis PING: FIN (no bytes)',
      '· note PostgreSQL SSLRequest: "N" (PostgreSQL) ✗',
    ]);
  });

  it('a server that hangs up on everything: two lines for five tries', () => {
    expect(shape(exchangeDiagram(svc.closeOnAcceptSession())).slice(-3)).toEqual([
      '· note then, one new connection each:',
      '· note listened: FIN (no bytes)',
      '· note TLS ClientHello, HTTP HEAD, Redis PING, PostgreSQL SSLRequest: FIN (no bytes)',
    ]);
  });

  it('tcp:// target: the banner on the drawn connection, as the old banner wait drew it', () => {
    const diagram = exchangeDiagram(svc.tcpSshSession());
    expect(shape(diagram)).toEqual([
      ...handshake,
      '← data "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n" (SSH)',
      '→ packet FIN',
    ]);
    expect(diagram.arrows[1]!.atMs).toBe(0.251837);
  });

  it('tcp:// target that waits for the client: silence, not broken, then the hellos', () => {
    expect(shape(exchangeDiagram(lab.healthyTcpSession()))).toEqual([
      ...handshake,
      '← silence silence: the server waits for the client to speak',
      '→ packet FIN',
      '· note then, one new connection each:',
      '· note TLS ClientHello, HTTP HEAD, Redis PING, PostgreSQL SSLRequest: no answer',
    ]);
  });

  it('tcp:// target whose SSLRequest went on the connect check’s connection: drawn there, with the handshake after it', () => {
    const identity: ServiceIdentity = {
      kind: 'identified',
      protocol: { id: 'postgresql', name: 'PostgreSQL', evidence: "answered an SSLRequest with 'N' (no TLS)" },
      how: 'postgres-ssl-request',
      tried: [
        {
          how: 'postgres-ssl-request',
          outcome: 'identified',
          reply: { text: 'N', hex: '4e', length: 1 },
          continued: { text: 'E…', hex: '45', length: 164 },
          onConnectCheck: true,
        },
      ],
    };
    expect(shape(exchangeDiagram(lab.serviceSession(identity, 'this port speaks PostgreSQL', lab.healthy())))).toEqual([
      ...handshake,
      '→ data PostgreSQL SSLRequest',
      '← data "N" (PostgreSQL)',
      '· note then the handshake went on here (164 bytes back)',
    ]);
  });

  it('a MySQL greeting on the kept connection, the connection handed to the login: no FIN drawn, the handshake went on', () => {
    const identity: ServiceIdentity = {
      kind: 'identified',
      protocol: { id: 'mysql', name: 'MySQL', evidence: 'protocol 10 greeting, 10.11.19-MariaDB' },
      how: 'banner',
      tried: [
        {
          how: 'banner',
          outcome: 'identified',
          reply: { text: 'J\\x00\\x00\\x00\\x0a10.11.19-MariaDB', hex: '4a', length: 78 },
          onConnectCheck: true,
          handedOver: true,
        },
      ],
    };
    expect(shape(exchangeDiagram(lab.serviceSession(identity, 'this port speaks MySQL', lab.healthy())))).toEqual([
      ...handshake,
      '← data "J\\x00\\x00\\x00\\x0a10.11.19-MariaDB" (MySQL)',
      '· note then the handshake went on here',
    ]);
  });

  it('a greeting that came on the SSLRequest’s connection is named as the protocol that won', () => {
    const identity: ServiceIdentity = {
      kind: 'identified',
      protocol: { id: 'ssh', name: 'SSH', evidence: 'SSH-2.0 banner' },
      how: 'banner',
      tried: [
        {
          how: 'postgres-ssl-request',
          outcome: 'identified',
          reply: { text: 'SSH-2.0-OpenSSH_9.2p1\\r\\n', hex: '53', length: 23 },
          onConnectCheck: true,
        },
      ],
    };
    const lines = shape(exchangeDiagram(lab.serviceSession(identity, 'this port speaks SSH', lab.healthy())));
    expect(lines.at(-1)).toBe('← data "SSH-2.0-OpenSSH_9.2p1\\r\\n" (SSH)');
  });

  it('a silent server, identification on the kept connection: the SSLRequest drawn there, the listen a note', () => {
    const silent = (how: 'banner' | 'tls-hello' | 'http-hello' | 'redis-ping') =>
      ({ how, outcome: 'silent', reply: null }) as const;
    const identity: ServiceIdentity = {
      kind: 'unknown',
      tried: [
        silent('redis-ping'),
        { how: 'postgres-ssl-request', outcome: 'silent', reply: null, onConnectCheck: true },
        silent('banner'),
        silent('tls-hello'),
        silent('http-hello'),
      ],
    };
    expect(shape(exchangeDiagram(lab.serviceSession(identity, 'not recognised', lab.healthy())))).toEqual([
      ...handshake,
      '→ data PostgreSQL SSLRequest',
      '← silence silence: no answer',
      '· note then, one new connection each:',
      '· note Redis PING: no answer',
      '· note listened: the server waits for the client to speak',
      '· note TLS ClientHello, HTTP HEAD: no answer',
    ]);
  });

  it('tcp:// target named by a hello: the reply, capped, and nothing broken', () => {
    const lines = shape(exchangeDiagram(svc.tcpRedisSession()));
    expect(lines.at(-1)).toBe(`· note TLS ClientHello: "-ERR unknown command '\\x16\\x03\\x01\\x01j…" (Redis)`);
    expect(lines.some((line) => line.endsWith('✗'))).toBe(false);
  });

  it('tcp:// target that closes or resets every connection: the banner wait is where it broke', () => {
    const identity = (outcome: 'closed' | 'reset'): ServiceIdentity => ({
      kind: 'unknown',
      tried: (['banner', 'tls-hello'] as const).map((how) => ({ how, outcome, reply: null })),
    });
    const session = (outcome: 'closed' | 'reset') =>
      lab.serviceSession(identity(outcome), '', lab.verdict('closed-without-response', ''));
    expect(shape(exchangeDiagram(session('closed'))).slice(3)).toEqual([
      '← packet FIN (no bytes) ✗',
      '· note then, one new connection each:',
      '· note TLS ClientHello: FIN (no bytes)',
    ]);
    expect(shape(exchangeDiagram(session('reset')))[3]).toBe('← packet RST ✗');
  });

  it('a connection that failed during identification ends the notes; with no attempt before it, it is drawn', () => {
    const connect = { address: '127.0.0.1', family: 4, port: 38321, kind: 'refused', connectMs: 0.2 } as const;
    const tried = [{ how: 'banner', outcome: 'silent', reply: null }] as const;
    const failed = lab.serviceSession(
      { kind: 'connect-failed', connect, tried: [...tried] },
      '',
      lab.verdict('intermittent-failures', ''),
    );
    expect(shape(exchangeDiagram(failed)).slice(-2)).toEqual([
      '· note then, one new connection each:',
      '· note then a new connection failed: refused (RST) in 0.20 ms ✗',
    ]);
    const first = lab.serviceSession(
      { kind: 'connect-failed', connect, tried: [] },
      '',
      lab.verdict('intermittent-failures', ''),
    );
    expect(shape(exchangeDiagram(first))).toEqual([
      '· note the connect step had worked; this new connection did not',
      '→ packet SYN',
      '← packet RST ✗',
    ]);
  });
});

describe('exchangeDiagram: more facts from new steps', () => {
  it('an error page says why in its title', () => {
    expect(shape(exchangeDiagram(svc.nginxTlsPortSession())).slice(4)).toEqual([
      '← data HTTP/1.1 400 Bad Request ✗',
      '· note the page says: "400 The plain HTTP request was sent to HTTPS port"',
      '→ packet FIN',
    ]);
  });

  it('an error page without HTML is shown as text; a 200’s body is not', () => {
    const session = svc.nginxTlsPortSession();
    (session.steps[2]!.details as Extract<HttpResult, { kind: 'response' }>).bodyPreview =
      'Client sent an HTTP request to an HTTPS server.\\n';
    expect(shape(exchangeDiagram(session))[5]).toBe(
      '· note the page says: "Client sent an HTTP request to an HTTPS server."',
    );
    expect(shape(exchangeDiagram(tls.tlsHealthySession())).some((line) => line.includes('page says'))).toBe(false);
  });

  it('repeated connects in one line, broken when some failed', () => {
    expect(shape(exchangeDiagram(svc.flakySession())).at(-1)).toBe(
      '· note then 10 more connects: 7 opened, median connect 0.24 ms; 3 failed (2 RST, 1 silent) ✗',
    );
  });

  it('caps what a hostile server can put in a TLS or identification label', () => {
    const long = 'X'.repeat(5000);
    const alert = tls.oldVersionSession();
    (alert.steps[2]!.details as Extract<TlsResult, { kind: 'alert' }>).alert.description = long;
    const plain = tls.httpsToPlainSession();
    (plain.steps[2]!.details as Extract<TlsResult, { kind: 'plaintext-reply' }>).firstBytes.text = long;
    const wrongName = tls.wrongNameSession();
    (wrongName.steps[2]!.details as Extract<TlsResult, { kind: 'secure' }>).session.verification.checkedName = long;
    const redis = svc.tcpRedisSession();
    const identity = redis.steps[2]!.details as Extract<ServiceIdentity, { kind: 'identified' }>;
    identity.protocol.name = long;
    identity.tried[1]!.reply!.text = long;
    for (const session of [alert, plain, wrongName, redis]) {
      for (const arrow of exchangeDiagram(session).arrows) expect([...arrow.label].length).toBeLessThanOrEqual(120);
    }
  });
});
