import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import { tcpRepeat } from './tcp-repeat.js';

const { serve, stop } = useLoopbackServers();

/** A loopback server that accepts every connection and drops it. */
const acceptingServer = () => serve((socket) => socket.destroy());

describe('tcpRepeat', () => {
  it('counts successes and summarises their connect times', async () => {
    const endpoint = await acceptingServer();
    const result = await tcpRepeat(endpoint, 5, { timeoutMs: 1000 }, { gapMs: 1 });
    expect(result.attempts).toHaveLength(5);
    expect(result.succeeded).toBe(5);
    expect(result.connectMs!.min).toBeLessThanOrEqual(result.connectMs!.median);
    expect(result.connectMs!.median).toBeLessThanOrEqual(result.connectMs!.p95);
    expect(result.connectMs!.p95).toBeLessThanOrEqual(result.connectMs!.max);
  });

  it('counts refusals as failures, and caps the count', async () => {
    const endpoint = await acceptingServer();
    await stop(endpoint);
    const result = await tcpRepeat(endpoint, 3, { timeoutMs: 1000 }, { gapMs: 1 });
    expect(result).toMatchObject({ succeeded: 0, failed: 3, connectMs: null });
    expect(result.attempts.every((a) => a.kind === 'refused')).toBe(true);
  });

  it('stops when cancelled', async () => {
    const endpoint = await acceptingServer();
    const controller = new AbortController();
    controller.abort();
    const result = await tcpRepeat(endpoint, 50, { timeoutMs: 1000, signal: controller.signal });
    expect(result.attempts).toHaveLength(0);
  });
});
