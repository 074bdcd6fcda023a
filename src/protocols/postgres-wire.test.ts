import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendMessage,
  hbaEncryption,
  md5Answer,
  passwordMessage,
  readBackendMessage,
  readSslAnswer,
  saslInitialResponse,
  saslResponse,
  sslRequest,
  startupMessage,
} from './postgres-wire.js';
import { CAPTURED } from './postgres-captured.test-helper.js';
import { loadNodeCrypto } from './node-crypto.js';

// The password paths use node:crypto as the handshakes load it, before they connect.
beforeAll(loadNodeCrypto);

function messages(hex: string): BackendMessage[] {
  let data = Buffer.from(hex, 'hex');
  const out: BackendMessage[] = [];
  while (data.length > 0) {
    const read = readBackendMessage(data);
    if (read.kind !== 'message') throw new Error(`stopped: ${JSON.stringify(read)}`);
    out.push(read.message);
    data = data.subarray(read.size);
  }
  return out;
}

describe('PostgreSQL messages from the client', () => {
  it('writes the SSLRequest as its fixed 8 bytes', () => {
    expect(sslRequest().toString('hex')).toBe('0000000804d2162f');
  });

  it('writes a StartupMessage: length, protocol 3.0, NUL-ended pairs, a final NUL', () => {
    const bytes = startupMessage({ user: 'conn_doctor', database: 'app' });
    expect(bytes.readUInt32BE(0)).toBe(bytes.length);
    expect(bytes.readUInt32BE(4)).toBe(196608);
    expect(bytes.subarray(8).toString('latin1')).toBe('user\0conn_doctor\0database\0app\0\0');
  });

  it('writes SASLInitialResponse (mechanism, length, data) and SASLResponse', () => {
    expect(saslInitialResponse('SCRAM-SHA-256', 'n,,n=,r=abc').toString('latin1')).toBe(
      'p\0\0\0\x21SCRAM-SHA-256\0\0\0\0\x0bn,,n=,r=abc',
    );
    expect(saslResponse('c=biws').toString('latin1')).toBe('p\0\0\0\x0ac=biws');
  });

  it('writes a PasswordMessage and the MD5 answer libpq computes', () => {
    expect(passwordMessage('pw').toString('hex')).toBe('7000000007707700');
    // md5(md5('secret' + 'alice') + salt), the value computed with Python's hashlib.
    expect(md5Answer('alice', 'secret', Buffer.from('ba506abf', 'hex'))).toBe('md51c6e38478e8320d17149380f316de603');
  });
});

describe('PostgreSQL messages from the server (captured)', () => {
  it('reads the answers to an SSLRequest', () => {
    expect(readSslAnswer(0x53)).toEqual({ kind: 'tls-accepted' });
    expect(readSslAnswer(0x4e)).toEqual({ kind: 'tls-refused' });
    expect(readSslAnswer(0x45)).toEqual({ kind: 'error-instead' });
    expect(readSslAnswer(0x48)).toBeNull();
  });

  it('reads a whole session start, keeping parameters and dropping the cancel key', () => {
    const read = messages(CAPTURED.session);
    expect(read[0]).toEqual({ type: 'authentication', request: { kind: 'ok' } });
    expect(read).toContainEqual({ type: 'parameter', name: 'server_version', value: '15.18 (Debian 15.18-0+deb12u1)' });
    expect(read).toContainEqual({ type: 'backend-key' });
    expect(read.at(-1)).toEqual({ type: 'ready', status: 'I' });
    expect(JSON.stringify(read)).not.toContain('5ac7e1a8');
  });

  it('reads the SASL steps as sent, for the proof', () => {
    const message = (code: number, data: string) => {
      const body = Buffer.concat([Buffer.alloc(4), Buffer.from(data, 'latin1')]);
      body.writeUInt32BE(code, 0);
      const header = Buffer.alloc(5);
      header.write('R', 0, 'latin1');
      header.writeUInt32BE(4 + body.length, 1);
      return Buffer.concat([header, body]);
    };
    expect(readBackendMessage(message(11, 'r=abc,s=c2FsdA==,i=4096'))).toMatchObject({
      message: { type: 'authentication', request: { kind: 'sasl-continue', data: 'r=abc,s=c2FsdA==,i=4096' } },
    });
    expect(readBackendMessage(message(12, 'v=c2ln'))).toMatchObject({
      message: { request: { kind: 'sasl-final', data: 'v=c2ln' } },
    });
    expect(readBackendMessage(message(99, ''))).toMatchObject({ message: { request: { kind: 'other', code: 99 } } });
  });

  it('reads the authentication requests', () => {
    expect(messages(CAPTURED.sasl)).toEqual([
      { type: 'authentication', request: { kind: 'sasl', mechanisms: ['SCRAM-SHA-256'] } },
    ]);
    expect(messages(CAPTURED.md5)).toEqual([
      { type: 'authentication', request: { kind: 'md5-password', salt: Buffer.from('ba506abf', 'hex') } },
    ]);
    expect(messages(CAPTURED.wrongPassword)[0]).toEqual({
      type: 'authentication',
      request: { kind: 'cleartext-password' },
    });
  });

  it.each([
    [
      'noHbaEntry',
      '28000',
      /^no pg_hba\.conf entry for host "127\.0\.0\.1", user "x", database "otherdb", no encryption$/,
    ],
    ['hbaReject', '28000', /^pg_hba\.conf rejects connection for host/],
    ['roleMissing', '28000', /^role "conn_doctor" does not exist$/],
    ['wrongPassword', '28P01', /^password authentication failed for user "x"$/],
    ['databaseMissing', '3D000', /^database "nosuchdb" does not exist$/],
    ['tooManyClients', '53300', /^sorry, too many clients already$/],
    ['shuttingDown', '57P03', /^the database system is shutting down$/],
  ] as const)('reads the ErrorResponse in %s: SQLSTATE %s', (name, code, message) => {
    const error = messages(CAPTURED[name]).find((m) => m.type === 'error');
    expect(error?.type === 'error' && error.fields).toMatchObject({
      severity: 'FATAL',
      code,
      detail: null,
      hint: null,
    });
    expect(error?.type === 'error' && error.fields.message).toMatch(message);
  });

  it('waits for the rest of a message cut anywhere, and refuses bytes that are not PostgreSQL', () => {
    const whole = Buffer.from(CAPTURED.noHbaEntry, 'hex');
    for (const cut of [0, 1, 4, 5, 40, whole.length - 1]) {
      expect(readBackendMessage(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    }
    expect(readBackendMessage(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'invalid' });
    expect(readBackendMessage(Buffer.from('SSH-2.0-OpenSSH_9.2p1\r\n'))).toMatchObject({ kind: 'invalid' });
  });

  it('makes control characters in a server message visible', () => {
    const body = Buffer.from('SFATAL\0C28000\0Mbad\x1b[31m\0\0', 'latin1');
    const header = Buffer.alloc(5);
    header.write('E', 0, 'latin1');
    header.writeUInt32BE(body.length + 4, 1);
    const read = readBackendMessage(Buffer.concat([header, body]));
    expect(read.kind === 'message' && read.message.type === 'error' && read.message.fields.message).toBe(
      'bad\\x1b[31m',
    );
  });
});

describe('hbaEncryption', () => {
  it.each([
    ['no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", no encryption', 'none'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", SSL encryption', 'ssl'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", GSS encryption', 'gss'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", SSL off', 'none'],
    ['no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", SSL on', 'ssl'],
    ['role "u" does not exist', null],
  ] as const)('%s → %s', (message, encryption) => {
    expect(hbaEncryption(message)).toBe(encryption);
  });
});
