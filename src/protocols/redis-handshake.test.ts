import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeWithProgram,
  findProgram,
  freePort,
  makeServerDir,
  type RealServer,
  startRealServer,
} from '../../test/real-server.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { redisHandshake } from './redis-handshake.js';

const redisServer = findProgram('redis-server');
const budget = { timeoutMs: 3000 };
const MAX_CLIENTS = 2;

/** Two Redis 7 on loopback for the file: an open one, and one with requirepass and a small maxclients. */
describeWithProgram('redisHandshake against Redis 7', redisServer, 'redis-server', (program) => {
  let open: RealServer;
  let guarded: RealServer;
  const endpointOf = (server: RealServer): TcpEndpoint => ({ address: '127.0.0.1', family: 4, port: server.port });

  async function start(extra: string[]): Promise<RealServer> {
    const port = await freePort();
    const dir = makeServerDir('redis');
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    return startRealServer({ command: program, args: [...args, ...extra], port, dir });
  }

  beforeAll(async () => {
    [open, guarded] = await Promise.all([
      start([]),
      start(['--requirepass', 'sekret', '--maxclients', String(MAX_CLIENTS)]),
    ]);
  });

  afterAll(async () => {
    await Promise.all([open?.stop(), guarded?.stop()]);
  });

  it('healthy: +PONG', async () => {
    expect(await redisHandshake(endpointOf(open), budget)).toMatchObject({
      kind: 'answered',
      to: 'PING',
      reply: { type: 'simple', text: 'PONG' },
      reason: 'ok',
      passwordSent: false,
    });
  });

  it('a password given to a server without one: not needed, and PING decides', async () => {
    expect(await redisHandshake(endpointOf(open), budget, { password: 'unneeded' })).toMatchObject({
      to: 'PING',
      reason: 'ok',
      passwordSent: true,
    });
  });

  it('requirepass without a password: -NOAUTH', async () => {
    expect(await redisHandshake(endpointOf(guarded), budget)).toMatchObject({
      to: 'PING',
      reply: { type: 'error', prefix: 'NOAUTH' },
      reason: 'authentication-required',
    });
  });

  it('requirepass with the right password: +PONG; with a wrong one: -WRONGPASS', async () => {
    expect(await redisHandshake(endpointOf(guarded), budget, { password: 'sekret' })).toMatchObject({
      to: 'PING',
      reason: 'ok',
    });
    expect(await redisHandshake(endpointOf(guarded), budget, { password: 'nope' })).toMatchObject({
      to: 'AUTH',
      reply: { type: 'error', prefix: 'WRONGPASS' },
      reason: 'authentication-failed',
    });
  });

  it('maxclients reached: -ERR max number of clients reached', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CLIENTS }, () => holdClient(endpointOf(guarded))));
    try {
      expect(await redisHandshake(endpointOf(guarded), budget)).toMatchObject({
        reply: { type: 'error', prefix: 'ERR', message: 'max number of clients reached' },
        reason: 'server-connection-limit',
      });
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

/** A client the server has counted: it answered this client's PING. */
function holdClient(endpoint: TcpEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => resolve(socket));
    socket.once('error', reject);
  });
}
