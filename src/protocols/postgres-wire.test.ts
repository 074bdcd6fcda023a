import { describe, expect, it } from 'vitest';
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

/**
 * Captured from PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on loopback: the server started as in
 * ../shared/notes/real-servers.md, a StartupMessage (user, database, application_name) written by a 20-line Node
 * client, and every byte of the reply printed as hex. pg_hba.conf had `trust`, `scram-sha-256`, `md5`, `password`
 * and `reject` lines per database; 53300 came with max_connections=3 and three sessions held; 57P03 during a
 * smart shutdown with one session held.
 */
const CAPTURED = {
  /** user postgres, database postgres, trust: AuthenticationOk, ParameterStatus ×14, BackendKeyData, ReadyForQuery. */
  session:
    '52000000080000000053000000216170706c69636174696f6e5f6e616d6500636f6e6e2d646f63746f72005300000019636c69656e745f656e636f64696e670055544638005300000017446174655374796c650049534f2c204d445900530000002664656661756c745f7472616e73616374696f6e5f726561645f6f6e6c79006f6666005300000017696e5f686f745f7374616e646279006f6666005300000019696e74656765725f6461746574696d6573006f6e00530000001b496e74657276616c5374796c6500706f73746772657300530000001469735f737570657275736572006f6e0053000000197365727665725f656e636f64696e6700555446380053000000327365727665725f76657273696f6e0031352e3138202844656269616e2031352e31382d302b646562313275312900530000002373657373696f6e5f617574686f72697a6174696f6e00706f7374677265730053000000237374616e646172645f636f6e666f726d696e675f737472696e6773006f6e00530000001554696d655a6f6e65004574632f555443004b0000000c000039475ac7e1a85a0000000549',
  /** user conn_doctor under `trust`: AuthenticationOk, then 28000 "role does not exist". */
  roleMissing:
    '520000000800000000450000006753464154414c0056464154414c00433238303030004d726f6c652022636f6e6e5f646f63746f722220646f6573206e6f7420657869737400466d697363696e69742e63004c3736380052496e697469616c697a6553657373696f6e5573657249640000',
  /** `scram-sha-256`: AuthenticationSASL offering SCRAM-SHA-256. */
  sasl: '52000000170000000a534352414d2d5348412d3235360000',
  /** `md5` for a user whose password is stored as MD5: AuthenticationMD5Password with salt ba506abf. */
  md5: '520000000c00000005ba506abf',
  /** `password`, then a wrong password sent: AuthenticationCleartextPassword, then 28P01. */
  wrongPassword:
    '520000000800000003450000006153464154414c0056464154414c00433238503031004d70617373776f72642061757468656e7469636174696f6e206661696c656420666f722075736572202278220046617574682e63004c3333340052617574685f6661696c65640000',
  /** No pg_hba.conf line for database otherdb: 28000 before any authentication request. */
  noHbaEntry:
    '450000009553464154414c0056464154414c00433238303030004d6e6f2070675f6862612e636f6e6620656e74727920666f7220686f737420223132372e302e302e31222c2075736572202278222c20646174616261736520226f746865726462222c206e6f20656e6372797074696f6e0046617574682e63004c3534340052436c69656e7441757468656e7469636174696f6e0000',
  /** A `reject` line matches. */
  hbaReject:
    '45000000a053464154414c0056464154414c00433238303030004d70675f6862612e636f6e662072656a6563747320636f6e6e656374696f6e20666f7220686f737420223132372e302e302e31222c2075736572202278222c206461746162617365202272656a6563746462222c206e6f20656e6372797074696f6e0046617574682e63004c3437360052436c69656e7441757468656e7469636174696f6e0000',
  /** `trust` for a database that does not exist: AuthenticationOk, then 3D000. */
  databaseMissing:
    '520000000800000000450000005d53464154414c0056464154414c00433344303030004d646174616261736520226e6f7375636864622220646f6573206e6f742065786973740046706f7374696e69742e63004c3934380052496e6974506f7374677265730000',
  /** max_connections reached: 53300 before pg_hba is even consulted. */
  tooManyClients:
    '450000005553464154414c0056464154414c00433533333030004d736f7272792c20746f6f206d616e7920636c69656e747320616c7265616479004670726f632e63004c3335370052496e697450726f636573730000',
  /** During a smart shutdown: 57P03. */
  shuttingDown:
    '450000006a53464154414c0056464154414c00433537503033004d7468652064617461626173652073797374656d206973207368757474696e6720646f776e0046706f73746d61737465722e63004c32343332005250726f63657373537461727475705061636b65740000',
} as const;

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
