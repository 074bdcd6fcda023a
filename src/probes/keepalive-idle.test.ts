import http from 'node:http';
import type net from 'node:net';
import { describe, expect, it } from 'vitest';
import { measureIdleClose } from './keepalive-idle.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { expectKind } from './expect-kind.test-helper.js';

const { serve, listen, stop } = useLoopbackServers();

const request = { hostHeader: 'app.test:8080', path: '/health' };

/** Calls `then` with the request head once it has arrived. */
function onRequest(peer: net.Socket, then: (head: string) => void): void {
  let text = '';
  const onData = (chunk: Buffer) => {
    text += chunk.toString('latin1');
    if (!text.includes('\r\n\r\n')) return;
    peer.off('data', onData);
    then(text);
  };
  peer.on('data', onData);
}

/** A server that writes `response` after the request, then does `afterIdle` once `idleMs` have passed. */
function answerThen(response: string | string[], idleMs: number, afterIdle: (peer: net.Socket) => void) {
  return serve((peer) =>
    onRequest(peer, () => {
      for (const part of [response].flat()) peer.write(part);
      const timer = setTimeout(() => afterIdle(peer), idleMs);
      peer.once('close', () => clearTimeout(timer));
    }),
  );
}

const ok = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nKeep-Alive: timeout=1\r\n\r\nok\n';

async function probe(endpoint: TcpEndpoint, timeoutMs = 2000, maxIdleMs = 2000, signal?: AbortSignal) {
  const started = performance.now();
  const result = await measureIdleClose(endpoint, request, { timeoutMs, maxIdleMs, ...(signal ? { signal } : {}) });
  return { result, tookMs: performance.now() - started };
}

describe('measureIdleClose on servers that close idle connections', () => {
  it('sends a keep-alive GET and times a FIN after idling', async () => {
    let seen = '';
    const endpoint = await serve((peer) =>
      onRequest(peer, (head) => {
        seen = head;
        peer.write(ok);
        setTimeout(() => peer.end(), 300);
      }),
    );
    const closed = expectKind((await probe(endpoint)).result, 'closed-after-idle');

    expect(closed).toMatchObject({ how: 'fin', keepAliveHeader: 'timeout=1', sentWhileIdle: null });
    // The server's timer started before our clock did, so only a floor well under 300 ms is safe.
    expect(closed.idleMs).toBeGreaterThanOrEqual(200);
    expect(closed.idleMs).toBeLessThan(2000);
    expect(seen.split('\r\n')).toEqual(
      expect.arrayContaining(['GET /health HTTP/1.1', 'Host: app.test:8080', 'Connection: keep-alive']),
    );
  });

  it('tells an RST from a FIN', async () => {
    const endpoint = await answerThen(ok, 100, (peer) => peer.resetAndDestroy());
    expect(expectKind((await probe(endpoint)).result, 'closed-after-idle').how).toBe('rst');
  });

  it('reads a chunked body that arrives in pieces before the connection counts as idle', async () => {
    const parts = [
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel',
      'lo\r\n',
      '6;ext=1\r\n world\r\n0\r\n',
      'X-Trailer: 1\r\n\r\n',
    ];
    const endpoint = await serve((peer) =>
      onRequest(peer, () => {
        // Spread over timers, so each piece is its own read on the client.
        for (const [i, part] of parts.entries()) setTimeout(() => peer.write(part), i * 30);
        setTimeout(() => peer.end(), parts.length * 30 + 150);
      }),
    );
    const closed = expectKind((await probe(endpoint)).result, 'closed-after-idle');
    expect(closed).toMatchObject({ how: 'fin', keepAliveHeader: null });
    expect(closed.idleMs).toBeGreaterThanOrEqual(50);
  });

  it('keeps what a server sends while idle (a 408 before closing) as visible evidence', async () => {
    const endpoint = await answerThen(ok, 100, (peer) =>
      peer.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n\x1b[2J'),
    );
    const closed = expectKind((await probe(endpoint)).result, 'closed-after-idle');
    expect(closed.sentWhileIdle?.text).toContain('HTTP/1.1 408 Request Timeout');
    expect(closed.sentWhileIdle?.text).toContain('\\x1b[2J');
  });

  it('measures node:http, whose server closes idle keep-alive connections after keepAliveTimeout', async () => {
    const server = http.createServer((_, res) => res.end('hi'));
    server.keepAliveTimeout = 400;
    const endpoint = await listen(server);
    // Node 20 closes a little after keepAliveTimeout (it adds a buffer of its own), so watch for longer.
    const closed = expectKind((await probe(endpoint, 2000, 5000)).result, 'closed-after-idle');
    expect(closed.how).toBe('fin');
    expect(closed.keepAliveHeader).toMatch(/^timeout=\d+$/);
    expect(closed.idleMs).toBeGreaterThanOrEqual(250);
  });
});

describe('measureIdleClose when nothing closes', () => {
  it('reports kept-open after maxIdleMs, within budget', async () => {
    const server = http.createServer((_, res) => res.end('hi'));
    server.keepAliveTimeout = 30_000;
    const endpoint = await listen(server);
    const { result, tookMs } = await probe(endpoint, 2000, 300);
    const open = expectKind(result, 'kept-open');
    expect(open.waitedMs).toBeGreaterThanOrEqual(250);
    expect(open.keepAliveHeader).toBe('timeout=30');
    expect(tookMs).toBeLessThan(2000 + 300 + 1500);
  });
});

describe('measureIdleClose when there is no idle connection to watch', () => {
  it.each([
    ['Connection: close', 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok', 'connection-close'],
    ['an HTTP/1.0 answer', 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', 'http-1.0'],
    [
      'a body that ends at the close',
      'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstreaming',
      'body-until-close',
    ],
    [
      'a protocol switch',
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      'upgraded',
    ],
  ])('says not-keepalive for %s', async (_, response, reason) => {
    const endpoint = await answerThen(response, 5000, (peer) => peer.end());
    expect(expectKind((await probe(endpoint)).result, 'not-keepalive').reason).toBe(reason);
  });

  it('accepts an HTTP/1.0 answer that asks for keep-alive', async () => {
    const endpoint = await answerThen(
      'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok',
      100,
      (peer) => peer.end(),
    );
    expect((await probe(endpoint)).result.kind).toBe('closed-after-idle');
  });

  it('reports a refused connection as connect-failed', async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    expect(expectKind((await probe(endpoint)).result, 'connect-failed').connect.kind).toBe('refused');
  });

  it('reports a server that never answers as failed no-response, within its budget', async () => {
    const endpoint = await serve((peer) => peer.resume());
    const { result, tookMs } = await probe(endpoint, 300, 5000);
    expect(expectKind(result, 'failed')).toMatchObject({ reason: 'no-response', firstBytes: null });
    expect(tookMs).toBeLessThan(300 + 1500);
  });

  it('reports a reset before the response as failed reset', async () => {
    const endpoint = await serve((peer) => onRequest(peer, () => peer.resetAndDestroy()));
    expect(expectKind((await probe(endpoint)).result, 'failed')).toMatchObject({
      reason: 'reset',
      errno: 'ECONNRESET',
    });
  });

  it('reports a close in the middle of the body as failed closed, with the bytes that came', async () => {
    const endpoint = await serve((peer) =>
      onRequest(peer, () => peer.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf')),
    );
    const failed = expectKind((await probe(endpoint)).result, 'failed');
    expect(failed.reason).toBe('closed');
    expect(failed.firstBytes?.text).toContain('Content-Length: 10');
  });

  it('reports another protocol as failed not-http', async () => {
    const endpoint = await serve((peer) => peer.write('SSH-2.0-OpenSSH_9.6\r\n'));
    expect(expectKind((await probe(endpoint)).result, 'failed').reason).toBe('not-http');
  });

  it('stops when aborted while idle', async () => {
    const endpoint = await answerThen(ok, 60_000, (peer) => peer.end());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { result, tookMs } = await probe(endpoint, 2000, 60_000, controller.signal);
    expect(result).toEqual({ kind: 'aborted' });
    expect(tookMs).toBeLessThan(3000);
  });

  it('refuses a request that would smuggle a header', async () => {
    const endpoint: TcpEndpoint = { address: '127.0.0.1', family: 4, port: 9 };
    await expect(
      measureIdleClose(endpoint, { hostHeader: 'a\r\nX: 1', path: '/' }, { timeoutMs: 100, maxIdleMs: 100 }),
    ).rejects.toThrow(RangeError);
    await expect(
      measureIdleClose(endpoint, { hostHeader: 'a', path: '/x\r\nX: 1' }, { timeoutMs: 100, maxIdleMs: 100 }),
    ).rejects.toThrow(RangeError);
  });
});
