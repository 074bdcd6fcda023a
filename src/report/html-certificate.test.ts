import { describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import type { TlsResult } from '../probes/tls-result.js';
import { certificateSection } from './html-certificate.js';
import { toJsonReport } from './json-report.js';
import { healthyHttpSession } from './session-fixture.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const section = (session: Session) => certificateSection(toJsonReport(session, { version: '1.2.3' }));
const definition = (html: string, term: string) => new RegExp(`<dt>${term}</dt><dd>(.*?)</dd>`).exec(html)?.[1];

describe('certificateSection', () => {
  it('shows the verification result, subject, issuer, names, validity with days left and the fingerprint', () => {
    const html = section(tls.tlsHealthySession());
    expect(html).toMatch(/^<section id="certificate"><h2>Certificate<\/h2>/);
    expect(html).toContain(
      '<p class="muted">From the TLS handshake (<code>tls.handshake</code>): TLSv1.3, TLS_AES_256_GCM_SHA384, ALPN http/1.1; checked against the name <code>localhost</code>.</p>',
    );
    expect(definition(html, 'Verification')).toBe('<span class="verify-ok">trusted, and issued for localhost</span>');
    expect(definition(html, 'Subject')).toBe('<code>O=conn-doctor fault lab, CN=localhost</code>');
    expect(definition(html, 'Issuer')).toBe('<code>O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA</code>');
    expect(definition(html, 'Names')).toBe(
      '<code>DNS:localhost</code>, <code>IP Address:127.0.0.1</code>, <code>IP Address:0:0:0:0:0:0:0:1</code>',
    );
    expect(definition(html, 'Valid')).toBe('2026-11-25 00:36:11 UTC to 2026-12-25 01:36:11 UTC: 29 days left');
    expect(definition(html, 'SHA-256')).toMatch(/^<code>09:0E:EE:DE:/);
  });

  it('lists the chain leaf first', () => {
    const html = section(tls.tlsHealthySession());
    expect(html).toContain('<p>The server sent 3 certificates, leaf first:</p><ol class="chain">');
    expect([...html.matchAll(/<li><code>([^<]+)<\/code>/g)].map(([, subject]) => subject)).toEqual([
      'O=conn-doctor fault lab, CN=localhost',
      'O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA',
      'O=conn-doctor fault lab, CN=conn-doctor lab root CA',
    ]);
    expect(section(tls.selfSignedSession())).toContain('The server sent this certificate alone');
  });

  it('says what is wrong with a refused certificate', () => {
    expect(definition(section(tls.expiredSession()), 'Verification')).toBe(
      '<span class="verify-bad">not accepted: expired on 2026-11-24 (CERT_HAS_EXPIRED)</span>',
    );
    expect(definition(section(tls.expiredSession()), 'Valid')).toMatch(/: expired$/);
    expect(definition(section(tls.notYetValidSession()), 'Valid')).toMatch(/: not valid yet$/);
    expect(definition(section(tls.wrongNameSession()), 'Names')).toBe('<code>DNS:other.lab.test</code>');
  });

  it('shows what the port check of an http:// target found, and the session an alert ended', () => {
    const html = section(tls.httpToTlsPortSession());
    expect(html).toContain('From the TLS check on the same port (<code>tls.port-check</code>)');
    expect(html).toContain('checked against the name <code>127.0.0.1</code>');
    expect(section(tls.clientCertificateSession())).toContain('<span class="verify-ok">');
  });

  it('is empty when no TLS step got a certificate', () => {
    for (const session of [healthyHttpSession(), tls.oldVersionSession(), tls.httpsToPlainSession()])
      expect(section(session)).toBe('');
  });

  it('counts the names past twenty', () => {
    const session = tls.tlsHealthySession();
    const leaf = (session.steps[2]!.details as Extract<TlsResult, { kind: 'secure' }>).session.chain[0]!;
    leaf.subjectAltNames = Array.from({ length: 25 }, (_, i) => `DNS:host${i}.example`);
    const names = definition(section(session), 'Names')!;
    expect(names.match(/<code>/g)).toHaveLength(20);
    expect(names.endsWith(' and 5 more')).toBe(true);
  });

  it('escapes every certificate field: they are the peer’s text', () => {
    const session = tls.wrongNameSession();
    const result = session.steps[2]!.details as Extract<TlsResult, { kind: 'secure' }>;
    const bad = '<script>alert(1)</script>"\x1b[2J';
    Object.assign(result.session.chain[0]!, {
      subject: bad,
      issuer: bad,
      subjectAltNames: [bad],
      fingerprint256: bad,
      validTo: bad,
    });
    Object.assign(result.session, { protocol: bad, cipher: bad, alpn: bad });
    result.session.verification.checkedName = bad;
    const html = section(session);
    expect(html).not.toMatch(/<script|[\x00-\x09\x0b-\x1f]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;\\x1b[2J');
  });
});
