import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import { startMariadb } from '../../test/protocol-servers.js';
import { describeWithProgram, findProgram, type RealServer } from '../../test/real-server.js';
import type { SocketFactory } from '../probes/budgeted-socket.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { mysqlHandshake } from './mysql-handshake.js';
import { protocolCheck } from './protocol-check.js';

const mariadbd = findProgram('mariadbd', '/usr/sbin/mariadbd');
const budget = { timeoutMs: 3000 };
/** MariaDB's smallest max_connections; it admits one more connection than this before it answers 1040. */
const MAX_CONNECTIONS = 10;

/**
 * One MariaDB for the file, with a single TCP account, for 127.0.0.1. With --skip-name-resolve a client from
 * 127.0.0.2 (loopback too, so no traffic leaves the machine) matches no account's host: that is error 1130.
 */
describeWithProgram('mysqlHandshake against MariaDB 10.11', mariadbd, 'mariadb-server', (program) => {
  let server: RealServer;
  let endpoint: TcpEndpoint;

  beforeAll(async () => {
    server = await startMariadb(program, {
      // One statement per line: MariaDB reads its init file line by line.
      initSql: [
        "CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' IDENTIFIED BY 'app-password';",
        'CREATE DATABASE shop;',
        "GRANT ALL ON *.* TO 'app'@'127.0.0.1';",
        "INSTALL SONAME 'auth_ed25519';",
        "CREATE USER 'ed'@'127.0.0.1' IDENTIFIED VIA ed25519 USING PASSWORD('ed-password');",
        // An anonymous account without a password, for clients from 127.0.0.3 only: any user name logs in there.
        "CREATE USER ''@'127.0.0.3';",
        // An anonymous account without a password on another plugin than the greeting's, for clients from 127.0.0.4:
        // the server switches the login to mysql_old_password, which takes an empty answer once secure_auth is off.
        "CREATE USER ''@'127.0.0.4' IDENTIFIED VIA mysql_old_password;",
        'SET GLOBAL secure_auth = OFF;',
        '',
      ].join('\n'),
      maxConnections: MAX_CONNECTIONS,
    });
    endpoint = { address: '127.0.0.1', family: 4, port: server.port };
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('healthy: the handshake v10 with the version, no TLS offered, its auth plugin; the placeholder refused', async () => {
    const result = await mysqlHandshake(endpoint, budget);
    expect(result).toMatchObject({
      kind: 'greeting',
      reason: 'ok',
      tls: false,
      greeting: { mariadb: true, tls: false, authPlugin: 'mysql_native_password' },
      // MariaDB 10.11 answers an unknown user without a password with 1698 or 1045 (this one says 1045 while an
      // anonymous account exists for another host): an authentication error either way.
      placeholder: { message: expect.stringMatching(/^Access denied for user 'conn_doctor'@'127\.0\.0\.1'/) },
    });
    expect(result.kind === 'greeting' && result.greeting.serverVersion).toMatch(/^10\.11\.\d+-MariaDB/);
  });

  it('a login with the right password: OK, with and without a database', async () => {
    for (const database of [undefined, 'shop']) {
      const result = await mysqlHandshake(endpoint, budget, { user: 'app', password: 'app-password', database });
      expect(result).toMatchObject({ kind: 'logged-in', reason: 'ok', plugin: 'mysql_native_password' });
    }
  });

  it('a wrong password: 1045 access denied, the proof of the password sent', async () => {
    const result = await mysqlHandshake(endpoint, budget, { user: 'app', password: 'wrong' });
    expect(result).toMatchObject({
      kind: 'login-refused',
      reason: 'authentication-failed',
      passwordSent: true,
      error: {
        code: 1045,
        sqlState: '28000',
        message: "Access denied for user 'app'@'127.0.0.1' (using password: YES)",
      },
    });
    expect(JSON.stringify(result)).not.toContain('wrong');
  });

  it('an unknown database: 1049', async () => {
    const result = await mysqlHandshake(endpoint, budget, { user: 'app', password: 'app-password', database: 'nope' });
    expect(result).toMatchObject({
      kind: 'login-refused',
      reason: 'database-missing',
      error: { code: 1049, message: "Unknown database 'nope'" },
    });
  });

  it('an account on a plugin this probe does not speak: named, the password not judged', async () => {
    const result = await mysqlHandshake(endpoint, budget, { user: 'ed', password: 'ed-password' });
    expect(result).toMatchObject({ kind: 'login-untested', why: 'plugin-not-supported', plugin: 'client_ed25519' });
  });

  it('a host no account allows: error 1130 before any login', async () => {
    const from127002: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.2' });
    const result = await mysqlHandshake(endpoint, budget, { connect: from127002 });
    expect(result).toMatchObject({
      kind: 'error',
      reason: 'server-rejects-client',
      error: { code: 1130, message: "Host '127.0.0.2' is not allowed to connect to this MariaDB server" },
    });
  });

  it('an anonymous account for this host: the placeholder logs in, then COM_QUIT', async () => {
    const from127003: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.3' });
    const result = await mysqlHandshake(endpoint, budget, { connect: from127003 });
    expect(result).toMatchObject({ kind: 'logged-in', placeholder: true, reason: 'ok', tls: false });
    // Read as the placeholder's login, never as the URL's password having worked.
    const check = await protocolCheck('mysql', endpoint, budget, {
      ...{ user: 'app', password: null, database: null, sslmode: null, servername: null },
      connect: from127003,
    });
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'ok', answer: 'placeholder-login-ok' });
    expect(check.reading.kind === 'answered' && check.reading.meaning).not.toContain('password from the URL');
    expect(check.passwordSent).toBe(false);
  });

  it('an anonymous account on another plugin: the placeholder follows the switch, and the login names that plugin', async () => {
    const from127004: SocketFactory = ({ address, port }) =>
      net.connect({ host: address, port, localAddress: '127.0.0.4' });
    const result = await mysqlHandshake(endpoint, budget, { connect: from127004 });
    expect(result).toMatchObject({ kind: 'logged-in', placeholder: true, plugin: 'mysql_old_password' });
    const check = await protocolCheck('mysql', endpoint, budget, {
      ...{ user: 'app', password: null, database: null, sslmode: null, servername: null },
      connect: from127004,
    });
    expect(check.reading).toMatchObject({ kind: 'answered', answer: 'placeholder-login-ok' });
    expect(check.reading.kind === 'answered' && check.reading.message).toContain('with mysql_old_password');
  });

  it('max_connections reached: error 1040', async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 1 }, () => holdUntilGreeted(endpoint)));
    try {
      const result = await mysqlHandshake(endpoint, budget);
      expect(result).toMatchObject({
        kind: 'error',
        reason: 'server-connection-limit',
        error: { code: 1040, message: 'Too many connections' },
      });
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});

/** A connection the server has counted: it has sent its greeting, and waits for a login that never comes. */
function holdUntilGreeted(endpoint: TcpEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    socket.once('data', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * A MariaDB with TLS (a certificate the test made), and an account that may log in only over TLS (REQUIRE SSL): the
 * login goes over TLS as soon as the greeting offers it, so that account logs in; with TLS disabled it gets the 1045
 * a wrong password gets.
 */
describeWithProgram('mysqlHandshake over TLS against MariaDB 10.11', mariadbd, 'mariadb-server', (program) => {
  let server: RealServer;
  let endpoint: TcpEndpoint;
  const pki = makeTestPki();

  beforeAll(async () => {
    server = await startMariadb(program, {
      initSql: [
        "CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY 'app-password';",
        "CREATE USER 'secure'@'127.0.0.1' IDENTIFIED BY 'secure-password' REQUIRE SSL;",
        '',
      ].join('\n'),
      tls: { certPath: pki.leaf.certPath, keyPath: pki.leaf.keyPath },
    });
    endpoint = { address: '127.0.0.1', family: 4, port: server.port };
  });

  afterAll(async () => {
    await server?.stop();
    pki.remove();
  });

  it('the greeting offers TLS; the placeholder logs in over it and is refused', async () => {
    const result = await mysqlHandshake(endpoint, budget);
    expect(result).toMatchObject({
      kind: 'greeting',
      tls: true,
      greeting: { tls: true },
      placeholder: { code: expect.toBeOneOf([1045, 1698]) },
    });
  });

  it('the right password over TLS: logged in; a wrong one: 1045 over TLS', async () => {
    const right = await mysqlHandshake(endpoint, budget, { user: 'app', password: 'app-password' });
    expect(right).toMatchObject({ kind: 'logged-in', tls: true, placeholder: false });
    const wrong = await mysqlHandshake(endpoint, budget, { user: 'app', password: 'nope' });
    expect(wrong).toMatchObject({ kind: 'login-refused', tls: true, error: { code: 1045 } });
  });

  it('a REQUIRE SSL account: logged in over TLS; in plain text (TLS disabled), the 1045 of a wrong password', async () => {
    const secure = await mysqlHandshake(endpoint, budget, { user: 'secure', password: 'secure-password' });
    expect(secure).toMatchObject({ kind: 'logged-in', tls: true });
    const plain = await mysqlHandshake(endpoint, budget, {
      user: 'secure',
      password: 'secure-password',
      tls: 'disabled',
    });
    expect(plain).toMatchObject({ kind: 'login-refused', tls: false, error: { code: 1045 } });
  });
});
