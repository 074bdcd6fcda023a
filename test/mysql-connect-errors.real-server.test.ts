import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mysqlHandshake } from '../src/protocols/mysql-handshake.js';
import type { TcpEndpoint } from '../src/probes/tcp-connect.js';
import { type NamespacedMariadb, startMariadbInNamespace } from './protocol-servers.js';
import { findProgram, makeServerDir } from './real-server.js';
import { cliPath } from './run-cli.js';

/**
 * max_connect_errors: MySQL and MariaDB block a host ("Host '…' is blocked because of many connection errors",
 * 1129) after that many connections in a row that ended without a login — a connection closed after the greeting
 * counts, an "Access denied" does not. The host cache that counts them skips loopback clients (127.0.0.1, ::1) and
 * counts only hosts whose reverse and forward name lookups agree, so the server runs in a network namespace the test
 * makes (no route out), on 198.18.0.33, whose /etc/netns/<ns>/hosts (read there instead of /etc/hosts by
 * `ip netns exec`) names that address: no lookup leaves the namespace, none goes to DNS. The clients (a socat relay
 * for this process's connections, the built CLI, the mariadb client) run in the namespace too, so the server sees
 * them come from 198.18.0.33. performance_schema.host_cache shows the count after each step.
 */

const MAX_CONNECT_ERRORS = 3;
const ADDRESS = '198.18.0.33';
/** A port with no well-known number (MariaDB's --extra-port), where identification sends its hellos too. */
const EXTRA_PORT = 13306;
const PASSWORD = 'app-Pa55word';

const mariadbd = findProgram('mariadbd', '/usr/sbin/mariadbd');
const socat = findProgram('socat');
const ip = findProgram('ip', '/usr/sbin/ip', '/sbin/ip');

describe('max_connect_errors against MariaDB 10.11, from a non-loopback address', () => {
  const ns = `cdmy-${process.pid}`;
  const etc = `/etc/netns/${ns}`;
  const skip =
    process.getuid?.() !== 0
      ? 'a network namespace needs root'
      : !mariadbd || !socat || !ip
        ? 'needs mariadb-server, socat and ip'
        : null;
  let server: NamespacedMariadb | null = null;
  let relay: ChildProcess | null = null;
  let dir = '';

  const removeNamespace = () => {
    try {
      execFileSync(ip!, ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      // Not there: nothing to remove.
    }
    rmSync(etc, { recursive: true, force: true });
    // /etc/netns itself goes too when this test made it and nothing else is in it.
    if (madeNetnsDir) {
      try {
        rmdirSync('/etc/netns');
      } catch {
        // Not empty: another namespace's files are there.
      }
    }
  };
  let madeNetnsDir = false;

  beforeAll(async () => {
    if (skip) return;
    removeNamespace();
    dir = makeServerDir('mysql-connect-errors');
    execFileSync(ip!, ['netns', 'add', ns]);
    execFileSync(ip!, ['-n', ns, 'link', 'set', 'lo', 'up']);
    execFileSync(ip!, ['-n', ns, 'addr', 'add', `${ADDRESS}/32`, 'dev', 'lo']);
    madeNetnsDir = !existsSync('/etc/netns');
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, 'hosts'), `127.0.0.1 localhost\n${ADDRESS} mysql-client.test\n`);
    server = await startMariadbInNamespace(mariadbd!, {
      namespace: ns,
      address: ADDRESS,
      extraPort: EXTRA_PORT,
      initSql: `CREATE USER 'app'@'%' IDENTIFIED BY '${PASSWORD}';\n`,
      extra: [`--max-connect-errors=${MAX_CONNECT_ERRORS}`],
    });
    relay = spawn(
      ip!,
      ['netns', 'exec', ns, socat!, `UNIX-LISTEN:${join(dir, 'relay.sock')},fork`, `TCP:${ADDRESS}:3306`],
      { stdio: 'ignore' },
    );
    // Its own check connections count too: each test starts with FLUSH HOSTS.
    await untilRelayed();
  }, 60_000);

  afterAll(async () => {
    if (relay && relay.exitCode === null) {
      const gone = new Promise((done) => relay!.once('exit', done));
      relay.kill();
      await gone;
    }
    await server?.stop();
    if (!skip) removeNamespace();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach((ctx) => {
    if (skip) {
      if (process.env.CI === 'true') throw new Error(`max_connect_errors test cannot run: ${skip}`);
      return ctx.skip(skip);
    }
    server!.sql(`FLUSH HOSTS; SET GLOBAL max_connect_errors = ${MAX_CONNECT_ERRORS}`);
  });

  /** The connection errors the server holds against 198.18.0.33 (those counted toward max_connect_errors). */
  const connectErrors = (): number => {
    const out = server!.sql(`SELECT SUM_CONNECT_ERRORS FROM performance_schema.host_cache WHERE IP = '${ADDRESS}'`);
    return Number(out.trim() || '0');
  };

  /** The mariadb client logs in from the namespace: what it printed, or its error (1129 when the host is blocked). */
  const normalClient = (): Promise<string> =>
    new Promise((resolve) => {
      execFile(
        ip!,
        [
          ...['netns', 'exec', ns, 'mariadb', '--no-defaults', '-h', ADDRESS, '-P', '3306'],
          ...['-u', 'app', `-p${PASSWORD}`, '-N', '-e', "SELECT 'logged in'"],
        ],
        { timeout: 10_000 },
        (_error, stdout, stderr) => resolve(`${stdout}${stderr}`.trim()),
      );
    });

  /** The built CLI, run in the namespace. */
  const cli = (target: string): Promise<{ verdict: { id: string; evidence: string[] } }> =>
    new Promise((resolve, reject) => {
      execFile(
        ip!,
        ['netns', 'exec', ns, process.execPath, cliPath, target, '--json'],
        { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } },
        (_error, stdout) => {
          try {
            resolve(JSON.parse(stdout));
          } catch (error) {
            reject(error);
          }
        },
      );
    });

  /** A connection from the namespace (through the relay) that reads the greeting and closes, as a port check does. */
  const greetingThenClose = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = net.connect({ path: join(dir, 'relay.sock') });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => resolve());
    });

  /** Waits for the relay (socat starts in the background), a bounded number of times. */
  const untilRelayed = async (): Promise<void> => {
    for (let i = 0; i < 100; i++) {
      if (await relayed()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the socat relay did not start');
  };
  const relayed = (): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = net.connect({ path: join(dir, 'relay.sock') });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  it('the control: connections closed after the greeting count, and the next client is blocked (1129)', async () => {
    for (let i = 0; i < MAX_CONNECT_ERRORS; i++) await greetingThenClose();
    expect(connectErrors()).toBe(MAX_CONNECT_ERRORS);
    expect(await normalClient()).toContain(`1129 - Host '${ADDRESS}' is blocked because of many connection errors`);
  });

  it('the handshake without a password, more times than max_connect_errors: it counts nothing, a client gets in', async () => {
    const throughRelay = () => net.connect({ path: join(dir, 'relay.sock') });
    const endpoint: TcpEndpoint = { address: ADDRESS, family: 4, port: 3306 };
    for (let i = 0; i < MAX_CONNECT_ERRORS + 2; i++) {
      const result = await mysqlHandshake(endpoint, { timeoutMs: 3000 }, { connect: throughRelay });
      // 1045 or 1698, as MariaDB chooses for an unknown user without a password: an authentication error either way.
      expect(result).toMatchObject({
        kind: 'greeting',
        placeholder: { message: expect.stringMatching(/^Access denied for user 'conn_doctor'@'mysql-client\.test'/) },
      });
    }
    expect(connectErrors()).toBe(0);
    expect(await normalClient()).toBe('logged in');
  });

  it('conn-doctor mysql:// without a password, more times than max_connect_errors: it counts nothing, a client gets in', async () => {
    for (let i = 0; i < MAX_CONNECT_ERRORS + 2; i++) {
      const report = await cli(`mysql://app@${ADDRESS}:3306`);
      expect(report.verdict.id).toBe('healthy');
      // The connect check's connection is the handshake's, and the placeholder's login ends it: an authentication
      // error, which is not counted.
      expect(connectErrors()).toBe(0);
    }
    expect(await normalClient()).toBe('logged in');
  });

  it('conn-doctor mysql:// with the right password: the login clears the count', async () => {
    // One short of the limit: the diagnosis's own connection must not be the one that blocks its login.
    for (let i = 0; i < MAX_CONNECT_ERRORS - 1; i++) await greetingThenClose();
    expect(connectErrors()).toBe(MAX_CONNECT_ERRORS - 1);
    const report = await cli(`mysql://app:${PASSWORD}@${ADDRESS}:3306`);
    expect(report.verdict.id).toBe('healthy');
    expect(connectErrors()).toBe(0);
  });

  it('conn-doctor tcp:// on 3306, more times than max_connect_errors: it counts nothing, a client gets in', async () => {
    for (let i = 0; i < MAX_CONNECT_ERRORS + 2; i++) {
      const report = await cli(`tcp://${ADDRESS}:3306`);
      expect(report.verdict.id).toBe('healthy');
      // Read where it was: the greeting came a while ago, on identification's connection, not just now.
      expect(report.verdict.evidence.join('\n')).toContain("read on identification's connection");
      // Identification's banner listen (on the connect check's connection) hands its connection to the handshake,
      // whose placeholder login ends it with an authentication error, which is not counted.
      expect(connectErrors()).toBe(0);
    }
    expect(await normalClient()).toBe('logged in');
  });

  it('conn-doctor tcp:// on a port with no well-known number: at most two per diagnosis', async () => {
    server!.sql('SET GLOBAL max_connect_errors = 100');
    const report = await cli(`tcp://${ADDRESS}:${EXTRA_PORT}`);
    expect(report.verdict.id).toBe('healthy');
    // None when the greeting waited on the connect check's connection as identification began (two runs in three
    // here): the listen alone names MySQL there and hands the connection to the login. When it had not come yet, the
    // SSLRequest sent on that connection and the Redis PING sent beside it on another are garbage to MySQL. A listen
    // on a connection of its own, beside them, was a third.
    expect(connectErrors()).toBeLessThanOrEqual(2);
  });
});
