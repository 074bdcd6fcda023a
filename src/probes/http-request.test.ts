import http from 'node:http';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { httpRequest, type HttpRequestSpec } from './http-request.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { expectKind } from './expect-kind.test-helper.js';

const { serve, listen, stop } = useLoopbackServers();

/** Calls `then` once the whole request head has arrived. */
function afterRequest(peer: net.Socket, then: (head: string) => void): void {
  let text = '';
  peer.on('data', (chunk: Buffer) => {
    const before = text.length;
    text += chunk.toString('latin1');
    if (before < text.length && text.includes('\r\n\r\n') && !text.slice(0, before).includes('\r\n\r\n')) then(text);
  });
}

/** Writes `chunk` up to `times` times, respecting backpressure, until the client goes away. */
function pump(peer: net.Socket, chunk: string, times: number): void {
  let sent = 0;
  const more = () => {
    while (sent < times && !peer.destroyed && peer.writable) {
      sent++;
      if (!peer.write(chunk)) return void peer.once('drain', more);
    }
  };
  more();
}

const spec: HttpRequestSpec = { hostHeader: 'example.test:8080', path: '/health?x=1', authorization: null };

/** Runs the probe and measures how long it took to settle. */
async function probe(endpoint: TcpEndpoint, timeoutMs: number, request = spec) {
  const started = performance.now();
  const result = await httpRequest(endpoint, request, { timeoutMs });
  return { result, tookMs: performance.now() - started };
}

describe('httpRequest against a working server', () => {
  it('sends one GET with the expected headers and reads a 200 with its timings', async () => {
    let seen = '';
    const endpoint = await listen(
      http.createServer((req, res) => {
        seen = `${req.method} ${req.url} HTTP/${req.httpVersion}\n${JSON.stringify(req.headers)}`;
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 5, Server: 'test/1.0' }).end('hello');
      }),
    );
    const { result } = await probe(endpoint, 3000, { ...spec, authorization: 'Basic YWxpY2U6czNjcmV0' });

    const response = expectKind(result, 'response');
    expect(response).toMatchObject({ status: 200, reason: 'OK', httpVersion: '1.1', bodyBytesRead: 5 });
    expect(response.headers).toContainEqual({ name: 'Server', value: 'test/1.0' });
    expect(seen.split('\n')[0]).toBe('GET /health?x=1 HTTP/1.1');
    expect(JSON.parse(seen.split('\n')[1]!)).toMatchObject({
      host: 'example.test:8080',
      'user-agent': 'conn-doctor',
      accept: '*/*',
      connection: 'close',
      authorization: 'Basic YWxpY2U6czNjcmV0',
    });
    const { connectedAt, requestWrittenAt, firstByteAt, doneAt, secureAt } = response.marks;
    expect(secureAt).toBeNull();
    expect(connectedAt).not.toBeNull();
    expect(connectedAt!).toBeLessThanOrEqual(requestWrittenAt!);
    expect(requestWrittenAt!).toBeLessThanOrEqual(firstByteAt!);
    expect(firstByteAt!).toBeLessThanOrEqual(doneAt);
    expect(JSON.stringify(result)).not.toContain('YWxpY2U6czNjcmV0');
  });

  it('reports a 502 from a gateway as a response', async () => {
    const endpoint = await listen(
      http.createServer((_, res) => res.writeHead(502, 'Bad Gateway').end('upstream down')),
    );
    const response = expectKind((await probe(endpoint, 3000)).result, 'response');
    expect(response.status).toBe(502);
    expect(response.reason).toBe('Bad Gateway');
  });

  it('redacts Set-Cookie and makes an ANSI escape in a header value visible', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () =>
        peer.end(
          'HTTP/1.1 200 OK\r\nSet-Cookie: sid=abc123; HttpOnly\r\nX-Note: \x1b[2J\x1b[31mred\r\n' +
            'Location: http://bob:hunter2@example.test/\r\nContent-Length: 0\r\n\r\n',
        ),
      ),
    );
    const response = expectKind((await probe(endpoint, 3000)).result, 'response');
    expect(response.headers).toEqual([
      { name: 'Set-Cookie', value: '[redacted]' },
      { name: 'X-Note', value: '\\x1b[2J\\x1b[31mred' },
      { name: 'Location', value: 'http://[redacted]@example.test/' },
      { name: 'Content-Length', value: '0' },
    ]);
    expect(JSON.stringify(response)).not.toMatch(/abc123|hunter2|\x1b/);
  });

  it('stops reading an endless body after a bounded amount', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () => {
        peer.write('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n');
        pump(peer, 'x'.repeat(4096), 100_000);
      }),
    );
    const { result, tookMs } = await probe(endpoint, 3000);
    const response = expectKind(result, 'response');
    expect(response.bodyBytesRead).toBeGreaterThanOrEqual(16 * 1024);
    expect(response.bodyBytesRead).toBeLessThan(1024 * 1024);
    expect(tookMs).toBeLessThan(3000);
  });
});

describe('httpRequest reading a chunked body', () => {
  it('decodes a real node:http error page written in two pieces, as Node, Express and Go send them', async () => {
    const endpoint = await listen(
      http.createServer((_, res) => {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.write('boom: ');
        // A later tick: Node 24 joins writes of one tick into one chunk, and this page must come in two.
        setTimeout(() => res.end('database is down\n'), 10);
      }),
    );
    const response = expectKind((await probe(endpoint, 3000)).result, 'response');
    expect(response.headers).toContainEqual({ name: 'Transfer-Encoding', value: 'chunked' });
    expect(response.bodyPreview).toBe('boom: database is down\\n');
    // The wire bytes, chunk sizes and all, are what was read.
    expect(response.bodyBytesRead).toBe('6\r\nboom: \r\n11\r\ndatabase is down\n\r\n0\r\n\r\n'.length);
  });

  it('settles at the last chunk, without waiting for a server that keeps the connection open', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () =>
        peer.write('HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\nbusy\r\n0\r\n\r\n'),
      ),
    );
    // A long budget: only the last chunk, not the deadline, can end this exchange well within it.
    const response = expectKind((await probe(endpoint, 15_000)).result, 'response');
    expect(response.bodyPreview).toBe('busy');
    expect(response.marks.doneAt).toBeLessThan(7500);
  });

  it('shows the start of a chunked body cut short by a FIN', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () =>
        peer.end('HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nboom \r\n20\r\nupstream went a'),
      ),
    );
    expect(expectKind((await probe(endpoint, 3000)).result, 'response').bodyPreview).toBe('boom upstream went a');
  });

  it('shows the raw bytes of a body that claims chunked but is not', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () => peer.end('HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\nnot chunked at all')),
    );
    expect(expectKind((await probe(endpoint, 3000)).result, 'response').bodyPreview).toBe('not chunked at all');
  });

  it('stops reading an endless chunked body after a bounded amount', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () => {
        peer.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        pump(peer, `1000\r\n${'x'.repeat(4096)}\r\n`, 100_000);
      }),
    );
    const { result, tookMs } = await probe(endpoint, 3000);
    const response = expectKind(result, 'response');
    expect(response.bodyBytesRead).toBeGreaterThanOrEqual(16 * 1024);
    expect(response.bodyBytesRead).toBeLessThan(1024 * 1024);
    expect(response.bodyPreview).toBe('x'.repeat(256));
    expect(tookMs).toBeLessThan(3000);
  });
});

describe('httpRequest against a server that fails', () => {
  it('maps a reset on accept to reset-before-response', async () => {
    const endpoint = await serve((peer) => peer.resetAndDestroy());
    expectKind((await probe(endpoint, 3000)).result, 'reset-before-response');
  });

  it('maps a reset after reading the request to reset-before-response', async () => {
    const endpoint = await serve((peer) => afterRequest(peer, () => peer.resetAndDestroy()));
    const result = expectKind((await probe(endpoint, 3000)).result, 'reset-before-response');
    expect(result.marks.firstByteAt).toBeNull();
  });

  it('maps a FIN on accept to closed-without-response', async () => {
    const endpoint = await serve((peer) => peer.end());
    expectKind((await probe(endpoint, 3000)).result, 'closed-without-response');
  });

  it('maps a FIN after the request to closed-without-response', async () => {
    const endpoint = await serve((peer) => afterRequest(peer, () => peer.end()));
    expectKind((await probe(endpoint, 3000)).result, 'closed-without-response');
  });

  it('gives up on a silent server at the deadline with no-response', async () => {
    const endpoint = await serve(() => {});
    const { result, tookMs } = await probe(endpoint, 300);
    expect(expectKind(result, 'no-response').waitedMs).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan(300 + 1000);
  });

  it('classifies a server that sends an SSH banner first as not-http', async () => {
    const endpoint = await serve((peer) => peer.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n'));
    const result = expectKind((await probe(endpoint, 3000)).result, 'not-http');
    expect(result.protocol?.id).toBe('ssh');
    expect(result.firstBytes.text).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n');
  });

  it('classifies binary garbage as not-http with a hex dump', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () => peer.write(Buffer.from([0x8f, 0x00, 0x1b, 0xff, 0x42]))),
    );
    const result = expectKind((await probe(endpoint, 3000)).result, 'not-http');
    expect(result.protocol).toBeNull();
    expect(result.firstBytes).toEqual({ text: '\\x8f\\x00\\x1b\\xffB', hex: '8f 00 1b ff 42', length: 5 });
  });

  it('reports an HTTP head cut short by a FIN as truncated (closed)', async () => {
    const endpoint = await serve((peer) => afterRequest(peer, () => peer.end('HTTP/1.1 200 OK\r\nContent-Ty')));
    const result = expectKind((await probe(endpoint, 3000)).result, 'truncated-response');
    expect(result.how).toBe('closed');
    expect(result.firstBytes.text).toBe('HTTP/1.1 200 OK\\r\\nContent-Ty');
  });
});

describe('httpRequest against a hostile server', () => {
  it('stops an endless stream of headers at the header bound', async () => {
    let hungUp!: () => void;
    const clientGone = new Promise<void>((done) => (hungUp = done));
    const endpoint = await serve((peer) => {
      peer.on('close', hungUp);
      afterRequest(peer, () => {
        peer.write('HTTP/1.1 200 OK\r\n');
        pump(peer, 'X-Filler: aaaaaaaaaaaaaaaa\r\n', 1_000_000);
      });
    });
    const { result, tookMs } = await probe(endpoint, 2000);
    const truncated = expectKind(result, 'truncated-response');
    expect(truncated.how).toBe('too-large');
    expect(truncated.firstBytes.length).toBeLessThanOrEqual(32 * 1024);
    expect(tookMs).toBeLessThan(2000 + 1000);
    await clientGone; // the probe hung up instead of reading on
  });

  it('stops one endless header line at the 32 KiB head bound', async () => {
    const endpoint = await serve((peer) =>
      afterRequest(peer, () => {
        peer.write('HTTP/1.1 200 OK\r\nX-Long: ');
        pump(peer, 'a'.repeat(1000), 100_000);
      }),
    );
    const result = expectKind((await probe(endpoint, 2000)).result, 'truncated-response');
    expect(result.how).toBe('too-large');
    expect(result.firstBytes.length).toBe(32 * 1024);
    // Only the first 256 bytes are rendered (an escaped byte takes up to 4 characters).
    expect(result.firstBytes.text.length).toBeLessThanOrEqual(4 * 256);
  });

  it('ends a one-byte-every-100-ms response at the deadline', async () => {
    const endpoint = await serve((peer) => {
      const text = `HTTP/1.1 200 OK\r\n${'X-Slow: 1\r\n'.repeat(100)}\r\n`;
      let i = 0;
      const drip = setInterval(
        () => (i < text.length && !peer.destroyed ? peer.write(text[i++]!) : clearInterval(drip)),
        100,
      );
      peer.on('close', () => clearInterval(drip));
    });
    const { result, tookMs } = await probe(endpoint, 800);
    expect(expectKind(result, 'truncated-response').how).toBe('timeout');
    expect(tookMs).toBeLessThan(800 + 1000);
  });
});

describe('httpRequest when the connection itself fails', () => {
  it('reports a refused port as connect-failed refused', async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const result = expectKind((await probe(endpoint, 3000)).result, 'connect-failed');
    expect(result.connect).toMatchObject({ kind: 'refused', address: '127.0.0.1', port: endpoint.port });
  });

  it('reports a connect that never completes as connect-failed timeout, within the budget', async () => {
    const neverConnects = () => new net.Socket();
    const started = performance.now();
    const result = await httpRequest(
      { address: '127.0.0.1', family: 4, port: 9 },
      spec,
      { timeoutMs: 200 },
      neverConnects,
    );
    expect(expectKind(result, 'connect-failed').connect.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(200 + 1000);
  });

  it('reports a port the socket layer rejects as connect-failed instead of throwing', async () => {
    const result = await httpRequest({ address: '127.0.0.1', family: 4, port: 70_000 }, spec, { timeoutMs: 500 });
    expect(expectKind(result, 'connect-failed').connect).toMatchObject({ kind: 'error', errno: 'ERR_SOCKET_BAD_PORT' });
  });

  it('settles as aborted when the caller cancels', async () => {
    const endpoint = await serve(() => {});
    const controller = new AbortController();
    const pending = httpRequest(endpoint, spec, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ kind: 'aborted' });
  });

  it('refuses a request spec that would inject headers, sending nothing', async () => {
    let connections = 0;
    const endpoint = await serve(() => connections++);
    const injected = { ...spec, hostHeader: 'a.test\r\nX-Evil: 1' };
    await expect(httpRequest(endpoint, injected, { timeoutMs: 500 })).rejects.toThrow(RangeError);
    expect(connections).toBe(0);
  });

  it('percent-encodes a path with spaces or non-ASCII characters instead of sending them raw', async () => {
    let line = '';
    const endpoint = await serve((peer) =>
      afterRequest(peer, (head) => {
        line = head.split('\r\n')[0]!;
        peer.end('HTTP/1.1 204 No Content\r\n\r\n');
      }),
    );
    const response = expectKind((await probe(endpoint, 3000, { ...spec, path: '/a b/caf\u00e9' })).result, 'response');
    expect(response.status).toBe(204);
    expect(line).toBe('GET /a%20b/caf%C3%A9 HTTP/1.1');
  });
});
