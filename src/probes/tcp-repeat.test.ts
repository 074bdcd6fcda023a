import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { tcpRepeat } from './tcp-repeat.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server that accepts every connection and drops it. */
async function acceptingServer(): Promise<number> {
  const server = net.createServer((socket) => socket.destroy());
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

describe('tcpRepeat', () => {
  it('counts successes and summarises their connect times', async () => {
    const port = await acceptingServer();
    const result = await tcpRepeat({ address: '127.0.0.1', family: 4, port }, 5, { timeoutMs: 1000 }, { gapMs: 1 });
    expect(result.attempts).toHaveLength(5);
    expect(result.succeeded).toBe(5);
    expect(result.connectMs!.min).toBeLessThanOrEqual(result.connectMs!.median);
    expect(result.connectMs!.median).toBeLessThanOrEqual(result.connectMs!.p95);
    expect(result.connectMs!.p95).toBeLessThanOrEqual(result.connectMs!.max);
  });

  it('counts refusals as failures, and caps the count', async () => {
    const port = await acceptingServer();
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    const result = await tcpRepeat({ address: '127.0.0.1', family: 4, port }, 3, { timeoutMs: 1000 }, { gapMs: 1 });
    expect(result).toMatchObject({ succeeded: 0, failed: 3, connectMs: null });
    expect(result.attempts.every((a) => a.kind === 'refused')).toBe(true);
  });

  it('stops when cancelled', async () => {
    const port = await acceptingServer();
    const controller = new AbortController();
    controller.abort();
    const result = await tcpRepeat({ address: '127.0.0.1', family: 4, port }, 50, { timeoutMs: 1000, signal: controller.signal });
    expect(result.attempts).toHaveLength(0);
  });
});
