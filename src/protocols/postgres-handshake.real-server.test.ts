import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import { POSTGRES_BIN, startPostgres } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from '../../test/real-server.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type PostgresHandshake, postgresHandshake } from './postgres-handshake.js';
import { postgresRequiresTls } from './postgres-tls-rule.js';
import { startupMessage } from './postgres-wire.js';

const postgres = findProgram(`${POSTGRES_BIN}/postgres`);
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
    const started = await startPostgres(program, {
      hba: HBA,
      tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
      settings: ['max_connections=3', 'superuser_reserved_connections=0', 'password_encryption=md5'],
    });
    server = started.server;
    endpoint = { address: '127.0.0.1', family: 4, port: server.port };
    await untilPast57P03(endpoint);
    await started.sql(
      "CREATE ROLE alice LOGIN PASSWORD 'secret'; CREATE ROLE tls_only LOGIN; SET password_encryption = 'scram-sha-256'; CREATE ROLE bob LOGIN PASSWORD 'pencil'",
    );
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
