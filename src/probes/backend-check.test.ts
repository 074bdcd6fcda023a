import { describe, expect, it } from 'vitest';
import { checkBackend } from './backend-check.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';

const loopback = useLoopbackServers();
const budget = { timeoutMs: 2000 };

describe('checkBackend', () => {
  it('one connect to a backend that listens: accepted, and no byte is sent to it', async () => {
    const received: Buffer[] = [];
    const endpoint = await loopback.serve((peer) => peer.on('data', (chunk: Buffer) => received.push(chunk)));
    const check = await checkBackend({ host: '127.0.0.1', port: endpoint.port }, budget);
    expect(check).toMatchObject({ kind: 'accepted', attempts: [{ kind: 'open', address: '127.0.0.1' }] });
    expect(received).toEqual([]);
  });

  it('a backend whose port is closed: failed, refused', async () => {
    const endpoint = await loopback.serve(() => {});
    await loopback.stop(endpoint);
    const check = await checkBackend({ host: '127.0.0.1', port: endpoint.port }, budget);
    expect(check).toMatchObject({ kind: 'failed', attempts: [{ kind: 'refused' }] });
  });

  it('`localhost` is resolved as the forwarder would, and every address it gives is tried', async () => {
    const endpoint = await loopback.serve(() => {});
    const check = await checkBackend({ host: 'localhost', port: endpoint.port }, budget);
    // The server is on 127.0.0.1 only: where localhost also means ::1, that address refuses and one open is enough.
    expect(check.kind).toBe('accepted');
    expect(check.kind === 'accepted' && check.attempts.map((a) => a.address)).toContain('127.0.0.1');
  });

  it('a cancelled check says so', async () => {
    const controller = new AbortController();
    controller.abort();
    const check = await checkBackend({ host: '127.0.0.1', port: 9 }, { timeoutMs: 2000, signal: controller.signal });
    expect(check).toEqual({ kind: 'aborted' });
  });
});
