import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, makeServerDir, type RealServer } from '../../test/real-server.js';
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

  const start = (extra: string[]) => startRedis(program, extra);

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

/**
 * Protected mode refuses clients that are not on loopback, so the test needs a local address that is not: it makes a
 * network namespace of its own (no route out) with 198.18.0.1 on its loopback device, runs Redis there without a
 * password, and a socat there that relays a Unix socket (shared across namespaces, being a file) to 198.18.0.1. The
 * probe connects through that socket; Redis sees a client from 198.18.0.1.
 */
describe('redisHandshake against Redis 7 in protected mode', () => {
  const ns = `cdpw-redis-${process.pid}`;
  const socat = findProgram('socat');
  const ip = findProgram('ip', '/usr/sbin/ip', '/sbin/ip');
  const skip =
    process.getuid?.() !== 0
      ? 'a network namespace needs root'
      : !redisServer || !socat || !ip
        ? 'needs redis-server, socat and ip'
        : null;
  const children: ChildProcess[] = [];
  let dir = '';
  const removeNamespace = () => {
    try {
      execFileSync(ip!, ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // Not there: nothing to remove.
    }
  };

  beforeAll(async () => {
    if (skip) return;
    removeNamespace();
    dir = makeServerDir('redis-protected');
    execFileSync(ip!, ['netns', 'add', ns]);
    execFileSync(ip!, ['-n', ns, 'link', 'set', 'lo', 'up']);
    execFileSync(ip!, ['-n', ns, 'addr', 'add', '198.18.0.1/32', 'dev', 'lo']);
    const inNamespace = (args: string[]) => {
      const child = spawn(ip!, ['netns', 'exec', ns, ...args], { cwd: dir, stdio: 'ignore' });
      children.push(child);
    };
    inNamespace([redisServer!, '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', dir]);
    inNamespace([socat!, `UNIX-LISTEN:${join(dir, 'relay.sock')},fork`, 'TCP:198.18.0.1:6379']);
  });

  afterAll(async () => {
    const exited = (child: ChildProcess) =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill();
      });
    await Promise.all(children.map(exited));
    if (!skip) removeNamespace();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('from 198.18.0.1 without a password: -DENIED', async (ctx) => {
    if (skip) {
      if (process.env.CI === 'true') throw new Error(`protected mode test cannot run: ${skip}`);
      return ctx.skip(skip);
    }
    const throughRelay = () => net.connect({ path: join(dir, 'relay.sock') });
    const endpoint: TcpEndpoint = { address: '198.18.0.1', family: 4, port: 6379 };
    const result = await untilRelayed(() => redisHandshake(endpoint, budget, { connect: throughRelay }));
    expect(result).toMatchObject({
      kind: 'answered',
      reply: { type: 'error', prefix: 'DENIED', message: expect.stringMatching(/^Redis is running in protected mode/) },
      reason: 'server-rejects-client',
    });
  });
});

/** Redis and socat start in the background: try again (bounded) while the relay is not there or not connected yet. */
async function untilRelayed<R extends { kind: string }>(attempt: () => Promise<R>): Promise<R> {
  for (let i = 0; ; i++) {
    const result = await attempt();
    if (i === 100 || result.kind === 'answered') return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A client the server has counted: it answered this client's PING. */
function holdClient(endpoint: TcpEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => resolve(socket));
    socket.once('error', reject);
  });
}
