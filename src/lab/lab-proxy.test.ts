import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findClosedPort } from './servers/closed-port.js';
import { startHttpStatusServer } from './servers/http-status-server.js';
import { loopbackAddress, startHttpProxy } from './servers/http-proxy.js';
import type { LabServer } from './servers/lab-server.js';
import { useStartedServers } from './servers/started-servers.test-helper.js';

/** What a plain client saw: the bytes, and how the exchange ended within `waitMs`. */
interface Seen {
  text: string;
  ending: 'end' | 'error' | 'still-open';
  errno?: string;
}

/**
 * Connects to the proxy and sends `request`; after a 200 to CONNECT, sends `thenSend` through the tunnel.
 * Records everything until the proxy ends, errors or `waitMs` pass.
 */
function talk(proxy: LabServer, request: string, thenSend?: string, waitMs = 2000): Promise<Seen> {
  return new Promise((resolve) => {
    let text = '';
    let tunnelled = false;
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    const done = (ending: Seen['ending'], errno?: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve({ text, ending, ...(errno ? { errno } : {}) });
    };
    const timer = setTimeout(() => done('still-open'), waitMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (thenSend !== undefined && !tunnelled && text.startsWith('HTTP/1.1 200') && text.includes('\r\n\r\n')) {
        tunnelled = true;
        socket.write(thenSend);
      }
    });
    socket.on('end', () => done('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => done('error', error.code));
  });
}

const use = useStartedServers();

const get = (origin: string, extra = '') =>
  `GET http://${origin}/health HTTP/1.1\r\nHost: ${origin}\r\n${extra}Connection: close\r\n\r\n`;
const connect = (authority: string, extra = '') =>
  `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${extra}\r\n`;
const originRequest = 'GET / HTTP/1.1\r\nHost: origin\r\nConnection: close\r\n\r\n';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('lab proxy: forward', () => {
  it('relays an absolute-form GET to a loopback origin, saying Via', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    const seen = await talk(proxy, get(`127.0.0.1:${origin.port}`));
    expect(seen.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(seen.text).toContain('Via: 1.1 conn-doctor-lab-proxy');
    expect(seen.text.endsWith('200 OK\n')).toBe(true);
    expect(proxy.requests).toEqual([
      { method: 'GET', target: `http://127.0.0.1:${origin.port}/health`, proxyAuthorization: null },
    ]);
  });

  it('opens a CONNECT tunnel and carries bytes both ways', async () => {
    const origin = await use(startHttpStatusServer(404));
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    const seen = await talk(proxy, connect(`127.0.0.1:${origin.port}`), originRequest);
    expect(seen.text).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n[\s\S]*\r\n\r\nHTTP\/1\.1 404 Not Found\r\n/);
    expect(seen.ending).toBe('end');
  });

  it('tunnels to [::1] and to localhost, which it never looks up', async () => {
    const v4 = await use(startHttpStatusServer(200));
    const v6 = await use(startHttpStatusServer(200, '::1'));
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    expect((await talk(proxy, connect(`[::1]:${v6.port}`), originRequest)).text).toContain('\r\n\r\nHTTP/1.1 200 OK');
    expect((await talk(proxy, connect(`localhost:${v4.port}`), originRequest)).text).toContain(
      '\r\n\r\nHTTP/1.1 200 OK',
    );
  });

  it('answers 502 when the loopback target refuses, to GET and to CONNECT', async () => {
    const closed = await findClosedPort();
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    expect((await talk(proxy, get(`127.0.0.1:${closed}`))).text).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    const seen = await talk(proxy, connect(`127.0.0.1:${closed}`));
    expect(seen.text).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    expect(seen.ending).toBe('end');
  });

  it('refuses with 403 a target off loopback (0.0.0.0 here: even a bug would stay on this machine)', async () => {
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    expect((await talk(proxy, get('0.0.0.0:9'))).text).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/);
    expect((await talk(proxy, connect('0.0.0.0:9'))).text).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/);
  });

  it('answers 400 to an origin-form request: it is a proxy, not a web server', async () => {
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    expect((await talk(proxy, originRequest)).text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });
});

describe('lab proxy: reroute, a gateway that reaches what its clients cannot', () => {
  it('carries GET and CONNECT for the rerouted authority to its upstream, while that port itself refuses', async () => {
    const origin = await use(startHttpStatusServer(200));
    const closed = await findClosedPort();
    const reroute = { [`127.0.0.1:${closed}`]: { host: '127.0.0.1', port: origin.port } };
    const proxy = await use(startHttpProxy({ mode: 'forward' }, '127.0.0.1', { reroute }));
    const direct = await talk({ host: '127.0.0.1', port: closed, stop: async () => {} }, get(`127.0.0.1:${closed}`));
    expect(direct).toMatchObject({ ending: 'error', errno: 'ECONNREFUSED' });
    const relayed = await talk(proxy, get(`127.0.0.1:${closed}`));
    expect(relayed.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Via: 1\.1 conn-doctor-lab-proxy/);
    const tunnelled = await talk(proxy, connect(`127.0.0.1:${closed}`), originRequest);
    expect(tunnelled.text).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n[\s\S]*\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
  });

  it('matches the authority as written, localhost and IPv6 included, and leaves every other target alone', async () => {
    const origin = await use(startHttpStatusServer(200));
    const closed = await findClosedPort();
    const upstream = { host: '127.0.0.1', port: origin.port };
    const reroute = { [`localhost:${closed}`]: upstream, [`[::1]:${closed}`]: upstream };
    const proxy = await use(startHttpProxy({ mode: 'forward' }, '127.0.0.1', { reroute }));
    expect((await talk(proxy, connect(`LOCALHOST:${closed}`), originRequest)).text).toContain(
      '\r\n\r\nHTTP/1.1 200 OK',
    );
    expect((await talk(proxy, get(`[::1]:${closed}`))).text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // 127.0.0.1 is another authority than localhost: not rerouted, so the proxy meets the refusal itself.
    expect((await talk(proxy, get(`127.0.0.1:${closed}`))).text).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
  });

  it('resolves a name only through its map: a listed name reaches its upstream, any other is refused unlooked-up', async () => {
    const origin = await use(startHttpStatusServer(200));
    const reroute = { 'intranet.lab.test:80': { host: '127.0.0.1', port: origin.port } };
    const proxy = await use(startHttpProxy({ mode: 'forward' }, '127.0.0.1', { reroute }));
    expect((await talk(proxy, get('intranet.lab.test'))).text).toMatch(
      /^HTTP\/1\.1 200 OK\r\n[\s\S]*Via: 1\.1 conn-doctor-lab-proxy/,
    );
    expect((await talk(proxy, connect('INTRANET.lab.test:80'), originRequest)).text).toContain(
      '\r\n\r\nHTTP/1.1 200 OK',
    );
    expect(proxy.requests.map((r) => r.target)).toEqual(['http://intranet.lab.test/health', 'INTRANET.lab.test:80']);
    // Another port of the same name, and another name: not in the map, so refused, never resolved.
    expect((await talk(proxy, get('intranet.lab.test:8080'))).text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/,
    );
    expect((await talk(proxy, connect('other.lab.test:80'))).text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/,
    );
  });

  it('holds a rerouted upstream to loopback like any target', async () => {
    const reroute = { '127.0.0.1:9': { host: '10.0.0.1', port: 80 } };
    const proxy = await use(startHttpProxy({ mode: 'forward' }, '127.0.0.1', { reroute }));
    expect((await talk(proxy, get('127.0.0.1:9'))).text).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/);
    expect((await talk(proxy, connect('127.0.0.1:9'))).text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*loopback only/,
    );
  });
});

describe('lab proxy: loopbackAddress, the safety catch', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.9.8.7', '127.9.8.7'],
    ['localhost', '127.0.0.1'],
    ['LOCALHOST', '127.0.0.1'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['0:0:0:0:0:0:0:1', '0:0:0:0:0:0:0:1'],
  ])('dials %s as %s', (host, address) => {
    expect(loopbackAddress(host)).toBe(address);
  });

  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '192.168.1.1',
    '8.8.8.8',
    '::',
    '::ffff:127.0.0.1',
    'fe80::1',
    'example.com',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    '',
  ])('refuses %s', (host) => {
    expect(loopbackAddress(host)).toBeNull();
  });
});

describe('lab proxy: deny, auth, break', () => {
  it('deny answers 403 to GET and CONNECT alike', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await use(startHttpProxy({ mode: 'deny' }));
    expect((await talk(proxy, get(`127.0.0.1:${origin.port}`))).text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*Access denied/,
    );
    expect((await talk(proxy, connect(`127.0.0.1:${origin.port}`))).text).toMatch(
      /^HTTP\/1\.1 403 Forbidden\r\n[\s\S]*Access denied/,
    );
  });

  it('auth answers 407 with a Basic challenge without credentials or with wrong ones', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await use(startHttpProxy({ mode: 'auth', username: 'lab', password: 'secret' }));
    const bare = await talk(proxy, get(`127.0.0.1:${origin.port}`));
    expect(bare.text).toMatch(/^HTTP\/1\.1 407 Proxy Authentication Required\r\n/);
    expect(bare.text).toContain('\r\nProxy-Authenticate: Basic realm="conn-doctor lab proxy"\r\n');
    const wrong = await talk(
      proxy,
      connect(`127.0.0.1:${origin.port}`, `Proxy-Authorization: ${basic('lab', 'nope')}\r\n`),
    );
    expect(wrong.text).toMatch(/^HTTP\/1\.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=/);
  });

  it('auth forwards with the right credentials, and does not pass them on', async () => {
    // A second lab proxy as the origin: its request log shows what the first one passed on.
    const recorder = await use(startHttpProxy({ mode: 'forward' }));
    const target = await use(startHttpStatusServer(200));
    const proxy = await use(startHttpProxy({ mode: 'auth', username: 'lab', password: 'secret' }));
    const credentials = `Proxy-Authorization: ${basic('lab', 'secret')}\r\n`;
    expect((await talk(proxy, get(`127.0.0.1:${target.port}`, credentials))).text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect((await talk(proxy, connect(`127.0.0.1:${target.port}`, credentials), originRequest)).text).toContain(
      '\r\n\r\nHTTP/1.1 200 OK',
    );
    await talk(proxy, get(`127.0.0.1:${recorder.port}`, credentials));
    expect(recorder.requests).toEqual([{ method: 'GET', target: '/health', proxyAuthorization: null }]);
  });

  it('break resets once the request is in, for GET and CONNECT, and not before', async () => {
    const origin = await use(startHttpStatusServer(200));
    const proxy = await use(startHttpProxy({ mode: 'break' }));
    expect((await talk(proxy, 'GET http://127.0.0.1/ HTTP/1.1\r\n', undefined, 300)).ending).toBe('still-open');
    expect(await talk(proxy, get(`127.0.0.1:${origin.port}`))).toMatchObject({
      text: '',
      ending: 'error',
      errno: 'ECONNRESET',
    });
    expect(await talk(proxy, connect(`127.0.0.1:${origin.port}`))).toMatchObject({
      text: '',
      ending: 'error',
      errno: 'ECONNRESET',
    });
  });

  it('a closed port refuses, for the "proxy is down" case', async () => {
    const closed = await findClosedPort();
    const seen = await talk({ host: '127.0.0.1', port: closed, stop: async () => {} }, get('127.0.0.1:80'));
    expect(seen).toMatchObject({ ending: 'error', errno: 'ECONNREFUSED' });
  });
});
