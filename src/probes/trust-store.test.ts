import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../test/openssl-pki.js';
import { hostTrustInputs, loadTrustStore, type TrustInputs } from './trust-store.js';

const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-trust-'));
let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  pki.remove();
});

/** A PEM block whose body is `body`: not a certificate, however it is wrapped. */
const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function inputs(overrides: Partial<TrustInputs>): TrustInputs {
  return { ...hostTrustInputs({}), bundled: [], systemBundles: [], extraCaCerts: null, ...overrides };
}

describe('loadTrustStore', () => {
  it('trusts the bundled store, the system bundle, NODE_EXTRA_CA_CERTS and --ca, in that order, once each', async () => {
    const [a, b, c, d] = [pki.ca.cert, pki.leaf.cert, pki.selfSigned.cert, pki.wrongName.cert].map((cert) =>
      cert.trim(),
    );
    const system = file('system.crt', `${a}\n${b}\n`);
    const extra = file('extra.crt', `subject=CN extra\n${c}\n`);
    // The bundled certificate again, with other line ends: not added twice.
    const ca = file('ca.crt', `${d}\n${a}\n`.replace(/\n/g, '\r\n'));
    const store = await loadTrustStore(ca, inputs({ bundled: [a!], systemBundles: [system], extraCaCerts: extra }));
    expect(store.ca.map((pem) => pem.replace(/\r/g, ''))).toEqual([a, b, c, d]);
    expect(store.sources).toEqual([
      { kind: 'node-bundled', path: null, added: 1, error: null },
      { kind: 'system-bundle', path: system, added: 1, error: null },
      { kind: 'node-extra-ca-certs', path: extra, added: 1, error: null },
      { kind: 'ca-option', path: ca, added: 1, error: null },
    ]);
  });

  it('keeps the certificates of a --ca file that parse, and says how many did not', async () => {
    const broken = file('broken.crt', `${pki.ca.cert}\n${pem('QUFB')}\n`);
    const store = await loadTrustStore(broken, inputs({}));
    expect(store.ca).toEqual([pki.ca.cert.trim()]);
    expect(store.sources[1]).toEqual({
      kind: 'ca-option',
      path: broken,
      added: 1,
      error: '1 of 2 certificates do not parse',
    });
  });

  it('skips system bundles that do not exist, and reports a missing --ca or NODE_EXTRA_CA_CERTS file', async () => {
    const missing = join(dir, 'missing.crt');
    const store = await loadTrustStore(
      missing,
      inputs({ bundled: [pki.ca.cert], systemBundles: [missing], extraCaCerts: missing }),
    );
    expect(store.ca).toEqual([pki.ca.cert]);
    expect(store.sources.map(({ kind, error }) => [kind, error])).toEqual([
      ['node-bundled', null],
      ['node-extra-ca-certs', 'ENOENT'],
      ['ca-option', 'ENOENT'],
    ]);
  });

  it('says so when the --ca file holds no certificate (a key, say)', async () => {
    const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nQUFB\n-----END PRIVATE KEY-----\n');
    const store = await loadTrustStore(key, inputs({}));
    expect(store.sources).toEqual([
      { kind: 'node-bundled', path: null, added: 0, error: null },
      { kind: 'ca-option', path: key, added: 0, error: 'no PEM certificate in the file' },
    ]);
  });

  it('reads files through a bounded reader', async () => {
    const asked: number[] = [];
    const readText = (_: string, maxBytes: number) => {
      asked.push(maxBytes);
      return Promise.resolve(pem('QUFB'));
    };
    await loadTrustStore('/ca.crt', inputs({ systemBundles: ['/a', '/b'], extraCaCerts: '/c', readText }));
    expect(asked).toHaveLength(4);
    for (const maxBytes of asked) expect(maxBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('makes a hostile path visible', async () => {
    const store = await loadTrustStore('/tmp/\x1b[31mca.crt', inputs({}));
    expect(store.sources[1]?.path).toBe('/tmp/\\x1b[31mca.crt');
  });
});

describe('hostTrustInputs', () => {
  it('starts from Node`s bundled store and reads NODE_EXTRA_CA_CERTS from the environment', () => {
    const host = hostTrustInputs({ NODE_EXTRA_CA_CERTS: '/etc/extra.pem' });
    expect(host.bundled).toBe(tls.rootCertificates);
    expect(host.extraCaCerts).toBe('/etc/extra.pem');
    expect(host.systemBundles).toContain('/etc/ssl/certs/ca-certificates.crt');
    expect(hostTrustInputs({ NODE_EXTRA_CA_CERTS: '' }).extraCaCerts).toBeNull();
  });

  it('reads no more of a file than asked', async () => {
    const big = file('big.crt', 'x'.repeat(10_000));
    expect(await hostTrustInputs({}).readText(big, 100)).toBe('x'.repeat(100));
    expect(await hostTrustInputs({}).readText(file('small.crt', 'abc'), 100)).toBe('abc');
  });
});
