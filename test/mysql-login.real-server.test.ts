import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMariadb } from './protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from './real-server.js';
import { runCli } from './run-cli.js';
import { ruleQueries } from '../src/tree/verdicts/server-rule-command.js';

/**
 * The built CLI logs in to a real MariaDB with the password from the URL, only to test it: the right one ends
 * healthy, a wrong one authentication-failed, an unknown database database-missing. The password never shows, in
 * the text summary, the JSON, or a Markdown or HTML report.
 */

const mariadbd = findProgram('mariadbd', '/usr/sbin/mariadbd');
const PASSWORD = 'Pa55-w0rd-SECRET';
const WRONG = 'Wr0ng-SECRET-guess';

describeWithProgram('MySQL login through the CLI against MariaDB 10.11', mariadbd, 'mariadb-server', (program) => {
  let server: RealServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'conn-doctor-mysql-login-'));
    server = await startMariadb(program, {
      initSql: [
        `CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';`,
        'CREATE DATABASE shop;',
        "GRANT ALL ON *.* TO 'app'@'127.0.0.1';",
        '',
      ].join('\n'),
    });
  });

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every output of one diagnosis: the text summary, the JSON, and the Markdown and HTML reports. */
  async function everyFormat(target: string) {
    const md = join(dir, `${Math.random().toString(36).slice(2)}.md`);
    const html = md.replace(/\.md$/, '.html');
    const text = await runCli([target, '--report', md]);
    await runCli([target, '--report', html]);
    const json = await runCli([target, '--json']);
    const report = JSON.parse(json.stdout) as {
      target: unknown;
      verdict: { id: string; summary: string; evidence: string[]; confidence: string };
    };
    const all = [
      text.stdout,
      text.stderr,
      json.stdout,
      json.stderr,
      readFileSync(md, 'utf8'),
      readFileSync(html, 'utf8'),
    ];
    return { code: json.code, report, all };
  }

  it('the right password: logged in, healthy, the report says the password was sent only to test it', async () => {
    const { code, report, all } = await everyFormat(`mysql://app:${PASSWORD}@127.0.0.1:${server.port}/shop`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.evidence.join('\n')).toContain('answered login-ok');
    expect(report.verdict.evidence.join('\n')).toContain('The password from the URL was sent, only to test it');
    expect(code).toBe(0);
    for (const output of all) expect(output).not.toContain(PASSWORD);
    expect(all[2]).toContain('mysql://***@127.0.0.1');
  });

  it('a wrong password: 1045, authentication-failed, likely (TLS-only accounts answer the same)', async () => {
    const { code, report, all } = await everyFormat(`mariadb://app:${WRONG}@127.0.0.1:${server.port}/shop`);
    expect(report.verdict.id).toBe('authentication-failed');
    expect(report.verdict.confidence).toBe('likely');
    expect(report.verdict.evidence.join('\n')).toContain(
      "Access denied for user 'app'@'127.0.0.1' (using password: YES)",
    );
    expect(code).toBe(1);
    for (const output of all) expect(output).not.toContain(WRONG);
  });

  it('an unknown database: 1049, database-missing', async () => {
    const { code, report, all } = await everyFormat(`mysql://app:${PASSWORD}@127.0.0.1:${server.port}/nosuchdb`);
    expect(report.verdict.id).toBe('database-missing');
    expect(report.verdict.evidence.join('\n')).toContain("Unknown database 'nosuchdb'");
    expect(code).toBe(1);
    for (const output of all) expect(output).not.toContain(PASSWORD);
  });

  it('the queries the guided "run a command on the server" shows run on this MariaDB', () => {
    const queries = [
      ruleQueries.mysqlAccounts("o'brien"),
      ruleQueries.mysqlConnections,
      ruleQueries.mysqlConnectErrors,
    ];
    for (const query of queries) {
      const out = execFileSync('mariadb', [
        '--no-defaults',
        `--socket=${join(server.dir, 'sock')}`,
        '-u',
        'root',
        '-e',
        query,
      ]);
      expect(out.toString()).not.toContain('ERROR');
    }
    const accounts = execFileSync('mariadb', [
      ...['--no-defaults', `--socket=${join(server.dir, 'sock')}`, '-u', 'root', '-e'],
      ruleQueries.mysqlAccounts('app'),
    ]);
    expect(accounts.toString()).toMatch(/app\s+127\.0\.0\.1\s+mysql_native_password/);
  });

  it('no password: no login, the greeting only, as before', async () => {
    const { report } = await everyFormat(`mysql://app@127.0.0.1:${server.port}/nosuchdb`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.verdict.evidence.join('\n')).toContain('No password was sent');
  });
});
