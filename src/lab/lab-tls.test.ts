import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { makeLabPki } from './certs/lab-pki.js';
import type { LabDnsServer } from './dns-server.js';
import { scenarios } from './scenarios.js';
import { startOnBothLoopbacks } from './servers/both-loopbacks.js';
import { goPlainHttpAnswer, startGoPlainToTls } from './servers/go-plain-to-tls.js';
import { startHttpStatusServer } from './servers/http-status-server.js';
import { nginxPlainHttpMessage, startNginxPlainToTls } from './servers/nginx-plain-to-tls.js';
import { startPostgresLike } from './servers/postgres-like.js';
import { startRedisLike } from './servers/redis-like.js';
import { startTlsServer, type TlsServerOptions } from './servers/tls-server.js';
import { talk, useStartedServers } from './servers/started-servers.test-helper.js';

const pki = makeLabPki();
const request = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

const use = useStartedServers();

/** What a plain Node TLS client saw: whether the handshake completed, the first error, and the bytes after. */
interface TlsSeen {
  handshake: 'done' | 'failed';
  protocol?: string | null;
  authorized?: boolean;
  /** The code of the first error, TLS verification or alert. */
  error?: string;
  text: string;
}

/**
 * Connects with TLS as `localhost` (SNI and name check), sends `send` once secure, and records until the
 * connection closes or `waitMs` pass. Only `options` differ between cases: the client trusts nothing by default.
 */
function tlsTalk(server: { port: number }, options: tls.ConnectionOptions = {}, send?: string, waitMs = 2000) {
  return new Promise<TlsSeen>((resolve) => {
    const seen: TlsSeen = { handshake: 'failed', text: '' };
    const socket = tls.connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ...options });
    const done = () => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(seen);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('secureConnect', () => {
      Object.assign(seen, { handshake: 'done', protocol: socket.getProtocol(), authorized: socket.authorized });
      if (send) socket.write(send);
    });
    socket.on('data', (chunk: Buffer) => (seen.text += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => (seen.error ??= error.code));
    socket.on('close', done);
  });
}

const trustRoot = { ca: pki.rootCa };
const tlsServer = (options: Omit<TlsServerOptions, 'identity'> & { identity?: TlsServerOptions['identity'] } = {}) =>
  use(startTlsServer({ identity: pki.good, ...options }));

describe('TLS servers, seen by a plain Node TLS client', () => {
  it('good chain: verifies against the root CA and answers 200 over TLS', async () => {
    const seen = await tlsTalk(await tlsServer(), trustRoot, request);
    expect(seen).toMatchObject({ handshake: 'done', authorized: true, protocol: 'TLSv1.3' });
    expect(seen.error).toBeUndefined();
    expect(seen.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('good chain, root not trusted: UNABLE_TO_GET_ISSUER_CERT_LOCALLY', async () => {
    const seen = await tlsTalk(await tlsServer());
    expect(seen).toMatchObject({ handshake: 'failed', error: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
  });

  it.each([
    ['selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['missingIntermediate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['expired', 'CERT_HAS_EXPIRED'],
    ['notYetValid', 'CERT_NOT_YET_VALID'],
  ] as const)('%s: the handshake fails with %s, even with the root trusted', async (identity, code) => {
    const seen = await tlsTalk(await tlsServer({ identity: pki[identity] }), trustRoot);
    expect(seen).toMatchObject({ handshake: 'failed', error: code });
  });

  it('missingIntermediate: the leaf itself is fine, a client that holds the intermediate verifies it', async () => {
    const server = await tlsServer({ identity: pki.missingIntermediate });
    const seen = await tlsTalk(server, { ca: [pki.rootCa, pki.intermediateCa] }, request);
    expect(seen).toMatchObject({ handshake: 'done', authorized: true });
  });

  it('wrongName: the chain verifies; the name check fails with ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const server = await tlsServer({ identity: pki.wrongName });
    const identityErrors: (string | undefined)[] = [];
    const seen = await tlsTalk(
      server,
      {
        ...trustRoot,
        checkServerIdentity: (host, cert) => {
          const error = tls.checkServerIdentity(host, cert) as NodeJS.ErrnoException | undefined;
          identityErrors.push(error?.code);
          return undefined; // accept, to show the chain itself is fine
        },
      },
      request,
    );
    expect(seen).toMatchObject({ handshake: 'done', authorized: true });
    expect(identityErrors).toEqual(['ERR_TLS_CERT_ALTNAME_INVALID']);
    const checked = await tlsTalk(server, trustRoot);
    expect(checked).toMatchObject({ handshake: 'failed', error: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('mTLS over TLS 1.2: no client certificate fails the handshake with a handshake_failure alert (40)', async () => {
    const server = await tlsServer({ maxVersion: 'TLSv1.2', clientCa: pki.rootCa });
    const seen = await tlsTalk(server, trustRoot, request);
    // OpenSSL 3.0 (Node 20) names the alert `sslv3 alert handshake failure`, OpenSSL 3.5 (Node 22, 24) `ssl/tls alert …`.
    const handshakeFailure = expect.stringMatching(/^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/);
    expect(seen).toMatchObject({ handshake: 'failed', error: handshakeFailure, text: '' });
    const withCert = await tlsTalk(server, { ...trustRoot, ...pki.client }, request);
    expect(withCert).toMatchObject({ handshake: 'done', protocol: 'TLSv1.2', authorized: true });
    expect(withCert.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('mTLS over TLS 1.3: the handshake completes, then a certificate_required alert (116) comes', async () => {
    const server = await tlsServer({ clientCa: pki.rootCa });
    // Nothing is sent: the alert comes on the first read all the same.
    const seen = await tlsTalk(server, trustRoot);
    expect(seen).toMatchObject({
      handshake: 'done',
      protocol: 'TLSv1.3',
      authorized: true,
      error: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      text: '',
    });
    const withCert = await tlsTalk(server, { ...trustRoot, ...pki.client }, request);
    expect(withCert).toMatchObject({ handshake: 'done', protocol: 'TLSv1.3' });
    expect(withCert.error).toBeUndefined();
    expect(withCert.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('TLS 1.0/1.1-only: a default client gets a protocol_version alert (70); an old client gets in', async () => {
    const server = await tlsServer({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const seen = await tlsTalk(server, trustRoot);
    expect(seen).toMatchObject({ handshake: 'failed', error: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    const old = await tlsTalk(server, { ...trustRoot, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, request);
    expect(old).toMatchObject({ handshake: 'done', protocol: 'TLSv1.1', authorized: true });
    expect(old.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  // OpenSSL sends no alert for a record that is not TLS (SSL_AD_NO_ALERT for an HTTP request), it just fails.
  it('plain HTTP to a TLS port: closed with a FIN, no byte and no alert', async () => {
    const server = await tlsServer();
    expect(await talk(server, request)).toEqual({ bytes: Buffer.alloc(0), ending: 'end' });
    // Not HTTP either: still no alert, just the close.
    const noise = await talk(server, Buffer.from('ffffffff00000000', 'hex'));
    expect(noise).toEqual({ bytes: Buffer.alloc(0), ending: 'end' });
  });

  it('TLS to a plain HTTP port: "HTTP/1.1 400" read as a TLS record, ERR_SSL_WRONG_VERSION_NUMBER', async () => {
    const server = await use(startHttpStatusServer(200));
    expect(await tlsTalk(server)).toMatchObject({ handshake: 'failed', error: 'ERR_SSL_WRONG_VERSION_NUMBER' });
    // What those bytes are: Node's HTTP server answers a TLS record header with a 400.
    const seen = await talk(server, Buffer.from('160301000501000001', 'hex'));
    expect(seen.bytes.toString('latin1')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});

describe('TLS ports that are kind to plain clients', () => {
  it('nginx-style: plain HTTP gets its 400 page; a TLS client gets TLS and 200', async () => {
    const server = await use(startNginxPlainToTls(pki.good));
    const plain = await talk(server, request);
    const text = plain.bytes.toString('latin1');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\nServer: nginx\/1\.24\.0\r\n/);
    expect(text).toContain(`<title>400 ${nginxPlainHttpMessage}</title>`);
    const [head = '', body = ''] = text.split('\r\n\r\n');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(plain.ending).toBe('end');
    const secure = await tlsTalk(server, trustRoot, request);
    expect(secure).toMatchObject({ handshake: 'done', authorized: true });
    expect(secure.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('nginx-style: a plain client gets no answer until its request head is complete', async () => {
    const server = await use(startNginxPlainToTls(pki.good));
    expect(await talk(server, 'GET / HTTP/1.1\r\n', 300)).toEqual({ bytes: Buffer.alloc(0), ending: 'still-open' });
  });

  it('Go-style: plain HTTP gets its HTTP/1.0 400 line at once, then a FIN; a TLS client gets TLS and 200', async () => {
    const server = await use(startGoPlainToTls(pki.good));
    const plain = await talk(server, 'GET / HTTP/1.1\r\n');
    expect(plain).toEqual({ bytes: Buffer.from(goPlainHttpAnswer, 'latin1'), ending: 'end' });
    const secure = await tlsTalk(server, trustRoot, request);
    expect(secure).toMatchObject({ handshake: 'done', authorized: true });
    expect(secure.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('Go-style: bytes that are neither HTTP nor TLS go to TLS, which closes without a byte', async () => {
    const server = await use(startGoPlainToTls(pki.good));
    expect(await talk(server, 'SSH-2.0-x\r\n')).toEqual({ bytes: Buffer.alloc(0), ending: 'end' });
  });
});

describe('servers of other protocols', () => {
  it('redis-like: +PONG to inline and RESP PINGs, -ERR to other commands, and stays open', async () => {
    const server = await use(startRedisLike());
    const seen = await talk(server, 'PING\r\n*1\r\n$4\r\nping\r\nFLUSHALL now\r\n', 300);
    expect(seen.bytes.toString('latin1')).toBe(
      "+PONG\r\n+PONG\r\n-ERR unknown command 'FLUSHALL', with args beginning with: 'now' \r\n",
    );
    expect(seen.ending).toBe('still-open');
  });

  it('redis-like: answers an HTTP request line with -ERR, then closes at its Host: line', async () => {
    const seen = await talk(await use(startRedisLike()), request);
    expect(seen).toEqual({
      bytes: Buffer.from("-ERR unknown command 'GET', with args beginning with: '/' 'HTTP/1.1' \r\n"),
      ending: 'end',
    });
  });

  it('postgres-like: N to an SSLRequest, a FATAL 28000 ErrorResponse to the StartupMessage, then a FIN', async () => {
    const server = await use(startPostgresLike());
    const sslRequest = Buffer.from('0000000804d2162f', 'hex');
    expect(await talk(server, sslRequest, 300)).toEqual({ bytes: Buffer.from('N'), ending: 'still-open' });

    const params = Buffer.from('user\0lab\0database\0app\0\0', 'latin1');
    const startup = Buffer.alloc(8);
    startup.writeUInt32BE(8 + params.length, 0);
    startup.writeUInt32BE(196608, 4); // protocol 3.0
    const seen = await talk(server, Buffer.concat([sslRequest, startup, params]));
    expect(seen.ending).toBe('end');
    expect(seen.bytes.subarray(0, 2).toString('latin1')).toBe('NE');
    const error = seen.bytes.subarray(1);
    expect(error.readUInt32BE(1)).toBe(error.length - 1);
    expect(error.subarray(5).toString('latin1').split('\0')).toEqual([
      'SFATAL',
      'VFATAL',
      'C28000',
      'Mno pg_hba.conf entry for host "127.0.0.1", user "lab", database "app", no encryption',
      '',
      '',
    ]);
  });

  it('postgres-like: closes an HTTP request with a FIN and no byte, as PostgreSQL does', async () => {
    expect(await talk(await use(startPostgresLike()), request)).toEqual({ bytes: Buffer.alloc(0), ending: 'end' });
  });
});

describe('the lab PKI and the TLS scenarios', () => {
  it('serves localhost on 127.0.0.1 and ::1 with one port, with a certificate for both addresses', async () => {
    const server = await use(startOnBothLoopbacks((host, port) => startTlsServer({ identity: pki.good, host, port })));
    // The address is checked against the certificate's IP entries by OpenSSL: Node's own check refuses every
    // certificate for `::1` in some Node 22 and 24 releases (nodejs/node#64144), though the certificate names it.
    const checkServerIdentity = (host: string, cert: tls.PeerCertificate) =>
      new crypto.X509Certificate(cert.raw).checkIP(host) === undefined ? new Error(`not for ${host}`) : undefined;
    for (const host of ['127.0.0.1', '::1']) {
      const options = { ...trustRoot, host, servername: undefined, checkServerIdentity };
      const seen = await tlsTalk({ port: server.port }, options, request);
      expect(seen).toMatchObject({ handshake: 'done', authorized: true });
    }
    expect(new crypto.X509Certificate(pki.good.cert).checkIP('::1')).toBe('::1');
  });

  it('each new scenario starts on loopback, hands conn-doctor the root CA when it should, and cleans up', async () => {
    const dns: LabDnsServer = { host: '127.0.0.1', port: 5353, close: async () => {} };
    const ids = [
      'tls-healthy',
      'tls-unknown-ca',
      'https-to-plain-http',
      'http-to-tls-port',
      'postgres-port',
      'tcp-redis',
    ];
    for (const id of ids) {
      const scenario = scenarios.find((candidate) => candidate.id === id);
      if (!scenario) throw new Error(`no scenario ${id}`);
      const run = await scenario.start({ dns });
      const caIndex = run.args.indexOf('--ca');
      const caFile = caIndex >= 0 ? run.args[caIndex + 1] : undefined;
      try {
        const url = new URL(run.target);
        expect(url.hostname).toBe(url.protocol === 'https:' ? 'localhost' : '127.0.0.1');
        if (id === 'tls-healthy') {
          const ca = readFileSync(caFile ?? '', 'utf8');
          const root = new crypto.X509Certificate(ca);
          expect(root).toMatchObject({ ca: true, subject: expect.stringContaining('root CA') });
          // The file is the root that the scenario's server chains to.
          const seen = await tlsTalk({ port: Number(url.port) }, { ca }, request);
          expect(seen).toMatchObject({ handshake: 'done', authorized: true });
        } else {
          expect(caFile).toBeUndefined();
        }
      } finally {
        await run.stop();
      }
      if (caFile) expect(existsSync(caFile)).toBe(false);
    }
  });
});
