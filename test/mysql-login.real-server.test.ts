import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from './openssl-pki.js';
import { startMariadb } from './protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from './real-server.js';
import { everyOutput } from './every-output.js';
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

  const everyFormat = (target: string) => everyOutput(dir, target);

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
      ruleQueries.mysqlTls,
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

/**
 * A MariaDB with TLS (a certificate the test made): the CLI logs in over TLS as real clients do, so an account that
 * may log in only over TLS (REQUIRE SSL) gets in; a 1045 stays likely, since an account that wants a client
 * certificate (REQUIRE X509) refuses the right password the same way. A MariaDB
 * without TLS and a URL that requires it ends in server-requires-tls. The password shows in no output.
 */
describeWithProgram(
  'MySQL login over TLS through the CLI against MariaDB 10.11',
  mariadbd,
  'mariadb-server',
  (program) => {
    let withTls: RealServer;
    let withoutTls: RealServer;
    let dir: string;
    const pki = makeTestPki();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'conn-doctor-mysql-tls-'));
      const initSql = [
        `CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';`,
        `CREATE USER 'secure'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}' REQUIRE SSL;`,
        `CREATE USER 'certified'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}' REQUIRE X509;`,
        '',
      ].join('\n');
      [withTls, withoutTls] = await Promise.all([
        startMariadb(program, { initSql, tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath } }),
        startMariadb(program, { initSql }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([withTls?.stop(), withoutTls?.stop()]);
      pki.remove();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const everyFormat = (target: string) => everyOutput(dir, target);

    it('the right password: logged in over TLS, healthy; the evidence says TLS', async () => {
      const { code, report, all } = await everyFormat(`mysql://app:${PASSWORD}@127.0.0.1:${withTls.port}`);
      expect(report.verdict.id).toBe('healthy');
      expect(report.verdict.evidence.join('\n')).toContain('The login went over TLS');
      // Drivers that start in plain text (mysql2, PyMySQL before 1.2) would not have made this login over TLS.
      expect(report.verdict.summary).toContain('If your app connects without TLS and the account requires TLS');
      const steps = report.verdict.nextSteps.join('\n');
      expect(steps).toContain(`mysql://app:…@127.0.0.1:${withTls.port}/?ssl={}`);
      expect(steps).toContain(`jdbc:mysql://127.0.0.1:${withTls.port}/?sslMode=REQUIRED`);
      // The JSON's protocol step carries the TLS mode the URL named: none.
      expect(handshakeDetails(report)).toMatchObject({ protocol: 'mysql', tlsMode: null });
      expect(code).toBe(0);
      for (const output of all) expect(output).not.toContain(PASSWORD);
    });

    it('the caveat’s own advice for mysql2, `?ssl={}`: read as mysql2 does (TLS, certificate verified), no caveat again', async () => {
      const { code, report, all } = await everyFormat(`mysql://app:${PASSWORD}@127.0.0.1:${withTls.port}/?ssl={}`);
      expect(report.verdict.id).toBe('healthy');
      // mysql2 verifies the certificate there, and this run did not: likely, with the words that say so.
      expect(report.verdict.confidence).toBe('likely');
      expect(report.verdict.summary).toContain("the server's certificate was not verified here");
      expect(report.verdict.summary).not.toContain('If your app connects without TLS');
      expect(handshakeDetails(report)).toMatchObject({ tlsMode: 'verify' });
      expect(code).toBe(0);
      for (const output of all) expect(output).not.toContain(PASSWORD);
    });

    it('an explicit ssl-mode=PREFERRED: logged in over TLS, certain, and no caveat (the URL has chosen its TLS)', async () => {
      const { code, report } = await everyFormat(
        `mysql://app:${PASSWORD}@127.0.0.1:${withTls.port}/?ssl-mode=PREFERRED`,
      );
      expect(report.verdict.id).toBe('healthy');
      expect(report.verdict.confidence).toBe('certain');
      expect(report.verdict.evidence.join('\n')).toContain('The login went over TLS');
      expect(report.verdict.summary).not.toContain('If your app connects without TLS');
      expect(handshakeDetails(report)).toMatchObject({ tlsMode: 'preferred' });
      expect(code).toBe(0);
    });

    it('a wrong password over TLS: authentication-failed, likely, the evidence says TLS', async () => {
      const { code, report, all } = await everyFormat(`mysql://app:${WRONG}@127.0.0.1:${withTls.port}`);
      expect(report.verdict.id).toBe('authentication-failed');
      expect(report.verdict.confidence).toBe('likely');
      expect(report.verdict.summary).toContain('inside TLS');
      expect(report.verdict.evidence.join('\n')).toContain('The login went over TLS');
      expect(code).toBe(1);
      for (const output of all) expect(output).not.toContain(WRONG);
    });

    it('the right password for a REQUIRE X509 account, without a client certificate: 1045, never certain', async () => {
      const { report } = await everyFormat(`mysql://certified:${PASSWORD}@127.0.0.1:${withTls.port}`);
      expect(report.verdict.id).toBe('authentication-failed');
      expect(report.verdict.confidence).toBe('likely');
      expect(report.verdict.summary).toContain('requires a client certificate');
      expect(report.verdict.nextSteps.join('\n')).toContain('ssl_type');
    });

    it('ssl-mode=VERIFY_IDENTITY: logged in over TLS, but the certificate a verifying client checks was not: likely', async () => {
      const { code, report } = await everyFormat(
        `mysql://app:${PASSWORD}@127.0.0.1:${withTls.port}/?ssl-mode=VERIFY_IDENTITY`,
      );
      expect(report.verdict.id).toBe('healthy');
      expect(report.verdict.confidence).toBe('likely');
      expect(report.verdict.summary).toContain("the server's certificate was not verified here");
      expect(report.verdict.nextSteps.join('\n')).toContain('openssl s_client -starttls mysql');
      // The URL asks for verified TLS: the app uses TLS, so the caveat for plain-text drivers does not apply.
      expect(report.verdict.summary).not.toContain('If your app connects without TLS');
      expect(code).toBe(0);
    });

    it('a REQUIRE SSL account: logged in over TLS, healthy; with ssl-mode=DISABLED the 1045, only likely', async () => {
      const tls = await everyFormat(`mysql://secure:${PASSWORD}@127.0.0.1:${withTls.port}`);
      expect(tls.report.verdict.id).toBe('healthy');
      // The case the caveat is for: an app that connects in plain text gets the 1045 below.
      expect(tls.report.verdict.summary).toContain('If your app connects without TLS');
      expect(tls.report.verdict.nextSteps.join('\n')).toContain(
        `"SELECT user, host, plugin, ssl_type FROM mysql.user WHERE user = 'secure'"`,
      );
      for (const output of tls.all) expect(output).not.toContain(PASSWORD);
      const plain = await everyFormat(`mysql://secure:${PASSWORD}@127.0.0.1:${withTls.port}/?ssl-mode=DISABLED`);
      expect(plain.report.verdict.id).toBe('authentication-failed');
      expect(plain.report.verdict.confidence).toBe('likely');
      expect(plain.report.verdict.evidence.join('\n')).toContain('The login was in plain text: the URL disables TLS');
      for (const output of plain.all) expect(output).not.toContain(PASSWORD);
    });

    /**
     * The caveat's claim, with a real driver that starts in plain text: Debian's PyMySQL 1.0 (before 1.2, which uses
     * TLS by default) gets the REQUIRE SSL account's 1045 without an ssl option, and logs in with `ssl_ca`, the line
     * the caveat gives it.
     */
    describeWithProgram(
      'PyMySQL 1.0 against the REQUIRE SSL account',
      pythonWithPymysql(),
      'python3-pymysql',
      (python) => {
        const connect = (ca: string) =>
          execFileSync(python, ['-c', PYMYSQL_LOGIN, '127.0.0.1', String(withTls.port), 'secure', PASSWORD, ca], {
            timeout: 20_000,
          })
            .toString()
            .trim();

        it('without TLS: 1045, the answer a wrong password gets; with ssl_ca: logged in, over TLS', () => {
          expect(connect('')).toBe('error 1045');
          expect(connect(pki.ca.certPath)).toMatch(/^ok \S+/);
        });
      },
    );

    it('no password: the placeholder logs in over TLS and is refused; healthy, nothing of the URL user claimed', async () => {
      const { code, report } = await everyFormat(`mysql://app@127.0.0.1:${withTls.port}`);
      expect(report.verdict.id).toBe('healthy');
      const evidence = report.verdict.evidence.join('\n');
      expect(evidence).toContain('placeholder user "conn_doctor"');
      expect(evidence).toContain('No password was sent');
      expect(code).toBe(0);
    });

    it('a server without TLS and a URL that requires it: server-requires-tls, no login sent', async () => {
      const { code, report, all } = await everyFormat(
        `mysql://app:${PASSWORD}@127.0.0.1:${withoutTls.port}/?ssl-mode=REQUIRED`,
      );
      expect(report.verdict.id).toBe('server-requires-tls');
      expect(report.verdict.title).toContain('has no TLS');
      expect(report.verdict.evidence.join('\n')).toContain('No password was sent');
      expect(report.verdict.nextSteps.join('\n')).toContain('ssl_cert');
      expect(code).toBe(1);
      for (const output of all) expect(output).not.toContain(PASSWORD);
      // Without the requirement, the same server takes the login in plain text: no TLS caveat there.
      const plain = (await everyFormat(`mysql://app:${PASSWORD}@127.0.0.1:${withoutTls.port}`)).report.verdict;
      expect(plain.id).toBe('healthy');
      expect(plain.summary).not.toContain('If your app connects without TLS');
    });
  },
);

/**
 * A MariaDB whose TLS speaks only TLS 1.1 (`--tls-version=TLSv1.1`), with a certificate the test made: its greeting
 * offers TLS, the login asks for it as real clients do, and Node's TLS (1.2 at least by default) refuses the
 * handshake. The verdict is tls-handshake-failure in the protocol's words, with the error as Node reported it; the
 * password never went out, and shows in no output.
 */
describeWithProgram(
  'MySQL login over TLS 1.1 only through the CLI against MariaDB 10.11',
  mariadbd,
  'mariadb-server',
  (program) => {
    let server: RealServer;
    let dir: string;
    const pki = makeTestPki();

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'conn-doctor-mysql-tls11-'));
      server = await startMariadb(program, {
        initSql: `CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}';\n`,
        tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
        extra: ['--tls-version=TLSv1.1'],
      });
    });

    afterAll(async () => {
      await server?.stop();
      pki.remove();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('the right password: tls-handshake-failure, likely, Node’s TLS error as evidence, no password sent', async () => {
      const { code, report, all } = await everyOutput(dir, `mysql://app:${PASSWORD}@127.0.0.1:${server.port}`);
      expect(report.verdict.id).toBe('tls-handshake-failure');
      expect(report.verdict.confidence).toBe('likely');
      expect(report.verdict.title).toContain('offers TLS, but the TLS handshake failed');
      const evidence = report.verdict.evidence.join('\n');
      // The server's OpenSSL answers a ClientHello of TLS 1.2 and 1.3 with a protocol_version alert; Node names it so.
      expect(evidence).toContain(
        'The TLS handshake after the SSLRequest failed: ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: tlsv1 alert protocol version',
      );
      expect(evidence).toContain('No password was sent');
      expect(report.verdict.nextSteps.join('\n')).toContain(
        `openssl s_client -starttls mysql -connect 127.0.0.1:${server.port}`,
      );
      expect(code).toBe(1);
      for (const output of all) expect(output).not.toContain(PASSWORD);
    });

    it('no password: the placeholder’s login meets the same TLS failure', async () => {
      const { report } = await everyOutput(dir, `mysql://app@127.0.0.1:${server.port}`);
      expect(report.verdict.id).toBe('tls-handshake-failure');
      expect(report.verdict.evidence.join('\n')).toContain('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    });

    it('the same server with ssl-mode=DISABLED: the login in plain text works, so TLS alone failed', async () => {
      const { report, all } = await everyOutput(
        dir,
        `mysql://app:${PASSWORD}@127.0.0.1:${server.port}/?ssl-mode=DISABLED`,
      );
      expect(report.verdict.id).toBe('healthy');
      for (const output of all) expect(output).not.toContain(PASSWORD);
    });
  },
);

/**
 * Logs in with PyMySQL (host, port, user, password, and a CA file for `ssl_ca`, or '' for none): prints `ok` and the
 * session's TLS cipher (empty in plain text), or `error` and the server's error number.
 */
const PYMYSQL_LOGIN = `
import sys, pymysql
host, port, user, password, ca = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
options = {'ssl_ca': ca} if ca else {}
try:
    connection = pymysql.connect(host=host, port=port, user=user, password=password, connect_timeout=5, **options)
except pymysql.err.OperationalError as error:
    print('error', error.args[0])
else:
    with connection.cursor() as cursor:
        cursor.execute("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        print('ok', cursor.fetchone()[1])
    connection.close()
`;

/** A python3 that imports PyMySQL (Debian's, whose packages another python3 on the PATH may not see), or null. */
function pythonWithPymysql(): string | null {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import pymysql'], { stdio: 'ignore', timeout: 10_000 });
      return python;
    } catch {
      // Not this one.
    }
  }
  return null;
}

/** The JSON report's protocol step details: the protocol check as it ran. */
function handshakeDetails(report: { steps: { id: string; details: unknown }[] }): unknown {
  return report.steps.find((step) => step.id === 'protocol.handshake')?.details;
}
