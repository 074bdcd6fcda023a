import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { CAPTURED } from './amqp-captured.test-helper.js';
import { protocolCheck } from './protocol-check.js';

const { serve, stop } = useLoopbackServers();
const options = { user: null, password: null, database: null, sslmode: null, servername: null };

describe('protocolCheck on what service identification already read', () => {
  it("reads SSH's identification from the greeting, and opens no connection of its own", async () => {
    // A port that refuses: a connection would end the check as connect-failed.
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const greeting = { bytes: Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), afterMs: 12 };
    const check = await protocolCheck('ssh', endpoint, { timeoutMs: 1000 }, { ...options, greeting });
    expect(check).toMatchObject({ fromIdentification: true, reading: { kind: 'answered', reason: 'ok', afterMs: 12 } });
  });

  it("reads Redis's answer from identification's PING, and opens no connection of its own", async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const pingAnswer = Buffer.from('-NOAUTH Authentication required.\r\n');
    const check = await protocolCheck('redis', endpoint, { timeoutMs: 1000 }, { ...options, pingAnswer });
    expect(check).toMatchObject({
      fromIdentification: true,
      reading: { kind: 'answered', reason: 'authentication-required', answer: '-NOAUTH' },
    });
  });

  it('asks Redis itself when there is a password to test, or when the answer read is not whole', async () => {
    let connections = 0;
    const endpoint = await serve((peer) => {
      connections++;
      peer.on('data', () => peer.write('+PONG\r\n+PONG\r\n'));
    });
    const pingAnswer = Buffer.from('-NOAUTH Authentication required.\r\n');
    const tested = await protocolCheck(
      'redis',
      endpoint,
      { timeoutMs: 1000 },
      { ...options, password: 'pw', pingAnswer },
    );
    expect(tested).toMatchObject({ fromIdentification: false, passwordSent: true });
    const cut = await protocolCheck(
      'redis',
      endpoint,
      { timeoutMs: 1000 },
      { ...options, pingAnswer: pingAnswer.subarray(0, 9) },
    );
    expect(cut).toMatchObject({ fromIdentification: false, reading: { answer: '+PONG' } });
    expect(connections).toBe(2);
  });

  it('connects as usual when the greeting holds no whole identification', async () => {
    let connections = 0;
    const endpoint = await serve((peer) => {
      connections++;
      peer.end('SSH-2.0-OpenSSH_9.2p1\r\n');
    });
    const greeting = { bytes: Buffer.from('SSH-2.0-Open'), afterMs: 12 };
    const check = await protocolCheck('ssh', endpoint, { timeoutMs: 1000 }, { ...options, greeting });
    expect(check).toMatchObject({ fromIdentification: false, reading: { kind: 'answered', reason: 'ok' } });
    expect(connections).toBe(1);
  });
});

/** A PostgreSQL without TLS whose pg_hba.conf has no line for us: `N` to an SSLRequest, 28000 to any startup. */
function pgWithoutTls(seen: { connections: number }) {
  const message = 'no pg_hba.conf entry for host "127.0.0.1", user "app", database "shop", no encryption';
  const fields = ['SFATAL', 'VFATAL', 'C28000', `M${message}`].map((field) => `${field}\0`).join('');
  const body = Buffer.from(`${fields}\0`, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length + 4);
  const refusal = Buffer.concat([Buffer.from('E'), length, body]);
  return serve((peer) => {
    seen.connections++;
    peer.on('data', (chunk: Buffer) => {
      if (chunk.subarray(0, 8).equals(Buffer.from('0000000804d2162f', 'hex'))) peer.write('N');
      else peer.end(refusal);
    });
  });
}

describe('protocolCheck for PostgreSQL, told it has no TLS', () => {
  const pgOptions = { ...options, user: 'app', database: 'shop' };

  it('makes no second handshake over TLS after a refusal in plain text', async () => {
    const seen = { connections: 0 };
    const endpoint = await pgWithoutTls(seen);
    const check = await protocolCheck(
      'postgresql',
      endpoint,
      { timeoutMs: 1000 },
      { ...pgOptions, tlsUnavailable: true },
    );
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'server-rejects-client', answer: '28000' });
    expect([check.handshakes.length, seen.connections]).toEqual([1, 1]);
  });

  it('without that knowledge asks for TLS first, as libpq does: N, and the plain session goes on on that connection', async () => {
    const seen = { connections: 0 };
    const endpoint = await pgWithoutTls(seen);
    const check = await protocolCheck('postgresql', endpoint, { timeoutMs: 1000 }, pgOptions);
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'server-rejects-client', answer: '28000' });
    expect(check.handshakes).toEqual([expect.objectContaining({ kind: 'answered', tls: 'refused' })]);
    expect(seen.connections).toBe(1);
  });

  it('with a password to test, starts plain, and asks over TLS after a refusal that names no encryption', async () => {
    const seen = { connections: 0 };
    const endpoint = await pgWithoutTls(seen);
    const check = await protocolCheck(
      'postgresql',
      endpoint,
      { timeoutMs: 1000 },
      { ...pgOptions, password: 'Hunter2-secret' },
    );
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'server-rejects-client', answer: '28000' });
    expect([check.handshakes.length, seen.connections]).toEqual([2, 2]);
  });
});

/** A broker replaying RabbitMQ 3.10's login (captured frames): Start, Tune, Open-Ok; every byte it got is kept. */
function amqpBroker(sent: Buffer[]) {
  const frames = [CAPTURED.connectionStart, CAPTURED.tune, CAPTURED.openOk, CAPTURED.closeOk];
  return serve((peer) => {
    let step = 0;
    peer.on('data', (chunk: Buffer) => {
      sent.push(chunk);
      const next = frames[step++];
      if (next) peer.write(Buffer.from(next, 'hex'));
    });
  });
}

describe('protocolCheck for AMQP', () => {
  it('logs in only with a user and a password, opening "/" when the URL names no vhost', async () => {
    const sent: Buffer[] = [];
    const check = await protocolCheck(
      'amqp',
      await amqpBroker(sent),
      { timeoutMs: 1000 },
      { ...options, user: 'app', password: 'Hunter2-secret' },
    );
    expect(check).toMatchObject({
      passwordSent: true,
      user: 'app',
      reading: { kind: 'answered', reason: 'ok', answer: 'open-ok' },
    });
    expect(check.reading.kind === 'answered' && check.reading.message).toContain(
      'logged in as "app", vhost "/" opened',
    );
    expect(Buffer.concat(sent).includes(Buffer.from('01000000000008000a0028012f0000ce', 'hex'))).toBe(true);
    expect(JSON.stringify(check)).not.toContain('Hunter2-secret');
  });

  it.each([
    ['a user without a password', { user: 'app', password: null }],
    ['a password without a user', { user: null, password: 'Hunter2-secret' }],
    ['an empty password', { user: 'app', password: '' }],
  ])('%s: no login, nothing sent after the protocol header', async (_name, credentials) => {
    const sent: Buffer[] = [];
    const check = await protocolCheck(
      'amqp',
      await amqpBroker(sent),
      { timeoutMs: 1000 },
      { ...options, ...credentials },
    );
    expect(check).toMatchObject({ passwordSent: false, reading: { answer: 'connection-start' } });
    expect(Buffer.concat(sent).toString('hex')).toBe('414d515000000901');
  });

  it('a vhost longer than a short string holds: no login, and the reading says why the password was not judged', async () => {
    const sent: Buffer[] = [];
    const check = await protocolCheck(
      'amqp',
      await amqpBroker(sent),
      { timeoutMs: 1000 },
      { ...options, user: 'app', password: 'Hunter2-secret', database: 'v'.repeat(256) },
    );
    expect(check).toMatchObject({ passwordSent: false, reading: { reason: 'ok', answer: 'connection-start' } });
    expect(check.reading.kind === 'answered' && check.reading.message).toBe(
      'RabbitMQ 3.10.8, AMQP 0-9, mechanisms PLAIN AMQPLAIN; the vhost named in the URL is longer than AMQP allows (255 bytes), so the password was not sent and not judged',
    );
    expect(Buffer.concat(sent).toString('hex')).toBe('414d515000000901');
  });
});
