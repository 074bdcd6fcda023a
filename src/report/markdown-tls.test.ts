import { describe, expect, it } from 'vitest';
import type { TlsResult } from '../probes/tls-result.js';
import { renderMarkdownReport } from './markdown-report.js';
import { healthyHttpSession } from './session-fixture.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const tool = { version: '1.2.3' };

function tlsSection(markdown: string): string {
  const start = markdown.indexOf('## TLS\n');
  return start === -1 ? '' : markdown.slice(start, markdown.indexOf('\n## ', start + 1));
}

describe('renderMarkdownReport: TLS', () => {
  it('has a TLS section after the steps: the session, verification, the leaf’s facts and the chain', () => {
    const markdown = renderMarkdownReport(tls.tlsHealthySession(), tool);
    expect(markdown.indexOf('## Steps')).toBeLessThan(markdown.indexOf('## TLS'));
    expect(markdown.indexOf('## TLS')).toBeLessThan(markdown.indexOf('## Answers'));
    expect(tlsSection(markdown).split('\n')).toEqual([
      '## TLS',
      '',
      'From the TLS handshake (`tls.handshake`): TLSv1.3, TLS\\_AES\\_256\\_GCM\\_SHA384, ALPN http/1.1; checked against the name `localhost`.',
      '',
      '- Verification: trusted, and issued for localhost',
      '- Subject: `O=conn-doctor fault lab, CN=localhost`',
      '- Issuer: `O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA`',
      '- Names: `DNS:localhost`, `IP Address:127.0.0.1`, `IP Address:0:0:0:0:0:0:0:1`',
      '- Valid: 2026-11-25 00:36:11 UTC to 2026-12-25 01:36:11 UTC: 29 days left',
      '- SHA-256: `09:0E:EE:DE:21:C8:7C:6D:E8:9E:5C:30:18:C5:AB:A0:F7:AD:98:98:B3:E9:08:82:15:C7:4C:54:28:6C:AB:89`',
      '',
      'The server sent 3 certificates, leaf first:',
      '',
      '1. `O=conn-doctor fault lab, CN=localhost`, issued by `O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA`; 2026-11-25 00:36:11 UTC to 2026-12-25 01:36:11 UTC: 29 days left',
      '2. `O=conn-doctor fault lab, CN=conn-doctor lab intermediate CA`, issued by `O=conn-doctor fault lab, CN=conn-doctor lab root CA`; 2026-11-25 00:36:11 UTC to 2031-11-24 01:36:11 UTC: 1824 days left',
      '3. `O=conn-doctor fault lab, CN=conn-doctor lab root CA`, issued by `O=conn-doctor fault lab, CN=conn-doctor lab root CA`; 2026-11-25 00:36:11 UTC to 2056-11-17 01:36:11 UTC: 10949 days left',
      '',
    ]);
  });

  it('says what is wrong with a refused certificate, and that it came alone', () => {
    const section = tlsSection(renderMarkdownReport(tls.selfSignedSession(), tool));
    expect(section).toContain('- Verification: not accepted: self-signed (DEPTH\\_ZERO\\_SELF\\_SIGNED\\_CERT)\n');
    expect(section).toContain('_The server sent this certificate alone, with no issuer certificate._');
    expect(tlsSection(renderMarkdownReport(tls.wrongNameSession(), tool))).toContain(
      '- Verification: not accepted: not for localhost (ERR\\_TLS\\_CERT\\_ALTNAME\\_INVALID)\n',
    );
  });

  it('times the handshake alone when it ended the diagnosis, the request with its TLS phase when one ran', () => {
    expect(renderMarkdownReport(tls.expiredSession(), tool)).toContain(
      'TLS handshake timings from the start, as `curl -w` counts them: name lookup 72.9 ms, connected 504.3 ms, TLS done 517.5 ms, total 548.8 ms.',
    );
    expect(renderMarkdownReport(tls.tlsHealthySession(), tool)).toContain(
      'Request timings from the start, as `curl -w` counts them: name lookup 72.9 ms, connected 79.6 ms, TLS done 83.3 ms, first byte 85.2 ms, total 85.4 ms.',
    );
  });

  it('has no TLS section without a certificate', () => {
    for (const session of [healthyHttpSession(), tls.oldVersionSession(), tls.httpsToPlainSession()]) {
      expect(renderMarkdownReport(session, tool)).not.toContain('## TLS');
    }
  });

  it('cannot be broken out of by certificate text: fields stay code spans or escaped prose on their own line', () => {
    const session = tls.wrongNameSession();
    const result = session.steps[2]!.details as Extract<TlsResult, { kind: 'secure' }>;
    const bad = 'a | b `tick` <script>x</script> [l](https://evil.example)\n## Owned';
    Object.assign(result.session.chain[0]!, { subject: bad, issuer: bad, subjectAltNames: [bad], validTo: bad });
    result.session.verification.checkedName = bad;
    result.session.cipher = bad;
    const section = tlsSection(renderMarkdownReport(session, tool));
    expect(section).not.toMatch(/\n## Owned/);
    for (const line of section.split('\n')) {
      // Outside our code spans, no unescaped markup.
      expect(line.replace(/(?<![`\\])(`+)(?!`)(.*?)(?<!`)\1(?!`)/g, '')).not.toMatch(/(?<!\\)[<>[\]`|]/);
    }
  });
});
