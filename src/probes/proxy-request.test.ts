import { describe, expect, it } from 'vitest';
import { makeLabPki } from '../lab/certs/lab-pki.js';
import { sshBanner, startBannerServer } from '../lab/servers/banner-server.js';
import { startCloseAfterRequest } from '../lab/servers/close-after-request.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { startHttpStatusServer } from '../lab/servers/http-status-server.js';
import { startHttpProxy, type LabProxyMode } from '../lab/servers/http-proxy.js';
import { startSilentServer } from '../lab/servers/silent-server.js';
import { startTlsServer } from '../lab/servers/tls-server.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import { requestThroughProxy } from './proxy-request.js';
import type { ProxyCredentials, ProxyTarget } from './proxy-settings.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { useStartedServers } from '../lab/servers/started-servers.test-helper.js';
import { expectKind } from './expect-kind.test-helper.js';

const pki = makeLabPki();
const { serve } = useLoopbackServers();

const use = useStartedServers();

const endpoint = (server: { host: string; port: number }): TcpEndpoint => ({
  address: server.host,
  family: 4,
  port: server.port,
});
const proxyIn = async (mode: LabProxyMode) => use(startHttpProxy(mode));
const httpTarget = (port: number): ProxyTarget => ({ scheme: 'http', host: '127.0.0.1', port });
const lab: ProxyCredentials = { username: 'lab', password: 's3cret-pw' };
const labTls = { servername: 'localhost', ca: [pki.rootCa] };

/** Runs the probe and measures how long it took to settle. */
async function probe(
  proxy: TcpEndpoint,
  target: ProxyTarget,
  {
    timeoutMs = 3000,
    credentials = null as ProxyCredentials | null,
    signal = undefined as AbortSignal | undefined,
  } = {},
) {
  const started = performance.now();
  const request =
    target.scheme === 'http'
      ? { hostHeader: `${target.host}:${target.port}`, path: '/health?x=1', authorization: null }
      : null;
  const result = await requestThroughProxy(proxy, target, request, { timeoutMs, signal }, credentials, { tls: labTls });
  return { result, tookMs: performance.now() - started };
}

describe('requestThroughProxy: a working proxy', () => {
  it('sends an http target absolute-form and reads the relayed answer', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await proxyIn({ mode: 'forward' });
    const answered = expectKind((await probe(endpoint(proxy), httpTarget(origin.port))).result, 'proxy-answered');
    expect(answered).toMatchObject({ method: 'GET', status: 200, response: { bodyPreview: '200 OK\\n' } });
    expect(answered.response.headers).toContainEqual({ name: 'Via', value: '1.1 conn-doctor-lab-proxy' });
    expect(proxy.requests).toEqual([
      { method: 'GET', target: `http://127.0.0.1:${origin.port}/health?x=1`, proxyAuthorization: null },
    ]);
  });

  it('tunnels to an https target and completes the TLS handshake through the tunnel', async () => {
    const origin = await use(startTlsServer({ identity: pki.good }));
    const proxy = await proxyIn({ mode: 'forward' });
    const tunnel = expectKind(
      (await probe(endpoint(proxy), { scheme: 'https', host: 'localhost', port: origin.port })).result,
      'tunnel-established',
    );
    expect(tunnel.response).toMatchObject({ status: 200, reason: 'Connection Established', bodyPreview: '' });
    expect(tunnel.tls?.kind).toBe('secure');
    if (tunnel.tls?.kind !== 'secure') return;
    expect(tunnel.tls.session.verification).toEqual({
      chainError: null,
      checkedName: 'localhost',
      hostnameError: null,
    });
    expect(proxy.requests[0]).toMatchObject({ method: 'CONNECT', target: `localhost:${origin.port}` });
  });

  it('reports what TLS met through the tunnel: plain HTTP on the target port', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await proxyIn({ mode: 'forward' });
    const tunnel = expectKind(
      (await probe(endpoint(proxy), { scheme: 'https', host: '127.0.0.1', port: origin.port })).result,
      'tunnel-established',
    );
    expect(tunnel.tls).toMatchObject({ kind: 'plaintext-reply' });
  });

  it('hands the target bytes that came behind the proxy head over to TLS', async () => {
    const proxy = await serve((peer) =>
      peer.once('data', () => peer.write('HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 400 Bad Request\r\n\r\n')),
    );
    const tunnel = expectKind(
      (await probe(proxy, { scheme: 'https', host: 'localhost', port: 443 })).result,
      'tunnel-established',
    );
    expect(tunnel.tls).toMatchObject({
      kind: 'plaintext-reply',
      firstBytes: { text: expect.stringMatching(/^HTTP\/1\.1 400 Bad Request/) },
    });
  });

  it('opens a tunnel for a tcp target and stops there', async () => {
    const origin = await use(startBannerServer(sshBanner));
    const proxy = await proxyIn({ mode: 'forward' });
    const tunnel = expectKind(
      (await probe(endpoint(proxy), { scheme: 'tcp', host: '127.0.0.1', port: origin.port })).result,
      'tunnel-established',
    );
    expect(tunnel).toMatchObject({ tls: null, response: { status: 200 } });
  });

  it('reports the proxy 502 when the target refuses it, to GET and CONNECT', async () => {
    const closed = await findClosedPort();
    const proxy = await proxyIn({ mode: 'forward' });
    expect((await probe(endpoint(proxy), httpTarget(closed))).result).toMatchObject({
      kind: 'proxy-answered',
      method: 'GET',
      status: 502,
    });
    const connect = expectKind(
      (await probe(endpoint(proxy), { scheme: 'tcp', host: '127.0.0.1', port: closed })).result,
      'proxy-answered',
    );
    expect(connect).toMatchObject({
      method: 'CONNECT',
      status: 502,
      response: { bodyPreview: expect.stringContaining('could not reach') },
    });
  });
});

describe('requestThroughProxy: a proxy that says no', () => {
  it('names a 403 from a denying proxy, to GET and CONNECT', async () => {
    const proxy = await proxyIn({ mode: 'deny' });
    expect((await probe(endpoint(proxy), httpTarget(80))).result).toMatchObject({
      kind: 'proxy-answered',
      method: 'GET',
      status: 403,
    });
    const connect = (await probe(endpoint(proxy), { scheme: 'https', host: 'localhost', port: 443 })).result;
    expect(connect).toMatchObject({
      kind: 'proxy-answered',
      method: 'CONNECT',
      status: 403,
      response: { bodyPreview: 'Access denied by the lab proxy\\n' },
    });
  });

  it('names a 407 with its challenge, whether credentials were missing or wrong', async () => {
    const proxy = await proxyIn({ mode: 'auth', username: 'lab', password: 's3cret-pw' });
    const challenge = 'Basic realm="conn-doctor lab proxy"';
    expect((await probe(endpoint(proxy), httpTarget(80))).result).toMatchObject({
      kind: 'proxy-auth-required',
      method: 'GET',
      credentialsSent: false,
      challenge,
    });
    const wrong = { username: 'lab', password: 'wrong' };
    const connect = (
      await probe(endpoint(proxy), { scheme: 'tcp', host: '127.0.0.1', port: 22 }, { credentials: wrong })
    ).result;
    expect(connect).toMatchObject({ kind: 'proxy-auth-required', method: 'CONNECT', credentialsSent: true, challenge });
  });

  it('sends the credentials as Basic, gets through, and keeps them out of the result', async () => {
    const plain = await use(startHttpStatusServer(200));
    const secure = await use(startTlsServer({ identity: pki.good }));
    const proxy = await proxyIn({ mode: 'auth', username: 'lab', password: 's3cret-pw' });
    const forwarded = (await probe(endpoint(proxy), httpTarget(plain.port), { credentials: lab })).result;
    const tunnel = (
      await probe(endpoint(proxy), { scheme: 'https', host: 'localhost', port: secure.port }, { credentials: lab })
    ).result;
    expect(forwarded).toMatchObject({ kind: 'proxy-answered', status: 200 });
    expect(tunnel).toMatchObject({ kind: 'tunnel-established', tls: { kind: 'secure' } });
    const sent = `Basic ${Buffer.from('lab:s3cret-pw').toString('base64')}`;
    expect(proxy.requests.map((request) => request.proxyAuthorization)).toEqual([sent, sent]);
    for (const result of [forwarded, tunnel]) {
      expect(JSON.stringify(result)).not.toContain('s3cret');
      expect(JSON.stringify(result)).not.toContain(sent.slice(6));
    }
  });
});

describe('requestThroughProxy: a proxy that fails', () => {
  it('tells a proxy port nobody listens on', async () => {
    const closed = await findClosedPort();
    const result = (await probe({ address: '127.0.0.1', family: 4, port: closed }, httpTarget(80))).result;
    expect(result).toMatchObject({ kind: 'proxy-refused-connect', connect: { kind: 'refused', port: closed } });
  });

  it.each([
    ['GET', httpTarget(80)],
    ['CONNECT', { scheme: 'https', host: 'localhost', port: 443 } as ProxyTarget],
  ])('tells a proxy that resets the %s', async (method, target) => {
    const proxy = await proxyIn({ mode: 'break' });
    expect((await probe(endpoint(proxy), target)).result).toMatchObject({ kind: 'proxy-reset', method });
  });

  it.each([
    ['GET', httpTarget(80)],
    ['CONNECT', { scheme: 'tcp', host: '127.0.0.1', port: 5432 } as ProxyTarget],
  ])('tells a proxy that closes on the %s without a word', async (method, target) => {
    const proxy = await use(startCloseAfterRequest());
    expect((await probe(endpoint(proxy), target)).result).toMatchObject({ kind: 'proxy-closed', method });
  });

  it.each([
    ['GET', httpTarget(80)],
    ['CONNECT', { scheme: 'tcp', host: '127.0.0.1', port: 5432 } as ProxyTarget],
  ])('tells a silent proxy (%s) within the budget', async (method, target) => {
    const proxy = await use(startSilentServer());
    const { result, tookMs } = await probe(endpoint(proxy), target, { timeoutMs: 300 });
    expect(result).toMatchObject({ kind: 'proxy-silent', method });
    expect(tookMs).toBeLessThan(300 + 1000);
  });

  it.each([
    ['GET', httpTarget(80)],
    ['CONNECT', { scheme: 'https', host: 'localhost', port: 443 } as ProxyTarget],
  ])('tells a variable that points at an SSH server (%s)', async (method, target) => {
    const proxy = await use(startBannerServer(sshBanner));
    const result = expectKind((await probe(endpoint(proxy), target)).result, 'not-a-proxy');
    expect(result).toMatchObject({
      method,
      protocol: { id: 'ssh' },
      firstBytes: { text: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n' },
    });
  });

  it("shows a proxy's chunked refusal page decoded, to CONNECT", async () => {
    const proxy = await serve((peer) =>
      peer.once('data', () =>
        peer.end(
          'HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n' +
            '10\r\nblocked by rule \r\n2\r\n42\r\n0\r\n\r\n',
        ),
      ),
    );
    const result = (await probe(proxy, { scheme: 'tcp', host: '127.0.0.1', port: 22 })).result;
    expect(result).toMatchObject({
      kind: 'proxy-answered',
      method: 'CONNECT',
      status: 403,
      response: { bodyPreview: 'blocked by rule 42' },
    });
  });

  it('stops reading a head that never ends, at a bound', async () => {
    const proxy = await serve((peer) =>
      peer.once('data', () => {
        peer.write('HTTP/1.1 200 OK\r\n');
        for (let i = 0; i < 200; i++) peer.write(`X-Filler-${i}: ${'x'.repeat(100)}\r\n`);
      }),
    );
    const result = (await probe(proxy, { scheme: 'tcp', host: '127.0.0.1', port: 22 })).result;
    expect(result).toMatchObject({ kind: 'proxy-truncated', method: 'CONNECT', how: 'too-large' });
  });

  it('gives the TLS handshake through a tunnel that goes quiet a deadline of its own, inside the budget', async () => {
    const proxy = await serve((peer) =>
      peer.once('data', () => peer.write('HTTP/1.1 200 Connection established\r\n\r\n')),
    );
    const { result, tookMs } = await probe(
      proxy,
      { scheme: 'https', host: 'localhost', port: 443 },
      { timeoutMs: 400 },
    );
    expect(result).toMatchObject({ kind: 'tunnel-established', tls: { kind: 'no-response', firstBytes: null } });
    expect(tookMs).toBeLessThan(400 + 1000);
  });

  it('settles as aborted when the caller cancels', async () => {
    const proxy = await use(startSilentServer());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { result, tookMs } = await probe(endpoint(proxy), httpTarget(80), {
      timeoutMs: 5000,
      signal: controller.signal,
    });
    expect(result).toEqual({ kind: 'aborted' });
    expect(tookMs).toBeLessThan(5000);
  });

  it('refuses a target host that would break the request head', async () => {
    const proxy = { address: '127.0.0.1', family: 4 as const, port: 9 };
    const target: ProxyTarget = { scheme: 'tcp', host: 'a\r\nX-Injected: 1', port: 22 };
    await expect(requestThroughProxy(proxy, target, null, { timeoutMs: 100 })).rejects.toBeInstanceOf(RangeError);
  });
});
