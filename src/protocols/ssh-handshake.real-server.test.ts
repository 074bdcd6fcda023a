import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeWithProgram,
  findProgram,
  freePort,
  makeServerDir,
  type RealServer,
  startRealServer,
} from '../../test/real-server.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { sshHandshake } from './ssh-handshake.js';

const sshd = findProgram('/usr/sbin/sshd', 'sshd');
const budget = { timeoutMs: 3000 };

/**
 * Two sshd for the file: one as configured by default, and one with `MaxStartups 1:100:1`, where a second
 * connection while one is still unauthenticated is dropped with sshd's own line. They need its privilege-separation folder, /run/sshd, which Debian makes only when
 * its service starts; the test makes it (an empty folder), and touches no other part of the machine's SSH setup.
 */
describeWithProgram('sshHandshake against OpenSSH 9.2', sshd, 'openssh-server', (program) => {
  let healthy: RealServer;
  let limited: RealServer;
  const endpointOf = (server: RealServer): TcpEndpoint => ({ address: '127.0.0.1', family: 4, port: server.port });

  async function start(extra: string[]): Promise<RealServer> {
    const dir = makeServerDir('sshd');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'LoginGraceTime 10',
      'UsePAM no',
      ...extra,
    ];
    writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
    return startRealServer({ command: program, args: ['-D', '-e', '-f', join(dir, 'sshd_config')], port, dir });
  }

  beforeAll(async () => {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    [healthy, limited] = await Promise.all([start([]), start(['MaxStartups 1:100:1'])]);
  });

  afterAll(async () => {
    await Promise.all([healthy?.stop(), limited?.stop()]);
  });

  it('healthy: the identification line, read without sending a byte', async () => {
    expect(await sshHandshake(endpointOf(healthy), budget)).toMatchObject({
      kind: 'identification',
      identification: { protoVersion: '2.0', softwareVersion: expect.stringMatching(/^OpenSSH_9\./) },
      linesBefore: [],
      reason: 'ok',
    });
  });

  it('MaxStartups exceeded by a held unauthenticated connection: its line, then a close', async () => {
    const held = await holdUnauthenticated(endpointOf(limited));
    try {
      expect(await sshHandshake(endpointOf(limited), budget)).toMatchObject({
        kind: 'text-then-end',
        how: 'closed',
        lines: ['Exceeded MaxStartups'],
        reason: 'server-connection-limit',
      });
    } finally {
      held.destroy();
    }
  });
});

describe('sshHandshake: what loopback servers do instead', () => {
  const { serve } = useLoopbackServers();

  it('a close before any byte: ended-before-banner, with when', async () => {
    const endpoint = await serve((peer) => peer.end());
    expect(await sshHandshake(endpoint, budget)).toMatchObject({
      kind: 'ended-before-banner',
      how: 'closed',
      reason: 'server-rejects-client',
      afterMs: expect.any(Number),
    });
  });

  it('a reset before any byte', async () => {
    const endpoint = await serve((peer) => peer.resetAndDestroy());
    expect(await sshHandshake(endpoint, budget)).toMatchObject({ kind: 'ended-before-banner', how: 'reset' });
  });

  it('other text, then a close: the lines, and no reason the table does not know', async () => {
    const endpoint = await serve((peer) => peer.end('Access denied by policy\r\n'));
    expect(await sshHandshake(endpoint, budget)).toMatchObject({
      kind: 'text-then-end',
      lines: ['Access denied by policy'],
      reason: 'server-error',
    });
  });

  it('silence: no answer by the deadline', async () => {
    const endpoint = await serve(() => {});
    expect(await sshHandshake(endpoint, { timeoutMs: 300 })).toMatchObject({ kind: 'no-answer', received: null });
  });

  it('another protocol: not this one', async () => {
    const endpoint = await serve((peer) => peer.write(Buffer.from('0000000804d2162f'.repeat(600), 'hex')));
    expect(await sshHandshake(endpoint, budget)).toMatchObject({ kind: 'not-this-protocol' });
  });
});

/**
 * A connection sshd has accepted (it sent its identification) and that never goes on to log in. sshd counts a
 * connection that just closed (the harness's readiness check) until its child has gone: until then it drops this
 * one too, so this tries again, a bounded number of times, until it gets the identification.
 */
async function holdUnauthenticated(endpoint: TcpEndpoint): Promise<net.Socket> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { socket, first } = await new Promise<{ socket: net.Socket; first: string }>((resolve, reject) => {
      const socket = net.connect({ host: endpoint.address, port: endpoint.port });
      socket.once('data', (chunk: Buffer) => resolve({ socket, first: chunk.toString('latin1') }));
      socket.once('error', reject);
    });
    if (first.startsWith('SSH-')) return socket;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('sshd kept dropping the connection to hold');
}
