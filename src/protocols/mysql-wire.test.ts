import { describe, expect, it } from 'vitest';
import { CLIENT_SSL, readFirstPacket } from './mysql-wire.js';

/**
 * Captured from MariaDB 10.11.19 (Debian 12) on loopback, started as in ../shared/notes/real-servers.md with
 * --skip-name-resolve and one account for 127.0.0.1: a Node client connected, sent nothing (or the byte noted),
 * and printed every byte of the server's first packets as hex.
 */
const CAPTURED = {
  /** From 127.0.0.1: the initial handshake v10. */
  greeting:
    '640000000a352e352e352d31302e31312e31392d4d6172696144422d302b646562313275310004000000425257407757302900fef7080200ff81150000000000001d00000079493f426a6f6e5b5e472626006d7973716c5f6e61746976655f70617373776f726400',
  /** From 127.0.0.2, which no account's host matches: 1130 instead of the handshake, without a SQLSTATE marker. */
  hostNotAllowed:
    '44000000ff6a04486f737420273132372e302e302e3227206973206e6f7420616c6c6f77656420746f20636f6e6e65637420746f2074686973204d61726961444220736572766572',
  /** With max_connections=10 and 11 connections held: 1040. */
  tooManyConnections: '17000000ff1004546f6f206d616e7920636f6e6e656374696f6e73',
  /** The handshake, then the server's answer (packet 2) to a one-byte login packet: 1043 with SQLSTATE 08S01. */
  badHandshake: '16000002ff13042330385330314261642068616e647368616b65',
} as const;

const packet = (hex: string) => readFirstPacket(Buffer.from(hex, 'hex'));

describe('readFirstPacket (captured from MariaDB 10.11)', () => {
  it('reads the handshake v10: version without the 5.5.5- prefix, connection id, TLS capability, auth plugin', () => {
    expect(packet(CAPTURED.greeting)).toMatchObject({
      kind: 'greeting',
      greeting: {
        serverVersion: '10.11.19-MariaDB-0+deb12u1',
        mariadb: true,
        connectionId: 4,
        capabilities: 0x81fff7fe,
        tls: false,
        authPlugin: 'mysql_native_password',
      },
    });
  });

  it('keeps the 20-byte nonce a login answers, parts 1 and 2 without the closing NUL', () => {
    const result = packet(CAPTURED.greeting);
    expect(result.kind === 'greeting' && result.scramble.toString('hex')).toBe(
      '425257407757302979493f426a6f6e5b5e472626',
    );
  });

  it('reads the TLS capability when the flags have CLIENT_SSL', () => {
    const bytes = Buffer.from(CAPTURED.greeting, 'hex');
    const flags = 4 + 1 + 'x.5.5-10.11.19-MariaDB-0+deb12u1'.length + 1 + 4 + 8 + 1;
    bytes.writeUInt16LE(bytes.readUInt16LE(flags) | CLIENT_SSL, flags);
    expect(readFirstPacket(bytes)).toMatchObject({ kind: 'greeting', greeting: { tls: true } });
  });

  it('reads the errors sent instead of a handshake', () => {
    expect(packet(CAPTURED.hostNotAllowed)).toEqual({
      kind: 'error',
      error: {
        code: 1130,
        sqlState: null,
        message: "Host '127.0.0.2' is not allowed to connect to this MariaDB server",
      },
    });
    expect(packet(CAPTURED.tooManyConnections)).toEqual({
      kind: 'error',
      error: { code: 1040, sqlState: null, message: 'Too many connections' },
    });
  });

  it('reads the SQLSTATE after the # marker', () => {
    const bytes = Buffer.from(CAPTURED.badHandshake, 'hex');
    bytes[3] = 0; // read as a first packet
    expect(readFirstPacket(bytes)).toEqual({
      kind: 'error',
      error: { code: 1043, sqlState: '08S01', message: 'Bad handshake' },
    });
  });

  it('waits for a packet cut anywhere, and refuses what is not MySQL', () => {
    const whole = Buffer.from(CAPTURED.greeting, 'hex');
    for (const cut of [0, 3, 4, 50, whole.length - 1])
      expect(readFirstPacket(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    expect(readFirstPacket(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readFirstPacket(Buffer.from('-ERR unknown command\r\n'))).toMatchObject({ kind: 'invalid' });
  });
});
