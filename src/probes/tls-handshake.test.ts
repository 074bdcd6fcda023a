import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestPki, type TestPki } from '../../test/openssl-pki.js';
import { makeLabPki } from '../lab/certs/lab-pki.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { realSocket } from './budgeted-socket.js';
import { contextFor, tlsHandshake, type TlsHandshakeOptions } from './tls-handshake.js';
import { hostTrustInputs, loadTrustStore, type TrustStore } from './trust-store.js';
import { expectKind } from './expect-kind.test-helper.js';

let pki: TestPki;
let trusted: string[];
beforeAll(() => {
  pki = makeTestPki();
  trusted = [pki.ca.cert];
});
afterAll(() => pki.remove());

const { serve: serveTcp, listen, stop, server } = useLoopbackServers();

/** A TLS server that accepts and then waits for the client, as an HTTPS server does. */
function serveTls(options: tls.TlsOptions): Promise<TcpEndpoint> {
  const server = tls.createServer(options, (peer) => peer.on('data', () => {}));
  server.on('tlsClientError', () => {});
  return listen(server);
}

const localhost: TlsHandshakeOptions = { servername: 'localhost', ca: null };

function handshake(endpoint: TcpEndpoint, options: Partial<TlsHandshakeOptions> = {}, timeoutMs = 3000) {
  return tlsHandshake(endpoint, { ...localhost, ca: trusted, ...options }, { timeoutMs });
}

describe('tlsHandshake: certificates', () => {
  it('completes a TLS 1.3 handshake with a trusted certificate and summarises the chain', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert, ALPNProtocols: ['http/1.1'] });
    const result = expectKind(await handshake(endpoint), 'secure');
    expect(result.session.protocol).toBe('TLSv1.3');
    expect(result.session.cipher).toMatch(/^TLS_/);
    expect(result.session.alpn).toBe('http/1.1');
    expect(result.session.verification).toEqual({ chainError: null, checkedName: 'localhost', hostnameError: null });
    const [leaf, root] = result.session.chain;
    expect(leaf).toMatchObject({ subject: 'CN=localhost', issuer: 'CN=conn-doctor test CA', selfSigned: false });
    expect(leaf?.subjectAltNames).toEqual(['DNS:localhost', 'IP Address:127.0.0.1']);
    expect(leaf?.daysLeft).toBeGreaterThanOrEqual(1);
    expect(leaf?.fingerprint256).toBe(new (await import('node:crypto')).X509Certificate(pki.leaf.cert).fingerprint256);
    expect(root).toMatchObject({ subject: 'CN=conn-doctor test CA', selfSigned: true });
    // Node's server issues session tickets once it has accepted the handshake, which ends the watch at once.
    expect(result.postHandshake).toBe('session-ticket');
    expect(result.marks.secureAt).toBeGreaterThan(result.marks.connectedAt);
    expect(result.handshakeMs).toBeCloseTo(result.marks.secureAt! - result.marks.connectedAt, 6);
  });

  it('offers no ALPN when asked for none: a server that checks ALPN (Exim 4.96 wants smtp) refuses an HTTP offer', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert, ALPNProtocols: ['smtp'] });
    const refused = expectKind(await handshake(endpoint), 'alert');
    expect(refused.alert.description).toBe('no_application_protocol');
    const result = expectKind(await handshake(endpoint, { alpn: [] }), 'secure');
    expect(result.session.alpn).toBeNull();
  });

  it('ends the handshake when OpenSSL finishes it, before Node builds the certificate objects', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert });
    const original = tls.TLSSocket.prototype.getPeerCertificate;
    let calls = 0;
    const spy = vi.spyOn(tls.TLSSocket.prototype, 'getPeerCertificate').mockImplementation(function (
      this: tls.TLSSocket,
      detailed?: boolean,
    ) {
      // Node's own call, for a chain that verified, comes between 'secure' and 'secureConnect': make it slow.
      if (calls++ === 0) for (const until = performance.now() + 50; performance.now() < until; );
      return original.call(this, detailed as true);
    } as typeof original);
    try {
      const result = expectKind(await handshake(endpoint), 'secure');
      expect(calls).toBeGreaterThanOrEqual(2);
      expect(result.marks.doneAt - result.marks.secureAt!).toBeGreaterThanOrEqual(50);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports an unknown issuer with the code the chain earns: leaf alone, or leaf and root', async () => {
    const leafOnly = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert });
    const withRoot = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert + pki.ca.cert });
    const alone = expectKind(await handshake(leafOnly, { ca: null }), 'secure');
    expect(alone.session.verification.chainError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const both = expectKind(await handshake(withRoot, { ca: null }), 'secure');
    expect(both.session.verification.chainError).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('trusts what the user`s clients trust: the host store, plus NODE_EXTRA_CA_CERTS and --ca', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert });
    const chainError = async (store: Promise<TrustStore>) =>
      expectKind(await handshake(endpoint, { ca: (await store).ca }), 'secure').session.verification.chainError;
    expect(await chainError(loadTrustStore(null, hostTrustInputs({})))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await chainError(loadTrustStore(pki.ca.certPath, hostTrustInputs({})))).toBeNull();
    expect(
      await chainError(loadTrustStore(null, hostTrustInputs({ NODE_EXTRA_CA_CERTS: pki.ca.certPath }))),
    ).toBeNull();
  });

  it.each([
    ['a self-signed certificate', 'selfSigned', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['an expired certificate', 'expired', 'CERT_HAS_EXPIRED'],
    ['a certificate not valid yet', 'notYetValid', 'CERT_NOT_YET_VALID'],
  ] as const)('completes the handshake with %s and names the verify error', async (_, which, code) => {
    const endpoint = await serveTls({ key: pki[which].key, cert: pki[which].cert });
    const result = expectKind(await handshake(endpoint), 'secure');
    expect(result.session.verification.chainError).toBe(code);
    expect(result.session.verification.hostnameError).toBeNull();
  });

  it('gives an expired certificate its dates and a negative daysLeft', async () => {
    const endpoint = await serveTls({ key: pki.expired.key, cert: pki.expired.cert });
    const [leaf] = expectKind(await handshake(endpoint), 'secure').session.chain;
    expect(leaf).toMatchObject({ validFrom: '2020-01-01T00:00:00.000Z', validTo: '2020-02-01T00:00:00.000Z' });
    expect(leaf!.daysLeft).toBeLessThan(-365);
  });

  it('checks the name separately from the chain', async () => {
    const endpoint = await serveTls({ key: pki.wrongName.key, cert: pki.wrongName.cert });
    const { verification } = expectKind(await handshake(endpoint), 'secure').session;
    expect(verification.chainError).toBeNull();
    expect(verification.hostnameError?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(verification.hostnameError?.reason).toContain('other.test');
  });

  it('sends the name as SNI, and for an IP literal sends none and checks the address', async () => {
    const seen: (string | undefined)[] = [];
    const endpoint = await serveTls({
      key: pki.leaf.key,
      cert: pki.leaf.cert,
      SNICallback: (name, done) => {
        seen.push(name);
        done(null, undefined);
      },
    });
    server(endpoint).on('secureConnection', (peer: tls.TLSSocket) =>
      seen.push(`servername:${String(peer.servername)}`),
    );
    expectKind(await handshake(endpoint), 'secure');
    const byAddress = expectKind(await handshake(endpoint, { servername: null }), 'secure');
    expect(byAddress.session.verification).toMatchObject({ checkedName: '127.0.0.1', hostnameError: null });
    expect(seen).toEqual(['localhost', 'servername:localhost', 'servername:false']);
  });

  it("checks an IPv6 literal against the certificate's own IP entries, on every Node", async () => {
    // Some Node 22 and 24 releases' own check refuses every certificate for `::1` (nodejs/node#64144).
    const lab = makeLabPki();
    const labTrust = [lab.rootCa];
    for (const [identity, hostnameError] of [
      [lab.good, null],
      [lab.wrongName, { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason: expect.stringContaining('IP: ::1 is not') }],
    ] as const) {
      const ipv6 = tls.createServer(identity, (peer) => peer.on('data', () => {}));
      ipv6.on('tlsClientError', () => {});
      await new Promise<void>((ready) => ipv6.listen(0, '::1', ready));
      try {
        const endpoint: TcpEndpoint = { address: '::1', family: 6, port: (ipv6.address() as net.AddressInfo).port };
        const result = expectKind(await handshake(endpoint, { servername: null, ca: labTrust }), 'secure');
        expect(result.session.verification).toEqual({ chainError: null, checkedName: '::1', hostnameError });
      } finally {
        await new Promise((closed) => ipv6.close(closed));
      }
    }
  });

  it('reports a TLS 1.2 session without watching for a late alert', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert, maxVersion: 'TLSv1.2' });
    const result = expectKind(await handshake(endpoint), 'secure');
    expect(result.session.protocol).toBe('TLSv1.2');
    expect(result.postHandshake).toBeNull();
  });

  it('reports application data after a TLS 1.3 handshake (a server-first protocol)', async () => {
    const server = tls.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (peer) =>
      peer.write('* OK IMAP4rev1 ready\r\n'),
    );
    const endpoint = await listen(server);
    expect(expectKind(await handshake(endpoint), 'secure').postHandshake).toBe('data');
  });
});

describe('tlsHandshake: against OpenSSL s_server, which can send no session ticket', () => {
  it('watches a quiet TLS 1.3 server briefly, then reports the session', async () => {
    const endpoint = await openSslServer(['-num_tickets', '0']);
    const result = expectKind(await handshake(endpoint), 'secure');
    expect(result.postHandshake).toBe('quiet');
    expect(result.session.verification.chainError).toBeNull();
  });

  it('still catches a late certificate_required when no ticket was due', async () => {
    const endpoint = await openSslServer(['-num_tickets', '0', '-Verify', '1', '-CAfile', pki.ca.certPath]);
    const result = expectKind(await handshake(endpoint), 'alert');
    expect(result).toMatchObject({
      stage: 'after-handshake',
      alert: { number: 116, description: 'certificate_required' },
    });
  });
});

describe('tlsHandshake: refusals', () => {
  it('reports a required client certificate under TLS 1.2 as a handshake alert', async () => {
    const endpoint = await serveTls({
      key: pki.leaf.key,
      cert: pki.leaf.cert,
      ca: [pki.ca.cert],
      requestCert: true,
      rejectUnauthorized: true,
      maxVersion: 'TLSv1.2',
    });
    const result = expectKind(await handshake(endpoint), 'alert');
    expect(result.stage).toBe('handshake');
    expect(result.alert).toEqual({
      // OpenSSL 3.5 (Node 22, 24) spells the reason `ssl/tls alert`, OpenSSL 3.0 (Node 20) `sslv3 alert`.
      code: expect.stringMatching(/^ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE$/),
      number: 40,
      description: 'handshake_failure',
    });
    expect(result.session).toBeNull();
  });

  it('catches TLS 1.3 refusing a missing client certificate after the handshake', async () => {
    const endpoint = await serveTls({
      key: pki.leaf.key,
      cert: pki.leaf.cert,
      ca: [pki.ca.cert],
      requestCert: true,
      rejectUnauthorized: true,
    });
    const result = expectKind(await handshake(endpoint), 'alert');
    expect(result.stage).toBe('after-handshake');
    expect(result.alert).toEqual({
      code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      number: 116,
      description: 'certificate_required',
    });
    expect(result.session?.protocol).toBe('TLSv1.3');
    expect(result.marks.secureAt).not.toBeNull();
  });

  it('reports a server that only speaks TLS 1.1 or older as a protocol_version alert', async () => {
    const endpoint = await serveTls({
      key: pki.leaf.key,
      cert: pki.leaf.cert,
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    const result = expectKind(await handshake(endpoint), 'alert');
    expect(result.alert).toEqual({
      code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      number: 70,
      description: 'protocol_version',
    });
  });

  it('reports bytes that only look like TLS as our own handshake error', async () => {
    // A handshake record whose body is not a ServerHello.
    const endpoint = await serveTcp((peer) =>
      peer.once('data', () => peer.write(Buffer.from('160303000401000000', 'hex'))),
    );
    const result = expectKind(await handshake(endpoint), 'handshake-error');
    expect(result.code).toMatch(/^ERR_SSL_/);
    expect(result.reason.length).toBeGreaterThan(0);
  });
});

describe('tlsHandshake: not TLS at all', () => {
  it('captures the plain HTTP answer to a ClientHello', async () => {
    const server = http.createServer((_, response) => response.end('hello'));
    const endpoint = await listen(server);
    const result = expectKind(await handshake(endpoint), 'plaintext-reply');
    expect(result.code).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(result.firstBytes.text).toMatch(/^HTTP\/1\.1 400 Bad Request\\r\\n/);
    expect(result.protocol?.id).toBe('http');
  });

  it('captures a server-first banner that arrives instead of a ServerHello', async () => {
    const endpoint = await serveTcp((peer) => peer.write('SSH-2.0-OpenSSH_9.2p1\r\n'));
    const result = expectKind(await handshake(endpoint), 'plaintext-reply');
    expect(result.protocol?.id).toBe('ssh');
    expect(result.firstBytes.text).toBe('SSH-2.0-OpenSSH_9.2p1\\r\\n');
  });

  it('counts a reply too short for OpenSSL to judge (PostgreSQL`s N) as plain text at the deadline', async () => {
    const endpoint = await serveTcp((peer) => peer.once('data', () => peer.write('N')));
    const result = expectKind(await handshake(endpoint, {}, 300), 'plaintext-reply');
    expect(result).toMatchObject({ code: null, firstBytes: { text: 'N', length: 1 } });
  });

  it('reports FIN before the handshake finished as closed', async () => {
    const endpoint = await serveTcp((peer) => peer.end());
    expect(expectKind(await handshake(endpoint), 'closed-during-handshake').how).toBe('closed');
  });

  it('reports a plain-text server that reads our hello and closes', async () => {
    const endpoint = await serveTcp((peer) => peer.once('data', () => peer.end()));
    expect(expectKind(await handshake(endpoint), 'closed-during-handshake')).toMatchObject({
      how: 'closed',
      firstBytes: null,
    });
  });

  it('reports RST before the handshake finished as reset', async () => {
    const endpoint = await serveTcp((peer) => peer.once('data', () => peer.resetAndDestroy()));
    expect(expectKind(await handshake(endpoint), 'closed-during-handshake').how).toBe('reset');
  });

  it('reports a silent server as no-response within the budget', async () => {
    const endpoint = await serveTcp(() => {});
    const started = performance.now();
    const result = expectKind(await handshake(endpoint, {}, 300), 'no-response');
    expect(result.firstBytes).toBeNull();
    expect(result.waitedMs).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(300 + 1000);
  });
});

describe('tlsHandshake: connection', () => {
  it('reports a refused port as connect-failed', async () => {
    const endpoint = await serveTcp(() => {});
    await stop(endpoint);
    expect(expectKind(await handshake(endpoint), 'connect-failed').connect.kind).toBe('refused');
  });

  it('reports a connect that never completes as connect-failed timeout', async () => {
    const endpoint: TcpEndpoint = { address: '127.0.0.1', family: 4, port: 9 };
    const result = await tlsHandshake(endpoint, localhost, { timeoutMs: 200 }, () => new net.Socket());
    expect(expectKind(result, 'connect-failed').connect.kind).toBe('timeout');
  });

  it('turns options Node refuses into a result, not a throw', async () => {
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert });
    const result = expectKind(await handshake(endpoint, { alpn: ['x'.repeat(300)] }), 'handshake-error');
    expect(result.code).toBe('ERR_OUT_OF_RANGE');
  });

  it('connects only once the TLS warm-up has run, so its one-time cost is outside the timed handshake', async () => {
    vi.resetModules();
    const { warmUpTls } = await import('./warm-up-tls.js');
    const fresh = await import('./tls-handshake.js');
    const endpoint = await serveTls({ key: pki.leaf.key, cert: pki.leaf.cert });
    let warmedUp = false;
    // Registered just before the probe's own wait on the same promise, so it runs first.
    void warmUpTls().then(() => (warmedUp = true));
    let warmedUpAtConnect: boolean | null = null;
    const result = await fresh.tlsHandshake(endpoint, { ...localhost, ca: trusted }, { timeoutMs: 3000 }, (dialled) => {
      warmedUpAtConnect = warmedUp;
      return realSocket(dialled);
    });
    expect(warmedUpAtConnect).toBe(true);
    expectKind(result, 'secure');
  });

  it('builds each secure context once, Node`s default one too, before any connection', () => {
    expect(contextFor(null)).toBe(contextFor(null));
    expect(contextFor(trusted)).toBe(contextFor(trusted));
    expect(contextFor(trusted)).not.toBe(contextFor(null));
  });

  it('settles as aborted when the caller cancels', async () => {
    const endpoint = await serveTcp(() => {});
    const controller = new AbortController();
    const pending = tlsHandshake(endpoint, localhost, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ kind: 'aborted' });
  });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

/** `openssl s_server` with the trusted leaf on an ephemeral loopback port, for one connection. */
async function openSslServer(args: string[]): Promise<TcpEndpoint> {
  const child = spawn(
    'openssl',
    [
      's_server',
      '-key',
      pki.leaf.keyPath,
      '-cert',
      pki.leaf.certPath,
      '-accept',
      '127.0.0.1:0',
      '-naccept',
      '1',
      ...args,
    ],
    // stdin stays open: at its end s_server would close the connection.
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s_server did not start: ${output}`)), 5000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({ address: '127.0.0.1', family: 4, port: Number(port) });
    });
  });
}
