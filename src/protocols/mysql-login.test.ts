import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mysqlHandshake } from './mysql-handshake.js';
import { handshakeResponse, passwordProof, readLoginReply } from './mysql-login.js';

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
    });
    expect(bytes.readUIntLE(0, 3)).toBe(bytes.length - 4);
    expect(bytes[3]).toBe(1);
    const text = bytes.toString('latin1');
    expect(text).toContain('app\0');
    expect(text).toContain('shop\0');
    expect(text).toContain('mysql_native_password\0');
    expect(text).not.toContain('secret-pw');
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
 * account is cached, "perform full authentication" when it is not cached.
 */
describe('mysqlHandshake with caching_sha2_password (a loopback server following the MySQL docs)', () => {
  let server: net.Server | null = null;
  afterEach(() => server?.close());

  function startServer(cached: boolean): Promise<number> {
    const scramble = Buffer.from(randomBytes(20).map((b) => b & 0x7f || 1));
    const store = sha('sha256', sha('sha256', Buffer.from('right')));
    server = net.createServer((socket) => {
      const packet = (payload: Buffer, seq: number) =>
        socket.write(Buffer.concat([Buffer.from([payload.length & 0xff, payload.length >> 8, 0, seq]), payload]));
      const caps = Buffer.alloc(4);
      caps.writeUInt32LE(0x000fa20f | 0x8_0000 | 0x8000);
      packet(
        Buffer.concat([
          Buffer.from('\x0a8.0.36\0', 'latin1'),
          Buffer.from([1, 0, 0, 0]),
          scramble.subarray(0, 8),
          Buffer.from([0]),
          caps.subarray(0, 2),
          Buffer.from([255, 2, 0]),
          caps.subarray(2, 4),
          Buffer.from([21]),
          Buffer.alloc(10),
          scramble.subarray(8),
          Buffer.from([0]),
          Buffer.from('caching_sha2_password\0'),
        ]),
        0,
      );
      socket.once('data', (data) => {
        const userEnd = data.indexOf(0, 36);
        const proofLength = data[userEnd + 1]!;
        const proof = data.subarray(userEnd + 2, userEnd + 2 + proofLength);
        const stage1 = xor(proof, sha('sha256', store, scramble));
        if (!sha('sha256', stage1).equals(store)) {
          const message = Buffer.from(
            "\xff\x15\x04#28000Access denied for user 'app'@'localhost' (using password: YES)",
            'latin1',
          );
          packet(message, 2);
          socket.end();
        } else if (cached) {
          // Fast authentication, then OK, in one write: the handshake must read both.
          socket.write(Buffer.from([2, 0, 0, 2, 1, 3, 7, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0]));
        } else {
          packet(Buffer.from([1, 4]), 2);
        }
      });
      socket.on('error', () => {});
    });
    return new Promise((resolve) =>
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port)),
    );
  }

  const endpoint = (port: number) => ({ address: '127.0.0.1', family: 4 as const, port });

  it('a cached account: fast authentication, then OK', async () => {
    const port = await startServer(true);
    const result = await mysqlHandshake(endpoint(port), { timeoutMs: 3000 }, { user: 'app', password: 'right' });
    expect(result).toMatchObject({ kind: 'logged-in', plugin: 'caching_sha2_password', reason: 'ok' });
  });

  it('a wrong password: the ERR packet', async () => {
    const port = await startServer(true);
    const result = await mysqlHandshake(endpoint(port), { timeoutMs: 3000 }, { user: 'app', password: 'wrong' });
    expect(result).toMatchObject({ kind: 'login-refused', reason: 'authentication-failed', error: { code: 1045 } });
  });

  it('not cached: "perform full authentication", which needs TLS or the RSA key, is said so and not guessed', async () => {
    const port = await startServer(false);
    const result = await mysqlHandshake(endpoint(port), { timeoutMs: 3000 }, { user: 'app', password: 'right' });
    expect(result).toMatchObject({ kind: 'login-untested', why: 'full-authentication', passwordSent: true });
  });
});
