import { X509Certificate } from 'node:crypto';
import type tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeCertificate } from '../lab/certs/make-certificate.js';
import { certificateNameMismatch } from './certificate-name-check.js';

const now = Date.now();
const dated = { notBefore: new Date(now - 3600_000), notAfter: new Date(now + 86400_000) };

/** A real certificate with these names, as `getPeerCertificate` hands over the fields the check reads. */
function peerWith(names: { commonName?: string; dnsNames?: string[]; ipAddresses?: string[] }): tls.PeerCertificate {
  const { cert } = makeCertificate({ subject: { commonName: names.commonName ?? 'lab' }, ...dated, ...names });
  const x509 = new X509Certificate(cert);
  return {
    raw: x509.raw,
    subject: { CN: names.commonName ?? 'lab' },
    subjectaltname: x509.subjectAltName,
  } as tls.PeerCertificate;
}

describe('certificateNameMismatch', () => {
  const both = peerWith({ dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'] });

  it.each(['::1', '0:0:0:0:0:0:0:1', '0000::0001', '127.0.0.1', 'localhost', 'LOCALHOST'])(
    'accepts %s: the certificate names it',
    (name) => {
      expect(certificateNameMismatch(name, both)).toBeNull();
    },
  );

  it('accepts an IPv6 address with a zone by its address: a certificate cannot name a zone', () => {
    const linkLocal = peerWith({ ipAddresses: ['fe80::1'] });
    expect(certificateNameMismatch('fe80::1%eth0', linkLocal)).toBeNull();
    expect(certificateNameMismatch('fe80::2%eth0', linkLocal)?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it.each([
    ['::2', 'another IPv6 address'],
    ['::ffff:127.0.0.1', 'the IPv4-mapped form of an address it names'],
    ['10.0.0.1', 'another IPv4 address'],
  ])('refuses %s (%s), naming what the certificate holds', (name) => {
    expect(certificateNameMismatch(name, both)).toEqual({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      reason: `IP: ${name} is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`,
    });
  });

  it('matches an address against IP entries only, never a DNS name or the CN that spells it', () => {
    const spelled = peerWith({ commonName: '::1', dnsNames: ['127.0.0.1'] });
    expect(certificateNameMismatch('127.0.0.1', spelled)?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(certificateNameMismatch('::1', spelled)?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(certificateNameMismatch('::1', peerWith({ commonName: '::1' }))?.reason).toContain('altnames: none');
  });

  it('checks DNS names as Node does: wildcards one label deep, the CN only without DNS names', () => {
    const wildcard = peerWith({ dnsNames: ['*.example.test'] });
    expect(certificateNameMismatch('api.example.test', wildcard)).toBeNull();
    expect(certificateNameMismatch('a.b.example.test', wildcard)?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(certificateNameMismatch('old.example.test', peerWith({ commonName: 'old.example.test' }))).toBeNull();
    const other = certificateNameMismatch('localhost', peerWith({ dnsNames: ['other.lab.test'] }));
    expect(other).toEqual({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      reason: "Host: localhost. is not in the cert's altnames: DNS:other.lab.test",
    });
  });
});
