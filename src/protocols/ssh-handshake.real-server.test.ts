import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdUnauthenticatedSsh, startSshd } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from '../../test/real-server.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { sshHandshake } from './ssh-handshake.js';

const sshd = findProgram('/usr/sbin/sshd', 'sshd');
const budget = { timeoutMs: 3000 };

/**
 * Two sshd for the file: one as configured by default, and one with `MaxStartups 1:100:1`, where a second
 * connection while one is still unauthenticated is dropped with sshd's own line (test/protocol-servers.ts).
 */
describeWithProgram('sshHandshake against OpenSSH 9.2', sshd, 'openssh-server', (program) => {
  let healthy: RealServer;
  let limited: RealServer;
  const endpointOf = (server: RealServer): TcpEndpoint => ({ address: '127.0.0.1', family: 4, port: server.port });

  beforeAll(async () => {
    [healthy, limited] = await Promise.all([startSshd(program), startSshd(program, ['MaxStartups 1:100:1'])]);
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
    const held = await holdUnauthenticatedSsh(limited.port);
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
