import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetailedPeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../test/openssl-pki.js';
import { summariseCertificate, summariseChain } from './certificate-summary.js';

let pki: TestPki;
let hostile: X509Certificate;
beforeAll(() => {
  pki = makeTestPki();
  // A certificate made to attack a terminal: escapes and a bidi override in its names, and 150 of them.
  const names = [...Array.from({ length: 150 }, (_, i) => `DNS:h${i}.test`), 'DNS:e\x1b[2Jvil'];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-utf8',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'hostile.key',
      '-out',
      'hostile.crt',
      '-days',
      '2',
      '-subj',
      '/CN=evil\x1b[31m\u202e/O=A, B',
      '-addext',
      `subjectAltName=${names.join(',')}`,
    ],
    { cwd: pki.dir, stdio: 'pipe' },
  );
  hostile = new X509Certificate(readFileSync(join(pki.dir, 'hostile.crt')));
});
afterAll(() => pki.remove());

/** What `getPeerCertificate(true)` gives for `pem`, linked to `issuer` (itself when omitted). */
function peer(pem: string, issuer?: DetailedPeerCertificate): DetailedPeerCertificate {
  const x509 = new X509Certificate(pem);
  const cert = { raw: x509.raw, fingerprint256: x509.fingerprint256 } as DetailedPeerCertificate;
  cert.issuerCertificate = issuer ?? cert;
  return cert;
}

describe('summariseCertificate', () => {
  it('keeps terminal escapes and bidi overrides out of every field', () => {
    const summary = summariseCertificate(hostile);
    const strings = Object.values(summary)
      .flat()
      .filter((value): value is string => typeof value === 'string');
    expect(strings.length).toBeGreaterThan(100);
    for (const value of strings) expect(value).not.toMatch(/[\x00-\x1f\x7f\u202e]/);
    expect(summary.subject).toContain('\\u202e');
    expect(summary.selfSigned).toBe(true);
  });

  it('keeps at most 100 names', () => {
    const names = summariseCertificate(hostile).subjectAltNames;
    expect(names).toHaveLength(100);
    expect(names[0]).toBe('DNS:h0.test');
  });

  it('dates the certificate and counts the days left from `now`', () => {
    const x509 = new X509Certificate(pki.expired.cert);
    const summary = summariseCertificate(x509, Date.parse('2020-01-21T12:00:00Z'));
    expect(summary).toMatchObject({
      validFrom: '2020-01-01T00:00:00.000Z',
      validTo: '2020-02-01T00:00:00.000Z',
      daysLeft: 10,
    });
    expect(summary.serialNumber).toMatch(/^[0-9A-F]+$/);
    expect(summary.fingerprint256).toBe(x509.fingerprint256);
  });
});

describe('summariseChain', () => {
  it('walks from the leaf to the root and stops where the root issues itself', () => {
    const chain = summariseChain(peer(pki.leaf.cert, peer(pki.ca.cert)));
    expect(chain.map((c) => [c.subject, c.selfSigned])).toEqual([
      ['CN=localhost', false],
      ['CN=conn-doctor test CA', true],
    ]);
  });

  it('stops on a chain that loops back on itself', () => {
    const a = peer(pki.leaf.cert);
    a.issuerCertificate = peer(pki.wrongName.cert, a);
    expect(summariseChain(a)).toHaveLength(2);
  });

  it('is empty when there is no certificate', () => {
    expect(summariseChain(null)).toEqual([]);
    expect(summariseChain({} as DetailedPeerCertificate)).toEqual([]);
  });
});
