import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { makeCertificate, type CertificateRequest } from './make-certificate.js';

const hour = 3600_000;
const now = Date.now();
// Whole seconds: certificates keep no milliseconds.
const notBefore = new Date(Math.floor(now / 1000) * 1000 - hour);
const notAfter = new Date(Math.floor(now / 1000) * 1000 + 24 * hour);
const organization = 'Lab Test';

const root = makeCertificate({
  subject: { commonName: 'Test Root', organization },
  notBefore,
  // Past 2049: notAfter must be a GeneralizedTime.
  notAfter: new Date('2051-06-01T12:00:00Z'),
  ca: true,
});
const intermediate = makeCertificate({
  subject: { commonName: 'Test Intermediate', organization },
  notBefore,
  notAfter,
  ca: true,
  pathLength: 0,
  issuer: root,
});
const leafRequest: CertificateRequest = {
  subject: { commonName: 'localhost' },
  notBefore,
  notAfter,
  purposes: ['serverAuth', 'clientAuth'],
  dnsNames: ['localhost', 'lab.test'],
  ipAddresses: ['127.0.0.1', '::1'],
  serial: 0x0123456789abcdefn,
  issuer: intermediate,
};
const leaf = makeCertificate(leafRequest);
const x509 = (pem: string) => new crypto.X509Certificate(pem);

describe('makeCertificate, read back by Node', () => {
  it('names subject and issuer, serial and validity as requested', () => {
    const cert = x509(leaf.cert);
    expect(cert.subject).toBe('CN=localhost');
    expect(cert.issuer).toBe(`O=${organization}\nCN=Test Intermediate`);
    expect(cert.serialNumber).toBe('0123456789ABCDEF');
    expect(new Date(cert.validFrom).getTime()).toBe(notBefore.getTime());
    expect(new Date(cert.validTo).getTime()).toBe(notAfter.getTime());
    expect(new Date(x509(root.cert).validTo).toISOString()).toBe('2051-06-01T12:00:00.000Z');
    expect(x509(root.cert).subject).toBe(x509(root.cert).issuer);
  });

  it('marks CAs as CAs and the leaf as not, with the requested extended key usages', () => {
    expect(x509(root.cert).ca).toBe(true);
    expect(x509(intermediate.cert).ca).toBe(true);
    expect(x509(leaf.cert).ca).toBe(false);
    expect(x509(leaf.cert).keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('links each certificate to its issuer by name and signature, and to no other', () => {
    expect(x509(leaf.cert).checkIssued(x509(intermediate.cert))).toBe(true);
    expect(x509(leaf.cert).verify(x509(intermediate.cert).publicKey)).toBe(true);
    expect(x509(intermediate.cert).verify(x509(root.cert).publicKey)).toBe(true);
    expect(x509(root.cert).verify(x509(root.cert).publicKey)).toBe(true);
    expect(x509(leaf.cert).checkIssued(x509(root.cert))).toBe(false);
    expect(x509(leaf.cert).verify(x509(root.cert).publicKey)).toBe(false);
  });

  it('holds the names of its subjectAltName, v4 and v6 addresses included', () => {
    const cert = x509(leaf.cert);
    expect(cert.subjectAltName).toBe('DNS:localhost, DNS:lab.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkHost('lab.test')).toBe('lab.test');
    expect(cert.checkHost('other.test')).toBeUndefined();
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkIP('127.0.0.2')).toBeUndefined();
  });

  it('gives the private key that matches the certified public key', () => {
    const signature = crypto.sign('sha256', Buffer.from('lab'), leaf.key);
    expect(crypto.verify('sha256', Buffer.from('lab'), x509(leaf.cert).publicKey, signature)).toBe(true);
    const certified = x509(leaf.cert).publicKey.export({ format: 'jwk' });
    expect(crypto.createPublicKey(leaf.key).export({ format: 'jwk' })).toEqual(certified);
  });

  it('draws a fresh positive serial when none is given', () => {
    const a = x509(makeCertificate({ ...leafRequest, serial: undefined }).cert).serialNumber;
    const b = x509(makeCertificate({ ...leafRequest, serial: undefined }).cert).serialNumber;
    expect(a).not.toBe(b);
    expect(Number.parseInt(a.slice(0, 2), 16)).toBeLessThan(0x80);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('makeCertificate, read back by openssl', () => {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'make-certificate-test-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, pem: string) => {
    const at = path.join(folder, name);
    writeFileSync(at, pem);
    return at;
  };

  // Where no openssl binary exists (as on many Windows machines), Node's own checks above still run.
  it.skipIf(!hasOpenssl)('parses every extension and verifies the chain (skipped: no openssl binary)', () => {
    const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', file('leaf.pem', leaf.cert)], {
      encoding: 'utf8',
    });
    expect(text).toContain('Version: 3 (0x2)');
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text).toContain('DNS:localhost, DNS:lab.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    const rootText = execFileSync('openssl', ['x509', '-noout', '-text', '-in', file('root.pem', root.cert)], {
      encoding: 'utf8',
    });
    expect(rootText).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(rootText).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(rootText).toContain('Not After : Jun  1 12:00:00 2051 GMT');

    const verify = (...args: string[]) => spawnSync('openssl', ['verify', ...args], { encoding: 'utf8' });
    const rootFile = file('root.pem', root.cert);
    const intermediateFile = file('intermediate.pem', intermediate.cert);
    const chained = verify('-CAfile', rootFile, '-untrusted', intermediateFile, file('leaf.pem', leaf.cert));
    expect(chained.stdout.trim()).toMatch(/: OK$/);
    expect(chained.status).toBe(0);
    // Without the intermediate there is no path: openssl must refuse, or the OK above proves nothing.
    expect(verify('-CAfile', rootFile, file('leaf.pem', leaf.cert)).status).not.toBe(0);
  });
});

describe('makeCertificate, used by Node TLS', () => {
  it('is accepted when the client trusts the root, and refused when it does not', async () => {
    const chain = { key: leaf.key, cert: leaf.cert + intermediate.cert };
    const server = tls.createServer(chain, (socket) => socket.end('hi'));
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const handshake = (ca?: string) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...(ca ? { ca } : {}) });
        socket.on('secureConnect', () => {
          resolve(socket.authorized ? 'authorized' : `unauthorized: ${String(socket.authorizationError)}`);
          socket.destroy();
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
    try {
      expect(await handshake(root.cert)).toBe('authorized');
      expect(await handshake()).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
