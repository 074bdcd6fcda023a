import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SocketFactory } from './budgeted-socket.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import { tcpConnect, tcpConnectAll } from './tcp-connect.js';

const { serve, stop } = useLoopbackServers();
const drop = (socket: net.Socket) => socket.destroy();

/** Loopback always answers a SYN; a socket that never connects stands in for a silent network. */
const neverConnects: SocketFactory = () => new net.Socket();
const at = (port: number) => ({ address: '127.0.0.1', family: 4 as const, port });

describe('tcpConnect', () => {
  it('reports an accepted connection as open, with its connect time', async () => {
    const result = await tcpConnect(await serve(drop), { timeoutMs: 1000 });
    expect(result).toMatchObject({ kind: 'open', address: '127.0.0.1' });
    expect(result.kind === 'open' && result.connectMs).toBeGreaterThan(0);
  });

  it('reports RST to the SYN as refused', async () => {
    const endpoint = await serve(drop);
    await stop(endpoint);
    expect(await tcpConnect(endpoint, { timeoutMs: 1000 })).toMatchObject({ kind: 'refused', port: endpoint.port });
  });

  it('counts a server that resets right after accepting as open: the handshake completed', async () => {
    const endpoint = await serve((socket) => socket.resetAndDestroy());
    expect((await tcpConnect(endpoint, { timeoutMs: 1000 })).kind).toBe('open');
  });

  it('gives up on silence at the budget, and stops at once when cancelled', async () => {
    const started = performance.now();
    expect(await tcpConnect(at(9), { timeoutMs: 200 }, neverConnects)).toMatchObject({ kind: 'timeout' });
    expect(performance.now() - started).toBeLessThan(1200);

    const controller = new AbortController();
    const pending = tcpConnect(at(9), { timeoutMs: 60_000, signal: controller.signal }, neverConnects);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'aborted' });
  });

  it('connects to every address at once, so silent ones cost one budget, not one each', async () => {
    const opened: string[] = [];
    const recording: SocketFactory = (endpoint) => {
      opened.push(endpoint.address);
      return new net.Socket();
    };
    const pending = tcpConnectAll([at(9), { address: '::1', family: 6, port: 9 }], { timeoutMs: 300 }, recording);
    // Both connects started before either could settle.
    expect(opened).toEqual(['127.0.0.1', '::1']);
    expect((await pending).map((r) => r.kind)).toEqual(['timeout', 'timeout']);
  });
});
