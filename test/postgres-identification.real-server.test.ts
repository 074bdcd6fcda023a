import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { POSTGRES_BIN, startPostgres, type StartedPostgres } from './protocol-servers.js';
import { describeWithProgram, findProgram } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * A tcp:// target on a PostgreSQL without TLS, on a port whose number suggests nothing: identification's SSLRequest
 * is answered `N`, the placeholder's StartupMessage goes out on that same connection, and the handshake reads the
 * server's answer from there. PostgreSQL forks a backend for every connection: the server's own log
 * (`log_connections`) counts them.
 */

interface JsonReport {
  verdict: { id: string; evidence: string[] };
  steps: { id: string; outcome: string; details?: unknown }[];
}

interface HandshakeDetails {
  fromIdentification: boolean;
  handshakes: { kind: string; tls?: string }[];
  onConnectCheck?: boolean;
  user: string;
  userGiven: boolean;
}

const postgres = findProgram(`${POSTGRES_BIN}/postgres`);

/** The TCP connections the server has logged so far (a psql over the Unix socket logs `host=[local]` instead). */
const tcpConnections = (started: StartedPostgres) =>
  started.server
    .output()
    .split('\n')
    .filter((line) => line.includes('connection received: host=127.0.0.1')).length;

/**
 * Waits, bounded, until the server has logged a psql over its socket that started after the diagnosis ended: every
 * backend forked for the diagnosis logged its connection before that one (each logs at its start).
 */
async function settledLog(started: StartedPostgres): Promise<void> {
  const marks = () => started.server.output().split('connection received: host=[local]').length;
  const before = marks();
  await started.sql('SELECT 1');
  for (let i = 0; i < 100 && marks() === before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function diagnoseCounting(started: StartedPostgres, target: string) {
  await settledLog(started);
  const before = tcpConnections(started);
  const run = await runCli([target, '--json']);
  await settledLog(started);
  const report = JSON.parse(run.stdout) as JsonReport;
  const handshake = report.steps.find((s) => s.id === 'protocol.handshake')?.details as HandshakeDetails;
  return { code: run.code, report, handshake, connections: tcpConnections(started) - before };
}

describeWithProgram('a tcp:// target on PostgreSQL 15 without TLS', postgres, 'postgresql', (program) => {
  let started: StartedPostgres;

  beforeAll(async () => {
    // TCP clients may reach `shop` with a password; everything else from 127.0.0.1 has no line at all.
    started = await startPostgres(program, {
      hba: ['local all postgres trust', 'host shop all 127.0.0.1/32 scram-sha-256'],
      settings: ['log_connections=on'],
    });
  });

  afterAll(async () => {
    await started?.server.stop();
  });

  it('the pg_hba refusal is read on identification’s connection: no connection of its own', async () => {
    const port = started.server.port;
    const { code, report, handshake, connections } = await diagnoseCounting(started, `tcp://127.0.0.1:${port}`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(report.verdict.evidence.join('\n')).toContain('no pg_hba.conf entry for host "127.0.0.1"');
    expect(report.verdict.evidence.join('\n')).toContain("read on identification's connection");
    expect(handshake).toMatchObject({ fromIdentification: true, userGiven: false, user: 'conn_doctor' });
    expect(handshake.handshakes).toEqual([expect.objectContaining({ kind: 'answered', tls: 'refused' })]);
    // Identification's first round (the SSLRequest on the connect check's own connection, a PING beside it) and
    // nothing more: without the follow-up the handshake forked one more backend, without the kept connection the
    // connect check one more again, and a listen for a greeting beside them was one more still.
    expect(connections).toBeGreaterThan(0);
    expect(connections).toBeLessThanOrEqual(2);
    expect(code).toBe(1);
  });

  it('a postgres:// target: one handshake, on the connect check’s connection, that asks for TLS first', async () => {
    const port = started.server.port;
    const { report, handshake, connections } = await diagnoseCounting(started, `postgres://127.0.0.1:${port}/closed`);
    expect(report.verdict.id).toBe('server-rejects-client');
    // `N` to the SSLRequest, then the plain session on the same connection: no TLS here, so no hostssl line can
    // let anyone in, and no second handshake is needed to rule one out. The connect check's connection is this one.
    expect(handshake.handshakes).toEqual([expect.objectContaining({ kind: 'answered', tls: 'refused' })]);
    // Seen from the parking, so that reports draw it on the connect's connection, with no close before it.
    expect(handshake.onConnectCheck).toBe(true);
    expect(connections).toBe(1);
  });

  it('a server that asks the placeholder for a password (and waits) is read there too: its rules let this client in', async () => {
    // A line for every database, so the placeholder is asked for a password rather than refused.
    const hba = `${started.server.dir}/data/pg_hba.conf`;
    appendFileSync(hba, 'host all all 127.0.0.1/32 scram-sha-256\n');
    await started.sql('SELECT pg_reload_conf()');
    const port = started.server.port;
    const { report, handshake, connections } = await diagnoseCounting(started, `tcp://127.0.0.1:${port}`);
    // An authentication request means the rules let this client in; no password was given, so none was tested.
    expect(report.verdict.id).toBe('healthy');
    expect(handshake.fromIdentification).toBe(true);
    expect(handshake.handshakes).toEqual([expect.objectContaining({ kind: 'answered', tls: 'refused' })]);
    expect(connections).toBeLessThanOrEqual(2);
  });
});
