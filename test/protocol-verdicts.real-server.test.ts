import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  holdUnauthenticatedSsh,
  POSTGRES_BIN,
  startMariadb,
  startPostgres,
  startRedis,
  startSshd,
} from './protocol-servers.js';
import { makeTestPki } from './openssl-pki.js';
import { describeWithProgram, findProgram, freePort, type RealServer } from './real-server.js';
import { runCli } from './run-cli.js';

/**
 * The built CLI against real database servers, each started here on loopback: what the server itself says ends in
 * the verdict of SPEC §3, never in `healthy`, and a password given in the URL never shows in the report.
 */

interface JsonReport {
  verdict: { id: string; evidence: string[]; nextSteps: string[]; confidence: string };
  steps: { id: string; outcome: string; details?: unknown }[];
}

/** What service identification found, for a tcp:// target. */
const identification = (report: JsonReport) => report.steps.find((s) => s.id === 'service.identify')?.details;

async function diagnose(target: string): Promise<{ code: number; report: JsonReport; stdout: string }> {
  const run = await runCli([target, '--json']);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout };
}

const postgres = findProgram(`${POSTGRES_BIN}/postgres`);

describeWithProgram('the CLI against PostgreSQL 15', postgres, 'postgresql', (program) => {
  let server: RealServer;
  let at: string;
  const pki = makeTestPki();

  beforeAll(async () => {
    // `app` may connect to `shop`, to `secure` over TLS only, and to `nosuchdb` (which does not exist); nobody may
    // connect to `closed` from 127.0.0.1.
    const started = await startPostgres(program, {
      hba: [
        'local all postgres trust',
        'host shop,nosuchdb app 127.0.0.1/32 trust',
        'hostssl secure app 127.0.0.1/32 trust',
        'host closed all 127.0.0.1/32 reject',
      ],
      tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
    });
    server = started.server;
    at = `127.0.0.1:${server.port}`;
    await started.sql('CREATE ROLE app LOGIN');
    await started.sql('CREATE DATABASE shop OWNER app');
    await started.sql('CREATE DATABASE secure OWNER app');
  });

  afterAll(async () => {
    await server?.stop();
    pki.remove();
  });

  it('a healthy server and a user its rules let in: healthy, exit 0', async () => {
    const { code, report } = await diagnose(`postgres://app@${at}/shop`);
    expect(report.verdict.id).toBe('healthy');
    expect(report.steps.find((s) => s.id === 'protocol.handshake')?.outcome).toBe('ok');
    expect(code).toBe(0);
  });

  it('no pg_hba.conf line for this user and database: server-rejects-client, with the line to add', async () => {
    const { code, report } = await diagnose(`postgres://someone@${at}/shop`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(report.verdict.evidence.join('\n')).toContain('no pg_hba.conf entry for host "127.0.0.1"');
    expect(report.verdict.nextSteps.join('\n')).toContain('host shop someone 127.0.0.1/32 scram-sha-256');
    expect(code).toBe(1);
  });

  it('a hostssl-only rule: refused in plain text, let in over TLS, so server-requires-tls in two handshakes', async () => {
    const { code, report } = await diagnose(`postgres://app@${at}/secure`);
    expect(report.verdict.id).toBe('server-requires-tls');
    expect(report.verdict.evidence.join('\n')).toContain('2 handshakes were made');
    expect(report.verdict.nextSteps.join('\n')).toContain('sslmode=require');
    expect(code).toBe(1);
    // With sslmode=require, as its clients would, the same target is healthy.
    expect((await diagnose(`postgres://app@${at}/secure?sslmode=require`)).report.verdict.id).toBe('healthy');
  });

  it('a database that does not exist: database-missing', async () => {
    expect((await diagnose(`postgresql://app@${at}/nosuchdb`)).report.verdict.id).toBe('database-missing');
  });

  it('a tcp:// target on the same server: identified as PostgreSQL, then the same refusal', async () => {
    const { report } = await diagnose(`tcp://${at}`);
    expect(report.verdict.id).toBe('server-rejects-client');
    // Its port's number suggests nothing: the SSLRequest that went out beside the listen named it.
    expect(identification(report)).toMatchObject({ kind: 'identified', how: 'postgres-ssl-request' });
  });

  it('a password in the URL is tested and never shown', async () => {
    const { report, stdout } = await diagnose(`postgres://someone:Hunter2-secret@${at}/closed`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(stdout).not.toContain('Hunter2-secret');
  });
});

const mariadbd = findProgram('mariadbd', '/usr/sbin/mariadbd');

describeWithProgram('the CLI against MariaDB 10.11', mariadbd, 'mariadb-server', (program) => {
  let server: RealServer;

  beforeAll(async () => {
    // The only TCP account is for another address: a client from 127.0.0.1 matches no host part (error 1130).
    server = await startMariadb(program, {
      initSql: "CREATE USER IF NOT EXISTS 'app'@'192.0.2.10' IDENTIFIED BY 'app-password';\n",
    });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('a host no account allows: server-rejects-client with a GRANT for this address', async () => {
    const { code, report } = await diagnose(`mysql://app@127.0.0.1:${server.port}/shop`);
    expect(report.verdict.id).toBe('server-rejects-client');
    expect(report.verdict.evidence.join('\n')).toContain("Host '127.0.0.1' is not allowed to connect");
    expect(report.verdict.nextSteps.join('\n')).toContain("TO 'app'@'127.0.0.1'");
    expect(code).toBe(1);
  });

  it('a tcp:// target on the same server: its error packet, sent instead of a greeting, names it; the same refusal', async () => {
    const { report } = await diagnose(`tcp://127.0.0.1:${server.port}`);
    expect(identification(report)).toMatchObject({ kind: 'identified', how: 'banner', protocol: { id: 'mysql' } });
    expect(report.verdict.id).toBe('server-rejects-client');
  });
});

const redisServer = findProgram('redis-server');

describeWithProgram('the CLI against Redis 7', redisServer, 'redis-server', (program) => {
  let server: RealServer;

  beforeAll(async () => {
    server = await startRedis(program, ['--requirepass', 'sekret']);
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('requirepass and no password: authentication-required, never healthy', async () => {
    const { code, report } = await diagnose(`redis://127.0.0.1:${server.port}`);
    expect(report.verdict.id).toBe('authentication-required');
    expect(code).toBe(1);
  });

  it('a tcp:// target on the same Redis: authentication-required too, read from identification’s PING', async () => {
    const { report } = await diagnose(`tcp://127.0.0.1:${server.port}`);
    expect(report.verdict.id).toBe('authentication-required');
    expect(identification(report)).toMatchObject({ kind: 'identified', how: 'redis-ping' });
    // The handshake's own question went out already: its answer is read there, with no connection of its own.
    const handshake = report.steps.find((s) => s.id === 'protocol.handshake')?.details;
    expect(handshake).toMatchObject({ fromIdentification: true, reading: { answer: '-NOAUTH' } });
  });

  it('the right password from the URL: healthy; a wrong one: authentication-failed, the password never shown', async () => {
    expect((await diagnose(`redis://:sekret@127.0.0.1:${server.port}`)).report.verdict.id).toBe('healthy');
    const wrong = await diagnose(`redis://:not-sekret@127.0.0.1:${server.port}`);
    expect(wrong.report.verdict.id).toBe('authentication-failed');
    expect(wrong.stdout).not.toContain('not-sekret');
  });
});

describeWithProgram('the CLI against Redis 7 over TLS (rediss://)', redisServer, 'redis-server', (program) => {
  let server: RealServer;
  let port: number;
  const pki = makeTestPki();

  beforeAll(async () => {
    port = await freePort();
    // The plain port is off: only the TLS port, with the test's certificate for 127.0.0.1, requirepass on.
    server = await startRedis(
      program,
      [
        ...['--port', '0', '--tls-port', String(port), '--tls-auth-clients', 'no'],
        ...['--tls-cert-file', pki.leaf.certPath, '--tls-key-file', pki.leaf.keyPath],
        ...['--tls-ca-cert-file', pki.ca.certPath, '--requirepass', 'sekret'],
      ],
      port,
    );
  });

  afterAll(async () => {
    await server?.stop();
    pki.remove();
  });

  it('the handshake runs inside TLS: authentication-required without a password, healthy with it', async () => {
    const without = await runCli([`rediss://127.0.0.1:${port}`, '--ca', pki.ca.certPath, '--json']);
    const report = JSON.parse(without.stdout) as JsonReport;
    expect(report.steps.map((s) => s.id)).toEqual(expect.arrayContaining(['tls.handshake', 'protocol.handshake']));
    expect(report.verdict.id).toBe('authentication-required');
    const withPassword = await runCli([`rediss://:sekret@127.0.0.1:${port}`, '--ca', pki.ca.certPath, '--json']);
    expect((JSON.parse(withPassword.stdout) as JsonReport).verdict.id).toBe('healthy');
  });
});

const sshd = findProgram('/usr/sbin/sshd', 'sshd');

describeWithProgram('the CLI against OpenSSH 9.2', sshd, 'openssh-server', (program) => {
  let healthy: RealServer;
  let limited: RealServer;

  beforeAll(async () => {
    [healthy, limited] = await Promise.all([startSshd(program), startSshd(program, ['MaxStartups 1:100:1'])]);
  });

  afterAll(async () => {
    await Promise.all([healthy?.stop(), limited?.stop()]);
  });

  it('a healthy sshd: its identification line, healthy', async () => {
    const { code, report } = await diagnose(`ssh://deploy@127.0.0.1:${healthy.port}`);
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
  });

  it('a tcp:// target on the healthy sshd: named by its banner, healthy', async () => {
    const { code, report } = await diagnose(`tcp://127.0.0.1:${healthy.port}`);
    expect(identification(report)).toMatchObject({ kind: 'identified', how: 'banner', protocol: { id: 'ssh' } });
    // The handshake read the identification identification had received: no more connections that never log in.
    const handshake = report.steps.find((s) => s.id === 'protocol.handshake')?.details;
    expect(handshake).toMatchObject({ protocol: 'ssh', fromIdentification: true });
    expect(report.verdict.id).toBe('healthy');
    expect(code).toBe(0);
  });

  it('MaxStartups exceeded while a connection is held unauthenticated: server-connection-limit', async () => {
    const held = await holdUnauthenticatedSsh(limited.port);
    try {
      const { code, report } = await diagnose(`ssh://127.0.0.1:${limited.port}`);
      expect(report.verdict.id).toBe('server-connection-limit');
      expect(report.verdict.evidence.join('\n')).toContain('Exceeded MaxStartups');
      expect(report.verdict.nextSteps.join('\n')).toContain('MaxStartups');
      expect(code).toBe(1);
    } finally {
      held.destroy();
    }
  });
});
