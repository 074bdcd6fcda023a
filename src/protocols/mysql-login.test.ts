import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { createSecureContext, TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import { mysqlHandshake } from './mysql-handshake.js';
import { CLIENT_SSL, greetingPayload, PLAIN_CAPABILITIES } from './mysql-greeting.test-helper.js';
import { clearPassword, handshakeResponse, passwordProof, readLoginReply, sslRequest } from './mysql-login.js';
import { loadNodeCrypto } from './node-crypto.js';

// The password paths use node:crypto as the handshakes load it, before they connect.
beforeAll(loadNodeCrypto);

const sha = (algorithm: string, ...parts: Buffer[]) => createHash(algorithm).update(Buffer.concat(parts)).digest();
const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, i) => byte ^ b[i]!));
const nonce = Buffer.from('425257407757302979493f426a6f6e5b5e472626', 'hex');

/**
 * The proofs are checked the way the servers check them (MySQL's sql/auth/sha2_password.cc and
 * mysql_native_password's check_scramble): from the stored hash, never by computing the proof again.
 */
describe('passwordProof', () => {
  it('mysql_native_password: the server recovers SHA1(password) and finds its stored SHA1(SHA1(password))', () => {
    const stored = sha('sha1', sha('sha1', Buffer.from('app-password')));
    const proof = passwordProof('mysql_native_password', 'app-password', nonce);
    const stage1 = xor(proof, sha('sha1', nonce, stored));
    expect(sha('sha1', stage1)).toEqual(stored);
  });

  it('caching_sha2_password: the server recovers SHA256(password) and finds its cached SHA256(SHA256(password))', () => {
    const cached = sha('sha256', sha('sha256', Buffer.from('pässword', 'utf8')));
    const proof = passwordProof('caching_sha2_password', 'pässword', nonce);
    const stage1 = xor(proof, sha('sha256', cached, nonce));
    expect(sha('sha256', stage1)).toEqual(cached);
  });

  it('an empty password sends an empty proof, as the clients do', () => {
    expect(passwordProof('mysql_native_password', '', nonce)).toHaveLength(0);
  });
});

describe('handshakeResponse and readLoginReply', () => {
  it('writes sequence 1 with the user, the proof, the database and the plugin, and never the password', () => {
    const proof = passwordProof('mysql_native_password', 'secret-pw', nonce);
    const bytes = handshakeResponse({
      user: 'app',
      database: 'shop',
      plugin: 'mysql_native_password',
      proof,
      serverCapabilities: 0xffffffff,
      tls: false,
    });
    expect(bytes.readUIntLE(0, 3)).toBe(bytes.length - 4);
    expect(bytes[3]).toBe(1);
    const text = bytes.toString('latin1');
    expect(text).toContain('app\0');
    expect(text).toContain('shop\0');
    expect(text).toContain('mysql_native_password\0');
    expect(text).not.toContain('secret-pw');
  });

  it('over TLS: the SSLRequest is the first 32 bytes of the response, CLIENT_SSL set, and the response is sequence 2', () => {
    const serverCapabilities = 0xf7ff_ffff;
    const request = sslRequest(serverCapabilities, true);
    expect([...request.subarray(0, 4)]).toEqual([32, 0, 0, 1]);
    const flags = request.readUInt32LE(4);
    expect(flags & 0x800).toBe(0x800);
    const response = handshakeResponse({
      user: 'app',
      database: 'shop',
      plugin: 'mysql_native_password',
      proof: Buffer.alloc(20, 1),
      serverCapabilities,
      tls: true,
    });
    expect(response[3]).toBe(2);
    // The server checks that the response's flags are the SSLRequest's.
    expect(response.subarray(4, 36)).toEqual(request.subarray(4, 36));
    // Without TLS, no CLIENT_SSL.
    const plain = handshakeResponse({
      user: 'app',
      database: 'shop',
      plugin: 'mysql_native_password',
      proof: Buffer.alloc(20, 1),
      serverCapabilities,
      tls: false,
    });
    expect(plain.readUInt32LE(4) & 0x800).toBe(0);
  });

  it('caching_sha2_password full authentication: the password NUL-terminated, at the sequence given', () => {
    expect(clearPassword('pw', 5)).toEqual(Buffer.from([3, 0, 0, 5, 0x70, 0x77, 0]));
  });

  it('reads OK, ERR, AuthSwitchRequest and AuthMoreData, and waits for a packet cut short', () => {
    const packet = (hex: string, seq = 2) => {
      const payload = Buffer.from(hex, 'hex');
      return Buffer.concat([Buffer.from([payload.length, 0, 0, seq]), payload]);
    };
    expect(readLoginReply(packet('00000002000000'))).toEqual({ kind: 'ok', consumed: 11 });
    // Captured from MariaDB 10.11 (a wrong password), as in mysql-handshake.real-server.test.ts.
    const denied = packet(
      `ff1504233238303030${Buffer.from("Access denied for user 'app'@'127.0.0.1' (using password: YES)").toString('hex')}`,
    );
    expect(readLoginReply(denied)).toMatchObject({ kind: 'error', error: { code: 1045, sqlState: '28000' } });
    const nonceHex = nonce.toString('hex');
    const switchTo = packet(`fe${Buffer.from('client_ed25519').toString('hex')}00${nonceHex}00`);
    expect(readLoginReply(switchTo)).toMatchObject({ kind: 'auth-switch', plugin: 'client_ed25519', sequence: 2 });
    expect(readLoginReply(switchTo)).toMatchObject({ data: nonce });
    expect(readLoginReply(packet('0104', 4))).toMatchObject({ kind: 'more-data', sequence: 4 });
    expect(readLoginReply(denied.subarray(0, 10))).toEqual({ kind: 'incomplete' });
    expect(readLoginReply(packet('2a'))).toMatchObject({ kind: 'invalid' });
  });
});

/**
 * A server that speaks caching_sha2_password, as MySQL 8 does by default (not in Debian: MariaDB has no
 * caching_sha2_password), checking the proof from its cache: fast authentication when the proof holds and the
 * account is cached, "perform full authentication" when it is not cached, for which it takes the password in clear
 * only inside TLS (MySQL's sql/auth/sha2_password.cc does the same). With `tls` it offers CLIENT_SSL and takes an
 * SSLRequest, then the rest of the login inside TLS, with a certificate the test made.
 */
describe('mysqlHandshake with caching_sha2_password (a loopback server following the MySQL docs)', () => {
  let server: net.Server | null = null;
  const pki = makeTestPki();
  afterEach(() => server?.close());
  afterAll(() => pki.remove());

  /** What the server saw: the sequence numbers of the client's packets and whether each came inside TLS. */
  const seen: { sequence: number; tls: boolean; bytes: Buffer }[] = [];

  function startServer(cached: boolean, tls = false): Promise<number> {
    seen.length = 0;
    const scramble = Buffer.from(randomBytes(20).map((b) => b & 0x7f || 1));
    const store = sha('sha256', sha('sha256', Buffer.from('right')));
    server = net.createServer((plain) => {
      let socket: Duplex = plain;
      const packet = (payload: Buffer, seq: number) =>
        socket.write(Buffer.concat([Buffer.from([payload.length & 0xff, payload.length >> 8, 0, seq]), payload]));
      packet(
        greetingPayload({
          version: '8.0.36',
          capabilities: PLAIN_CAPABILITIES | (tls ? CLIENT_SSL : 0),
          scramble,
          plugin: 'caching_sha2_password',
        }),
        0,
      );
      let step: 'response' | 'password' = 'response';
      const onPacket = (data: Buffer) => {
        seen.push({ sequence: data[3]!, tls: socket !== plain, bytes: data.subarray(0, 4 + data.readUIntLE(0, 3)) });
        if (tls && socket === plain && data.readUIntLE(0, 3) === 32) {
          // The SSLRequest: TLS on the same connection, then the login inside it. The ClientHello may have come in
          // the same read: it goes back for TLS to read.
          plain.removeListener('data', onPacket);
          // A stream of our own under TLS (a net.Socket would be read from its handle, past what came already).
          const carrier = new Duplex({
            read() {},
            write(chunk, _encoding, done) {
              plain.write(chunk, done);
            },
          });
          if (data.length > 36) carrier.push(data.subarray(36));
          plain.on('data', (more) => carrier.push(more));
          const secure = new TLSSocket(carrier, {
            isServer: true,
            secureContext: createSecureContext({ cert: pki.leaf.cert, key: pki.leaf.key }),
          });
          secure.on('error', () => {});
          secure.on('data', onPacket);
          socket = secure;
          return;
        }
        if (step === 'password') {
          // Full authentication: only inside TLS, the password NUL-terminated.
          const ok = socket !== plain && data.subarray(4).equals(Buffer.from('right\0'));
          if (ok) packet(Buffer.from([0, 0, 0, 2, 0, 0, 0]), data[3]! + 1);
          else packet(Buffer.from('\xff\x15\x04#28000Access denied (using password: YES)', 'latin1'), data[3]! + 1);
          return;
        }
        const userEnd = data.indexOf(0, 36);
        const proofLength = data[userEnd + 1]!;
        const proof = data.subarray(userEnd + 2, userEnd + 2 + proofLength);
        const stage1 = xor(proof, sha('sha256', store, scramble));
        const next = data[3]! + 1;
        if (!sha('sha256', stage1).equals(store)) {
          const message = Buffer.from(
            "\xff\x15\x04#28000Access denied for user 'app'@'localhost' (using password: YES)",
            'latin1',
          );
          packet(message, next);
          socket.end();
        } else if (cached) {
          // Fast authentication, then OK, in one write: the handshake must read both.
          socket.write(Buffer.from([2, 0, 0, next, 1, 3, 7, 0, 0, next + 1, 0, 0, 0, 2, 0, 0, 0]));
        } else {
          step = 'password';
          packet(Buffer.from([1, 4]), next);
        }
      };
      plain.on('data', onPacket);
      plain.on('error', () => {});
    });
    return new Promise((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port)),
    );
  }

  const endpoint = (port: number) => ({ address: '127.0.0.1', family: 4 as const, port });
  const budget = { timeoutMs: 3000 };

  it('a cached account: fast authentication, then OK', async () => {
    const port = await startServer(true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right' });
    expect(result).toMatchObject({ kind: 'logged-in', plugin: 'caching_sha2_password', reason: 'ok', tls: false });
  });

  it('a wrong password: the ERR packet', async () => {
    const port = await startServer(true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'wrong' });
    expect(result).toMatchObject({ kind: 'login-refused', reason: 'authentication-failed', error: { code: 1045 } });
  });

  it('not cached, in plain text: "perform full authentication" is said so, the password never sent in clear', async () => {
    const port = await startServer(false);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right' });
    expect(result).toMatchObject({ kind: 'login-untested', why: 'full-authentication', passwordSent: true });
    expect(Buffer.concat(seen.map((p) => p.bytes)).toString('latin1')).not.toContain('right');
  });

  it('not cached, over TLS: SSLRequest, TLS, the login (sequence 2), the password inside TLS: logged in, COM_QUIT', async () => {
    const port = await startServer(false, true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right' });
    expect(result).toMatchObject({ kind: 'logged-in', plugin: 'caching_sha2_password', tls: true });
    expect(seen.map(({ sequence, tls }) => ({ sequence, tls }))).toEqual([
      { sequence: 1, tls: false },
      { sequence: 2, tls: true },
      { sequence: 4, tls: true },
      // COM_QUIT, inside TLS too.
      { sequence: 0, tls: true },
    ]);
  });

  it('over TLS, a wrong password in full authentication: the ERR, the password sent inside TLS only', async () => {
    const port = await startServer(false, true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right' });
    expect(result.kind).toBe('logged-in');
    const wrong = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'wrong' });
    expect(wrong).toMatchObject({ kind: 'login-refused', tls: true, error: { code: 1045 } });
  });

  it('ssl-mode VERIFY_*, not cached: inside TLS whose certificate was not verified, no password in clear', async () => {
    const port = await startServer(false, true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right', tls: 'verify' });
    expect(result).toMatchObject({ kind: 'login-untested', why: 'full-authentication', tls: true });
    // The scramble went (a proof, never the password); the clear-text answer to full authentication did not.
    expect(seen.map(({ sequence }) => sequence)).toEqual([1, 2]);
    expect(Buffer.concat(seen.map((p) => p.bytes)).toString('latin1')).not.toContain('right');
  });

  it('ssl-mode DISABLED: no SSLRequest though the server offers TLS', async () => {
    const port = await startServer(true, true);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right', tls: 'disabled' });
    expect(result).toMatchObject({ kind: 'logged-in', tls: false });
    expect(seen[0]).toMatchObject({ sequence: 1, tls: false });
    expect(seen[0]!.bytes.readUIntLE(0, 3)).toBeGreaterThan(32);
  });

  it('ssl-mode REQUIRED and a server without TLS: tls-unavailable, no login sent', async () => {
    const port = await startServer(true, false);
    const result = await mysqlHandshake(endpoint(port), budget, { user: 'app', password: 'right', tls: 'required' });
    expect(result).toMatchObject({ kind: 'tls-unavailable', reason: 'server-requires-tls' });
    expect(seen).toEqual([]);
  });
});
