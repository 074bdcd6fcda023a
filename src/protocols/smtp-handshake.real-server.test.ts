import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExim } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from '../../test/real-server.js';
import type { SocketFactory } from '../probes/budgeted-socket.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { smtpHandshake } from './smtp-handshake.js';

const exim = findProgram('exim4', '/usr/sbin/exim4');
const budget = { timeoutMs: 3000 };

/**
 * One Exim for the file, with its own config, spool and log in a temp dir: a two-line greeting, at most one
 * session at a time (`smtp_accept_max = 1`), and a connect ACL that denies 127.0.0.2 (loopback too).
 */
describeWithProgram('smtpHandshake against Exim 4.96', exim, 'exim4-daemon-light', (program) => {
  let server: RealServer;
  let endpoint: TcpEndpoint;

  beforeAll(async () => {
    const started = await startExim(program, {
      extra: [
        'smtp_banner = $primary_hostname ESMTP Exim\\nconn-doctor test server',
        'smtp_accept_max = 1',
        'tls_advertise_hosts =',
        'acl_smtp_connect = check_connect',
      ],
      acl: ['check_connect:', '  deny hosts = 127.0.0.2', '       message = no SMTP service for you', '  accept'],
    });
    server = started.server;
    endpoint = { address: '127.0.0.1', family: 4, port: started.port };
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('healthy: a two-line 220 greeting, then QUIT', async () => {
    const result = await untilFree(endpoint);
    expect(result).toMatchObject({
      kind: 'greeting',
      code: 220,
      lines: ['mx.conn-doctor.test ESMTP Exim', 'conn-doctor test server'],
      reason: 'ok',
    });
  });

  it('a client the connect ACL denies: 550', async () => {
    const from127002: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.2' });
    expect(await untilFree(endpoint, { connect: from127002 })).toMatchObject({
      kind: 'greeting',
      code: 550,
      reason: 'server-rejects-client',
    });
  });

  it('smtp_accept_max reached: 421 too many concurrent connections', async () => {
    const held = await holdSession(endpoint);
    try {
      expect(await smtpHandshake(endpoint, budget)).toMatchObject({
        kind: 'greeting',
        code: 421,
        lines: ['Too many concurrent SMTP connections; please try again later.'],
        reason: 'server-connection-limit',
      });
    } finally {
      held.destroy();
    }
  });
});

describe('smtpHandshake: QUIT after the greeting', () => {
  const { serve } = useLoopbackServers();

  it('says QUIT, and settles when the server closes', async () => {
    let heard = '';
    const endpoint = await serve((peer) => {
      peer.write('220 mx ESMTP\r\n');
      peer.on('data', (chunk: Buffer) => {
        heard += chunk.toString('latin1');
        if (heard === 'QUIT\r\n') peer.end('221 bye\r\n');
      });
    });
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({ kind: 'greeting', code: 220, reason: 'ok' });
    expect(heard).toBe('QUIT\r\n');
  });

  it('a 554 greeting: refused', async () => {
    const endpoint = await serve((peer) => peer.write('554 5.7.1 Service unavailable; client host blocked\r\n'));
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({ code: 554, reason: 'server-rejects-client' });
  });

  it('a 421 shutting down: not ready', async () => {
    const endpoint = await serve((peer) => peer.end('421 4.3.2 Service shutting down\r\n'));
    expect(await smtpHandshake(endpoint, budget)).toMatchObject({ code: 421, reason: 'server-not-ready' });
  });
});

/**
 * A session Exim counts: it sent its 220 greeting, and this client says nothing more. A 421 means the session of the
 * test before is still counted (Exim counts it until its child process has gone): try again, bounded.
 */
async function holdSession(endpoint: TcpEndpoint): Promise<net.Socket> {
  for (let attempt = 0; ; attempt++) {
    const { socket, greeting } = await new Promise<{ socket: net.Socket; greeting: string }>((resolve, reject) => {
      const socket = net.connect({ host: endpoint.address, port: endpoint.port });
      socket.once('data', (chunk: Buffer) => resolve({ socket, greeting: chunk.toString('latin1') }));
      socket.once('error', reject);
    });
    if (!greeting.startsWith('421') || attempt === 50) return socket;
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Exim counts a session (the harness's readiness check, the test before's) until its child process has gone; with
 * smtp_accept_max = 1 the next probe can meet that. Probe again (bounded) until the greeting is not 421.
 */
async function untilFree(endpoint: TcpEndpoint, options: Parameters<typeof smtpHandshake>[2] = {}) {
  for (let attempt = 0; ; attempt++) {
    const result = await smtpHandshake(endpoint, budget, options);
    if (attempt === 50 || result.kind !== 'greeting' || result.code !== 421) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
