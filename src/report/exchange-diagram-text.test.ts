import { describe, expect, it } from 'vitest';
import { exchangeDiagram, type ExchangeDiagram } from './exchange-diagram.js';
import { renderExchangeDiagram } from './exchange-diagram-text.js';
import * as lab from './exchange-fixtures.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const columns = (line: string) => [...line].length;

describe('renderExchangeDiagram', () => {
  it('draws lifelines, arrows with their labels, times on the right and ✗ where it broke', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(lab.refusedSession()), { ascii: false, width: 60 });
    expect(lines).toEqual([
      '  client                          127.0.0.1:38321',
      '    │                                           │',
      '    │ ── SYN ─────────────────────────────────▶ │',
      '  ✗ │ ◀───────────────────────────────── RST ── │  0.29 ms',
      '    │                                           │',
    ]);
  });

  it('falls back to ASCII', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(lab.healthyHttpLabSession()), { ascii: true, width: 50 });
    expect(lines.slice(2)).toEqual([
      '    | -- SYN -----------------------> |',
      '    | <------------------- SYN-ACK -- |  0.27 ms',
      '    | -- ACK -----------------------> |',
      '    | -- GET / ---------------------> |  0.32 ms',
      '    | <----------- HTTP/1.1 200 OK -- |  1.87 ms',
      '    | -- FIN -----------------------> |  2.04 ms',
      '    |                                 |',
    ]);
    expect(lines.join('')).toMatch(/^[\x20-\x7e]*$/);
  });

  it('draws the TLS handshake and a refused certificate in ASCII', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(tls.selfSignedSession()), { ascii: true, width: 60 });
    expect(lines).toEqual([
      '  client                          127.0.0.1:38321',
      '    |                                           |',
      '    | -- SYN ---------------------------------> |',
      '    | <----------------------------- SYN-ACK -- |  431.5 ms',
      '    | -- ACK ---------------------------------> |',
      '    | -- ClientHello -------------------------> |',
      '    | <-- ServerHello (TLSv1.3), certificate -- |  444.7 ms',
      '  x |  certificate: self-signed                 |',
      '    |  (DEPTH_ZERO_SELF_SIGNED_CERT)            |',
      '    | -- FIN ---------------------------------> |  476.0 ms',
      '    |                                           |',
    ]);
    expect(lines.join('')).toMatch(/^[\x20-\x7e]*$/);
  });

  it('draws the port check after the plain request, with no times of its own', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(tls.httpToTlsPortSession()), { ascii: false, width: 60 });
    expect(lines.slice(7)).toEqual([
      '    │  then TLS, on a new connection to the     │',
      '    │  same port:                               │',
      '    │ ── ClientHello ─────────────────────────▶ │',
      '    │ ◀── ServerHello (TLSv1.3), certificate ── │',
      '    │  the port speaks TLS: it expects          │',
      '    │  https://                                 │',
      '    │                                           │',
    ]);
  });

  it('writes silence and notes as text between the lifelines, wrapped', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(lab.filteredSession()), { ascii: true, width: 50 });
    expect(lines.slice(3)).toEqual([
      '  x |  ... silence (no SYN-ACK in     |',
      '    |      1.00 s)                    |  1.00 s',
      '    |  other ports answer (22: RST,   |',
      '    |  80: RST): the host is up       |',
      '    |                                 |',
    ]);
  });

  it('puts a label too long for its arrow on the lines above it', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(lab.hostUnreachableSession()), { ascii: false, width: 40 });
    expect(lines.slice(3)).toEqual([
      '    │          ICMP host    │',
      '    │        unreachable    │',
      '    │     (EHOSTUNREACH)    │',
      '  ✗ │ ◀──────────────────── │  3.07 ms',
      '    │                       │',
    ]);
  });

  it.each([40, 57, 80, 200])('fits every case in %i columns', (width) => {
    const sessions = [
      lab.refusedSession(),
      lab.filteredSession(),
      lab.hostUnreachableSession(),
      lab.networkUnreachableSession(),
      lab.healthyHttpLabSession(),
      lab.badGatewaySession(),
      lab.resetAfterRequestSession(),
      lab.resetOnAcceptSession(),
      lab.closedWithoutResponseSession(),
      lab.noResponseSession(),
      lab.sshBannerSession(),
      lab.garbageSession(),
      lab.healthyTcpSession(),
      lab.familySplitSession(),
      lab.dnsFailureSession({ kind: 'no-address' }),
      tls.tlsHealthySession(),
      tls.selfSignedSession(),
      tls.expiredSession(),
      tls.wrongNameSession(),
      tls.unknownCaSession(),
      tls.oldVersionSession(),
      tls.clientCertificateSession(),
      tls.httpsToPlainSession(),
      tls.closedDuringHandshakeSession(),
      tls.httpToTlsPortSession(),
      tls.closeAfterRequestSession(),
      svc.postgresPortSession(),
      svc.closeOnAcceptSession(),
      svc.tcpSshSession(),
      svc.tcpRedisSession(),
      svc.nginxTlsPortSession(),
      svc.flakySession(),
    ];
    for (const session of sessions) {
      for (const ascii of [false, true]) {
        const lines = renderExchangeDiagram(exchangeDiagram(session), { ascii, width });
        for (const line of lines) expect(columns(line), line).toBeLessThanOrEqual(width);
      }
    }
  });

  it('keeps both lifelines in the same columns on every line', () => {
    const lines = renderExchangeDiagram(exchangeDiagram(lab.garbageSession()), { ascii: false, width: 72 });
    const bars = new Set(lines.slice(1).map((line) => [...line].flatMap((c, i) => (c === '│' ? [i] : [])).join(',')));
    expect([...bars]).toEqual(['4,55']);
  });

  it('never lets a label drive the terminal, and cuts a server name too long for the width', () => {
    const diagram: ExchangeDiagram = {
      client: 'client',
      server: `[2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]:65535${'\x1b[2J'}`,
      arrows: [{ from: 'server', kind: 'data', label: '\x1b]0;pwned\x07 hi\u202e', atMs: 1, broken: true }],
    };
    const lines = renderExchangeDiagram(diagram, { ascii: false, width: 40 });
    expect(lines.join('\n')).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(lines.join('\n')).toContain('\\x1b]0;pwned\\x07');
    expect(lines[1]).toBe('  [2001:db8:ffff:ffff:ffff:ffff:ffff:ff…');
  });
});
