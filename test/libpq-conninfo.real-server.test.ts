import { afterAll, beforeAll, expect, it } from 'vitest';
import { POSTGRES_BIN, startPostgres } from './protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from './real-server.js';
import { runCli } from './run-cli.js';
import { ruleQueries } from '../src/tree/verdicts/server-rule-command.js';

/**
 * libpq's keyword/value strings as targets, through the built CLI, against a real PostgreSQL: the password in
 * `password=` is tested (scram-sha-256) and never shown, in the text summary, the JSON or a report; a string the
 * tool cannot diagnose is one line on stderr and exit 2.
 */

const postgres = findProgram(`${POSTGRES_BIN}/postgres`);
const PASSWORD = "it's S3cret, spaced";

describeWithProgram('libpq key=value targets against PostgreSQL 15', postgres, 'postgresql', (program) => {
  let server: RealServer;
  let sql: (statements: string) => Promise<void>;

  beforeAll(async () => {
    const started = await startPostgres(program, {
      hba: ['local all postgres trust', 'host shop app 127.0.0.1/32 scram-sha-256'],
    });
    server = started.server;
    sql = started.sql;
    await started.sql(`CREATE ROLE app LOGIN PASSWORD '${PASSWORD.replace(/'/g, "''")}'`);
    await started.sql('CREATE DATABASE shop OWNER app');
  });

  afterAll(async () => {
    await server?.stop();
  });

  const conninfo = (password: string, dbname = 'shop') =>
    `host=127.0.0.1 port=${server.port} user=app dbname=${dbname} sslmode=disable password='${password.replace(/['\\]/g, (c) => `\\${c}`)}'`;

  it('the right password, quoted with a space and an escaped quote: healthy, shown as ***', async () => {
    const json = await runCli([conninfo(PASSWORD), '--json']);
    const report = JSON.parse(json.stdout) as {
      target: { input: string };
      verdict: { id: string; evidence: string[] };
    };
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.evidence.join('\n')).toContain(
      'The password from the connection string was sent, only to test it',
    );
    expect(json.stdout).toContain(
      `host=127.0.0.1 port=${server.port} user=app dbname=shop sslmode=disable password=***`,
    );
    const text = await runCli([conninfo(PASSWORD)]);
    expect(text.code).toBe(0);
    for (const output of [json.stdout, json.stderr, text.stdout, text.stderr]) {
      expect(output).not.toContain('S3cret');
    }
  });

  it('a wrong password: authentication-failed (28P01), the password never shown', async () => {
    const json = await runCli([conninfo('wrong-S3cret'), '--json']);
    expect((JSON.parse(json.stdout) as { verdict: { id: string } }).verdict.id).toBe('authentication-failed');
    expect(json.code).toBe(1);
    expect(json.stdout + json.stderr).not.toContain('wrong-S3cret');
  });

  it('the queries the guided "run a command on the server" shows run on this PostgreSQL', async () => {
    for (const query of [ruleQueries.pgHbaRules, ruleQueries.pgRole("o'brien"), ruleQueries.pgConnections]) {
      await expect(sql(query)).resolves.toBeUndefined();
    }
  });

  it('several hosts: one line on stderr, exit 2, nothing diagnosed', async () => {
    const run = await runCli([`host=127.0.0.1,127.0.0.2 port=${server.port} password=S3cret`]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('several hosts or ports');
    expect(run.stderr).not.toContain('S3cret');
  });
});
