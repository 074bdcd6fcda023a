import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFlakyServer } from './servers/flaky-server.js';
import { startIdleClosingServer } from './servers/idle-closing-server.js';
import type { LabServer } from './servers/lab-server.js';
import { talk, useStartedServers } from './servers/started-servers.test-helper.js';

const request = 'GET / HTTP/1.1\r\nHost: lab\r\n\r\n';

const use = useStartedServers();

/** One request on a fresh connection: the status code, or 'reset' when the server aborted it. */
async function attempt(server: LabServer): Promise<string> {
  const seen = await talk(server, request, 3000);
  if (seen.ending === 'still-open') return 'still-open';
  if (seen.ending === 'error')
    return ['ECONNRESET', 'EPIPE'].includes(seen.errno ?? '') ? 'reset' : (seen.errno ?? 'error');
  return /^HTTP\/1\.1 (\d{3})/.exec(seen.bytes.toString('latin1'))?.[1] ?? 'closed-empty';
}

describe('flaky server', () => {
  it('resets every 3rd connection after its request, and answers 200 otherwise', async () => {
    const server = await use(startFlakyServer({ every: 3 }));
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await attempt(server));
    expect(outcomes).toEqual(['200', '200', 'reset', '200', '200', 'reset']);
    expect(server.accepted()).toBe(6);
  });

  it('can reset at accept instead, every 2nd connection', async () => {
    const server = await use(startFlakyServer({ every: 2, when: 'on-accept' }));
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) outcomes.push(await attempt(server));
    expect(outcomes).toEqual(['200', 'reset', '200', 'reset']);
  });

  it.each([1, 0, 2.5, 101])('refuses every=%s', async (every) => {
    await expect(startFlakyServer({ every })).rejects.toThrow(RangeError);
  });
});

/** A keep-alive client on one connection: send requests, read whole responses, and see how it ends. */
function keepAliveClient(server: LabServer) {
  const socket = net.connect({ host: server.host, port: server.port, allowHalfOpen: true });
  let text = '';
  let responses = 0;
  let waiting: (() => void) | null = null;
  const ended = new Promise<number>((resolve) => socket.once('end', () => resolve(performance.now())));
  const errored = new Promise<string>((resolve) =>
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error')),
  );
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    // Every lab response is a head plus a 3-byte body.
    for (let end = text.indexOf('\r\n\r\n'); end >= 0 && text.length >= end + 4 + 3; end = text.indexOf('\r\n\r\n')) {
      responses++;
      text = text.slice(end + 4 + 3);
      waiting?.();
    }
  });
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let heads: string[] = [];
  socket.on('data', (chunk: Buffer) => heads.push(chunk.toString('latin1')));
  return {
    socket,
    ended,
    errored,
    /** Sends one request and resolves when its response has fully arrived. */
    async get(extraHeader = ''): Promise<string> {
      await connected;
      const before = responses;
      heads = [];
      await new Promise<void>((resolve) => {
        waiting = () => responses > before && resolve();
        socket.write(`GET / HTTP/1.1\r\nHost: lab\r\n${extraHeader}\r\n`);
      });
      return heads.join('');
    },
  };
}

describe('idle-closing server', () => {
  it('announces Keep-Alive: timeout=1 and closes an idle connection with FIN after idleMs', async () => {
    const server = await use(startIdleClosingServer({ idleMs: 300 }));
    const client = keepAliveClient(server);
    const response = await client.get();
    const answeredAt = performance.now();
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toContain('\r\nConnection: keep-alive\r\n');
    expect(response).toContain('\r\nKeep-Alive: timeout=1\r\n');
    const endedAt = await client.ended;
    expect(endedAt - answeredAt).toBeGreaterThanOrEqual(200);
    expect(endedAt - answeredAt).toBeLessThan(3000);
    client.socket.destroy();
  });

  it('serves several requests on one connection while each gap is shorter than idleMs', async () => {
    const server = await use(startIdleClosingServer({ idleMs: 400 }));
    const client = keepAliveClient(server);
    // 3 × 250 ms outlasts one idleMs: only a timer restarted by each request keeps the connection open.
    for (let i = 0; i < 3; i++) {
      expect(await client.get()).toMatch(/^HTTP\/1\.1 200 OK/);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await client.ended;
    client.socket.destroy();
  });

  it('resets a client that reuses the connection after the close: the stale-reuse failure', async () => {
    const server = await use(startIdleClosingServer({ idleMs: 200 }));
    const client = keepAliveClient(server);
    await client.get();
    await client.ended;
    // A pooled client's next request, a moment after the FIN: the server's RST answers it. The reset only
    // surfaces on the client's next socket call, hence a second write.
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await sleep(100);
    client.socket.write(request);
    await sleep(100);
    client.socket.write(request);
    const outcome = await Promise.race([client.errored, sleep(3000).then(() => 'no error')]);
    expect(['ECONNRESET', 'EPIPE']).toContain(outcome);
    client.socket.destroy();
  });

  it('honours Connection: close and announces a custom timeout', async () => {
    const server = await use(startIdleClosingServer({ idleMs: 5000, announceSeconds: 5 }));
    const client = keepAliveClient(server);
    expect(await client.get()).toContain('Keep-Alive: timeout=5\r\n');
    expect(await client.get('Connection: close\r\n')).toContain('\r\nConnection: close\r\n');
    await client.ended;
    client.socket.destroy();
  });
});
