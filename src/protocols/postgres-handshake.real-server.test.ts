import { execFileSync } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import {
  describeWithProgram,
  findProgram,
  freePort,
  makeServerDir,
  type RealServer,
  startRealServer,
} from '../../test/real-server.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type PostgresHandshake, postgresHandshake } from './postgres-handshake.js';
import { postgresRequiresTls } from './postgres-tls-rule.js';
import { startupMessage } from './postgres-wire.js';

const BIN = '/usr/lib/postgresql/15/bin';
const postgres = findProgram(`${BIN}/postgres`);
const budget = { timeoutMs: 3000 };

/**
 * One PostgreSQL 15 for the whole file: initdb once, TLS on with a certificate the test makes, and a pg_hba.conf
 * whose lines give each case its own user or database. max_connections is 3 so the limit case can hold every slot.
 */
const HBA = [
  'local all postgres trust',
  'hostssl postgres tls_only 127.0.0.1/32 trust',
  'host postgres alice 127.0.0.1/32 md5',
  'host postgres bob 127.0.0.1/32 scram-sha-256',
  'host postgres,nosuchdb postgres 127.0.0.1/32 trust',
  'host rejectdb all 127.0.0.1/32 reject',
];

describeWithProgram('postgresHandshake against PostgreSQL 15', postgres, 'postgresql', (program) => {
  let server: RealServer;
  let endpoint: TcpEndpoint;
  const pki = makeTestPki();

  beforeAll(async () => {
    const dir = makeServerDir('postgres');
    const data = join(dir, 'data');
    const socketDir = join(dir, 'sock');
    mkdirSync(socketDir);
    chownSync(dir, uid('postgres'), gid('postgres'));
    chownSync(socketDir, uid('postgres'), gid('postgres'));
    execFileSync(
      'runuser',
      ['-u', 'postgres', '--', `${BIN}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'],
      {
        stdio: 'ignore',
      },
    );
    writeFileSync(join(data, 'pg_hba.conf'), `${HBA.join('\n')}\n`);
    for (const [from, to] of [
      [pki.leaf.certPath, 'server.crt'],
      [pki.leaf.keyPath, 'server.key'],
    ] as const) {
      copyFileSync(from, join(data, to));
      chownSync(join(data, to), uid('postgres'), gid('postgres'));
    }
    execFileSync('chmod', ['600', join(data, 'server.key')]);
    const port = await freePort();
    server = await startRealServer({
      command: program,
      args: [
        ...['-D', data, '-p', String(port), '-k', socketDir],
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=8MB', '-c', 'fsync=off'],
        ...['-c', 'max_connections=3', '-c', 'superuser_reserved_connections=0', '-c', 'ssl=on'],
        ...['-c', 'password_encryption=md5'],
      ],
      port,
      dir,
      user: 'postgres',
    });
    endpoint = { address: '127.0.0.1', family: 4, port };
    await untilPast57P03(endpoint);
    execFileSync('runuser', [
      ...['-u', 'postgres', '--', `${BIN}/psql`, '-h', socketDir, '-p', String(port), '-U', 'postgres'],
      ...[
        '-d',
        'postgres',
        '-q',
        '-c',
        "CREATE ROLE alice LOGIN PASSWORD 'secret'; CREATE ROLE tls_only LOGIN; SET password_encryption = 'scram-sha-256'; CREATE ROLE bob LOGIN PASSWORD 'pencil'",
      ],
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    pki.remove();
  });

  it('healthy: a trusted user gets a session over TLS (prefer), then ends it with Terminate', async () => {
    const result = answered(await postgresHandshake(endpoint, budget, { user: 'postgres', database: 'postgres' }));
    expect(result).toMatchObject({ tls: 'accepted', reason: 'ok', answer: { kind: 'ready', passwordSent: false } });
    expect(result.answer.kind === 'ready' && result.answer.serverVersion).toMatch(/^15\./);
  });

  it('pg_hba.conf has no line for this client: 28000 before any password, and the message says no encryption', async () => {
    const result = answered(await postgresHandshake(endpoint, budget, { database: 'otherdb', tls: 'disable' }));
    expect(result).toMatchObject({
      tls: 'not-asked',
      reason: 'server-rejects-client',
      answer: { kind: 'error', error: { code: '28000' }, hbaEncryption: 'none' },
    });
  });

  it('no line at all: refused over TLS too, so TLS is not what it requires', async () => {
    const plain = await postgresHandshake(endpoint, budget, { database: 'otherdb', tls: 'disable' });
    const secure = await postgresHandshake(endpoint, budget, { database: 'otherdb', tls: 'require' });
    expect(secure).toMatchObject({
      tls: 'accepted',
      reason: 'server-rejects-client',
      answer: { hbaEncryption: 'ssl' },
    });
    expect(postgresRequiresTls(plain, secure)).toBe(false);
  });

  it('a reject line: 28000 as well', async () => {
    const result = answered(await postgresHandshake(endpoint, budget, { database: 'rejectdb' }));
    expect(result).toMatchObject({ reason: 'server-rejects-client', answer: { error: { code: '28000' } } });
  });

  it('hostssl only: refused in plain text, let in over TLS', async () => {
    const plain = answered(
      await postgresHandshake(endpoint, budget, { user: 'tls_only', database: 'postgres', tls: 'disable' }),
    );
    expect(plain).toMatchObject({ reason: 'server-rejects-client', answer: { hbaEncryption: 'none' } });
    const secure = answered(await postgresHandshake(endpoint, budget, { user: 'tls_only', database: 'postgres' }));
    expect(secure).toMatchObject({ tls: 'accepted', reason: 'ok', answer: { kind: 'ready' } });
    expect(postgresRequiresTls(plain, secure)).toBe(true);
  });

  it('a missing database: 3D000', async () => {
    const result = answered(await postgresHandshake(endpoint, budget, { user: 'postgres', database: 'nosuchdb' }));
    expect(result).toMatchObject({ reason: 'database-missing', answer: { error: { code: '3D000' } } });
  });

  it('md5: stops at the request without a password; a right one opens a session, a wrong one gets 28P01', async () => {
    const asked = answered(await postgresHandshake(endpoint, budget, { user: 'alice', database: 'postgres' }));
    expect(asked).toMatchObject({
      reason: 'ok',
      answer: { kind: 'authentication-request', method: 'md5-password', passwordUntested: 'not-given' },
    });
    const right = { user: 'alice', database: 'postgres', password: 'secret' };
    expect(answered(await postgresHandshake(endpoint, budget, right))).toMatchObject({
      reason: 'ok',
      answer: { kind: 'ready', passwordSent: true },
    });
    const wrong = answered(await postgresHandshake(endpoint, budget, { ...right, password: 'nope' }));
    expect(wrong).toMatchObject({
      reason: 'authentication-failed',
      answer: { error: { code: '28P01' }, passwordSent: true },
    });
  });

  it('SCRAM-SHA-256: stops at the SASL request without a password; a right one opens a session, a wrong one gets 28P01', async () => {
    const asked = answered(await postgresHandshake(endpoint, budget, { user: 'bob', database: 'postgres' }));
    expect(asked).toMatchObject({
      reason: 'ok',
      // Over TLS the server also offers SCRAM-SHA-256-PLUS (channel binding), which the probe does not use.
      answer: { kind: 'authentication-request', method: 'sasl', mechanisms: ['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256'] },
    });
    const right = { user: 'bob', database: 'postgres', password: 'pencil', tls: 'disable' } as const;
    for (const tls of ['disable', 'prefer'] as const) {
      expect(answered(await postgresHandshake(endpoint, budget, { ...right, tls }))).toMatchObject({
        reason: 'ok',
        answer: { kind: 'ready', passwordSent: true },
      });
    }
    const wrong = answered(await postgresHandshake(endpoint, budget, { ...right, password: 'nope' }));
    expect(wrong).toMatchObject({
      reason: 'authentication-failed',
      answer: { error: { code: '28P01' }, passwordSent: true },
    });
  });

  // Last in the file: the held sessions' slots are freed asynchronously after they close.
  it('max_connections reached: 53300, whatever pg_hba.conf would have said', async () => {
    const held = await Promise.all([1, 2, 3].map(() => holdSession(endpoint)));
    try {
      const result = answered(await postgresHandshake(endpoint, budget, { database: 'otherdb', tls: 'disable' }));
      expect(result).toMatchObject({ reason: 'server-connection-limit', answer: { error: { code: '53300' } } });
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

function answered(result: PostgresHandshake): Extract<PostgresHandshake, { kind: 'answered' }> {
  if (result.kind !== 'answered') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result;
}

const uid = (user: string) => Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
const gid = (user: string) => Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());

/** PostgreSQL accepts TCP while it starts, answering 57P03: wait (bounded) until it answers otherwise. */
async function untilPast57P03(endpoint: TcpEndpoint): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const result = await postgresHandshake(endpoint, budget, {
      user: 'postgres',
      database: 'postgres',
      tls: 'disable',
    });
    if (result.kind !== 'answered' || result.reason !== 'server-not-ready') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A session that holds its slot: the startup is sent and the test waits for ReadyForQuery. */
function holdSession(endpoint: TcpEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    socket.once('connect', () => socket.write(startupMessage({ user: 'postgres', database: 'postgres' })));
    let seen = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.includes(Buffer.from('5a0000000549', 'hex'))) resolve(socket);
    });
    socket.once('error', reject);
  });
}
