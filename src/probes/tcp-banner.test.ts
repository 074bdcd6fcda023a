import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import { readBanner } from './tcp-banner.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { expectKind } from './expect-kind.test-helper.js';

const { serve, stop } = useLoopbackServers();

/** Writes `parts` one every `everyMs`, stopping if the client leaves. */
function drip(peer: net.Socket, parts: (string | Buffer)[], everyMs: number): void {
  const timer = setInterval(() => {
    const part = parts.shift();
    if (part === undefined || peer.destroyed) clearInterval(timer);
    else peer.write(part);
  }, everyMs);
  peer.on('close', () => clearInterval(timer));
}

async function banner(endpoint: TcpEndpoint, timeoutMs: number, waitMs?: number) {
  const started = performance.now();
  const result = await readBanner(endpoint, { timeoutMs }, waitMs === undefined ? {} : { waitMs });
  return { result, tookMs: performance.now() - started };
}

describe('readBanner', () => {
  it('reads and identifies an SSH banner without sending anything', async () => {
    let clientSent = 0;
    const endpoint = await serve((peer) => {
      peer.on('data', (chunk: Buffer) => (clientSent += chunk.length));
      peer.write('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n');
    });
    const result = expectKind((await banner(endpoint, 3000)).result, 'banner');
    expect(result.protocol?.id).toBe('ssh');
    expect(result.bytes.text).toBe('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\\r\\n');
    expect(result.afterMs).toBeGreaterThanOrEqual(0);
    expect(clientSent).toBe(0);
  });

  it('stops at the first line end of a slowly dripped greeting', async () => {
    const endpoint = await serve((peer) => drip(peer, [...'220 mx ESMTP\r\n', '220 more\r\n'], 20));
    const result = expectKind((await banner(endpoint, 3000)).result, 'banner');
    expect(result.bytes.text).toBe('220 mx ESMTP\\r\\n');
    expect(result.protocol?.id).toBe('smtp');
  });

  it('waits past a 0x0a inside a binary greeting for the rest of it (MySQL)', async () => {
    const payload = Buffer.concat([
      Buffer.from([0x0a]),
      Buffer.from('8.0.36\0', 'latin1'),
      Buffer.from('0b000000', 'hex'),
      Buffer.from('Wq\x1b9,]v5\0', 'latin1'),
      Buffer.from('ffffff0200ffdf15000000000000000000', 'hex'),
      Buffer.from('\x1aR{x)7k4|EpT\0caching_sha2_password\0', 'latin1'),
    ]);
    const packet = Buffer.concat([Buffer.from([payload.length, 0, 0, 0]), payload]);
    // The first part ends right after the protocol version byte, 0x0a.
    const endpoint = await serve((peer) => drip(peer, [packet.subarray(0, 5), packet.subarray(5)], 50));
    const result = expectKind((await banner(endpoint, 3000)).result, 'banner');
    expect(result.bytes.length).toBe(packet.length);
    expect(result.protocol?.evidence).toBe('MySQL handshake v10, server version 8.0.36');
  });

  it('reads at most 1 KiB of an endless stream', async () => {
    const endpoint = await serve((peer) => peer.write(Buffer.alloc(256 * 1024, 0x00)));
    const { result, tookMs } = await banner(endpoint, 3000);
    expect(expectKind(result, 'banner').bytes.length).toBeLessThanOrEqual(1024);
    expect(tookMs).toBeLessThan(3000);
  });

  it('reports a client-first server as silent after the wait', async () => {
    const endpoint = await serve(() => {});
    const { result, tookMs } = await banner(endpoint, 3000, 300);
    expect(expectKind(result, 'silent').waitedMs).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan(300 + 1000);
  });

  it('never waits past the budget, whatever waitMs says', async () => {
    const endpoint = await serve(() => {});
    const { result, tookMs } = await banner(endpoint, 200, 10_000);
    expectKind(result, 'silent');
    expect(tookMs).toBeLessThan(200 + 1000);
  });

  it('reports a FIN with no byte as closed', async () => {
    const endpoint = await serve((peer) => peer.end());
    expectKind((await banner(endpoint, 3000)).result, 'closed');
  });

  it('reports a reset on accept as reset', async () => {
    const endpoint = await serve((peer) => peer.resetAndDestroy());
    expectKind((await banner(endpoint, 3000)).result, 'reset');
  });

  it('reports a refused port as connect-failed refused', async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const result = expectKind((await banner(endpoint, 3000)).result, 'connect-failed');
    expect(result.connect.kind).toBe('refused');
  });

  it('reports a connect that never completes as connect-failed timeout', async () => {
    const started = performance.now();
    const endpoint: TcpEndpoint = { address: '127.0.0.1', family: 4, port: 9 };
    const result = await readBanner(endpoint, { timeoutMs: 200 }, { connect: () => new net.Socket() });
    expect(expectKind(result, 'connect-failed').connect.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(200 + 1000);
  });

  it('settles as aborted when the caller cancels', async () => {
    const endpoint = await serve(() => {});
    const controller = new AbortController();
    const pending = readBanner(endpoint, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ kind: 'aborted' });
  });
});
