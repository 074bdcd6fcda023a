import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SocketFactory } from './budgeted-socket.js';
import { tcpConnect, tcpConnectAll } from './tcp-connect.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(onSocket: (socket: net.Socket) => void = (s) => s.destroy()): Promise<number> {
  const server = net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

/** Loopback always answers a SYN; a socket that never connects stands in for a silent network. */
const neverConnects: SocketFactory = () => new net.Socket();
const at = (port: number) => ({ address: '127.0.0.1', family: 4 as const, port });

describe('tcpConnect', () => {
  it('reports an accepted connection as open, with its connect time', async () => {
    const result = await tcpConnect(at(await listen()), { timeoutMs: 1000 });
    expect(result).toMatchObject({ kind: 'open', address: '127.0.0.1' });
    expect(result.kind === 'open' && result.connectMs).toBeGreaterThan(0);
  });

  it('reports RST to the SYN as refused', async () => {
    const port = await listen();
    await new Promise<void>((r) => servers.pop()!.close(() => r()));
    expect(await tcpConnect(at(port), { timeoutMs: 1000 })).toMatchObject({ kind: 'refused', port });
  });

  it('counts a server that resets right after accepting as open: the handshake completed', async () => {
    const port = await listen((socket) => socket.resetAndDestroy());
    expect((await tcpConnect(at(port), { timeoutMs: 1000 })).kind).toBe('open');
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
