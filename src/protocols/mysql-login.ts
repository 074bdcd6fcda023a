import { nodeCrypto } from './node-crypto.js';
import { visibleText } from '../probes/visible-bytes.js';
import { CLIENT_SSL, type MysqlError, readErrorPayload } from './mysql-wire.js';

/**
 * MySQL's and MariaDB's login, after the initial handshake, for a password the user put in the URL
 * (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html): the client's
 * HandshakeResponse41, the server's OK or ERR, an AuthSwitchRequest to another plugin, and caching_sha2_password's
 * AuthMoreData (fast authentication done, or "perform full authentication", which needs TLS or the server's RSA key).
 * Over TLS, as real clients do when the server offers it: the SSLRequest (the short HandshakeResponse with
 * CLIENT_SSL, https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html),
 * TLS on the same connection, then the HandshakeResponse inside it, one sequence number later.
 */

/** The authentication plugins this login answers; any other is named in the result, never guessed at. */
export type MysqlPlugin = 'mysql_native_password' | 'caching_sha2_password';

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_CONNECT_WITH_DB = 0x8;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_TRANSACTIONS = 0x2000;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x8_0000;
/** utf8mb4_general_ci: every MySQL 5.5+ and MariaDB knows it. */
const UTF8MB4 = 45;
/** Login answers are small; a caching_sha2 public key (~450 bytes) is the largest we could meet. */
const MAX_REPLY_PACKET = 4096;

export function isSpokenPlugin(name: string | null): name is MysqlPlugin {
  return name === 'mysql_native_password' || name === 'caching_sha2_password';
}

/** The proof of the password a plugin sends for this nonce: never the password itself. Empty for no password. */
export function passwordProof(plugin: MysqlPlugin, password: string, scramble: Uint8Array): Buffer {
  if (password === '') return Buffer.alloc(0);
  const nonce = scramble.subarray(0, 20);
  if (plugin === 'mysql_native_password') {
    // SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password)))
    const stage1 = sha('sha1', Buffer.from(password, 'utf8'));
    const mask = sha('sha1', Buffer.concat([nonce, sha('sha1', stage1)]));
    return xor(stage1, mask);
  }
  // caching_sha2_password: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce)
  const stage1 = sha('sha256', Buffer.from(password, 'utf8'));
  const mask = sha('sha256', Buffer.concat([sha('sha256', stage1), nonce]));
  return xor(stage1, mask);
}

export interface LoginRequest {
  user: string;
  /** The database to select, or null for none. */
  database: string | null;
  plugin: MysqlPlugin;
  proof: Buffer;
  /** The server's capability flags: only those it has are asked for. */
  serverCapabilities: number;
  /** Sent inside TLS, after an SSLRequest: CLIENT_SSL is set and the packet is sequence 2. */
  tls: boolean;
}

/** The client's flags, max packet size and character set: the first 32 bytes of SSLRequest and HandshakeResponse41. */
function clientFlags(wanted: number, serverCapabilities: number): Buffer {
  const flags = Buffer.alloc(32);
  flags.writeUInt32LE((wanted & serverCapabilities) >>> 0, 0);
  flags.writeUInt32LE(16 * 1024 * 1024, 4);
  flags[8] = UTF8MB4;
  return flags;
}

const BASE_FLAGS = CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS | CLIENT_SECURE_CONNECTION;

/**
 * SSLRequest (sequence 1): the flags of the HandshakeResponse to come, CLIENT_SSL among them, and nothing else. The
 * server answers nothing: it waits for the TLS ClientHello. The flags must match the response's (the server checks).
 */
export function sslRequest(serverCapabilities: number, database: boolean): Buffer {
  const wanted = BASE_FLAGS | CLIENT_PLUGIN_AUTH | CLIENT_SSL | (database ? CLIENT_CONNECT_WITH_DB : 0);
  return packet(clientFlags(wanted, serverCapabilities), 1);
}

/** HandshakeResponse41, without connection attributes: sequence 1 in plain text, 2 inside TLS after an SSLRequest. */
export function handshakeResponse(request: LoginRequest): Buffer {
  const database = request.database !== null && request.database !== '';
  const wanted =
    BASE_FLAGS | CLIENT_PLUGIN_AUTH | (request.tls ? CLIENT_SSL : 0) | (database ? CLIENT_CONNECT_WITH_DB : 0);
  const payload = Buffer.concat([
    clientFlags(wanted, request.serverCapabilities),
    nulTerminated(request.user),
    Buffer.from([request.proof.length]),
    request.proof,
    ...(database ? [nulTerminated(request.database!)] : []),
    nulTerminated(request.plugin),
  ]);
  return packet(payload, request.tls ? 2 : 1);
}

/** The answer to an AuthSwitchRequest: the proof for the new plugin and nonce. */
export function authSwitchResponse(proof: Buffer, sequence: number): Buffer {
  return packet(proof, sequence);
}

/**
 * caching_sha2_password's answer to "perform full authentication" on a TLS connection: the password itself,
 * NUL-terminated, as MySQL's clients send it there (TLS protects it). Never sent on a plain connection.
 */
export function clearPassword(password: string, sequence: number): Buffer {
  return packet(nulTerminated(password), sequence);
}

/** COM_QUIT: the polite end of a session that logged in. */
export function comQuit(): Buffer {
  return packet(Buffer.from([0x01]), 0);
}

/** What the server answered to a login packet. `consumed` counts the whole packet; `sequence` is its number. */
export type LoginReply =
  | { kind: 'ok'; consumed: number }
  | { kind: 'error'; error: MysqlError; consumed: number }
  /** The server wants another plugin; `data` is its new nonce. `plugin` is made visible and bounded. */
  | { kind: 'auth-switch'; plugin: string; data: Buffer; sequence: number; consumed: number }
  /** caching_sha2_password's AuthMoreData: 3 fast authentication done (an OK follows), 4 full authentication. */
  | { kind: 'more-data'; data: Buffer; sequence: number; consumed: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads one packet the server sends during the login, from the start of `data`. */
export function readLoginReply(data: Uint8Array): LoginReply {
  if (data.length < 4) return { kind: 'incomplete' };
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const length = bytes.readUIntLE(0, 3);
  const sequence = bytes[3]!;
  if (length < 1 || length > MAX_REPLY_PACKET) return { kind: 'invalid', why: `login reply length ${length}` };
  if (bytes.length < 4 + length) return { kind: 'incomplete' };
  const payload = bytes.subarray(4, 4 + length);
  const consumed = 4 + length;
  switch (payload[0]) {
    case 0x00:
      return { kind: 'ok', consumed };
    case 0xff: {
      const error = readErrorPayload(payload);
      return error ? { kind: 'error', error, consumed } : { kind: 'invalid', why: 'ERR packet too short' };
    }
    case 0xfe: {
      // A lone 0xfe is the old AuthSwitchRequest of MySQL 4.0 (old_password): a plugin of its own name.
      const end = payload.indexOf(0, 1);
      const name = payload.subarray(1, end === -1 ? payload.length : end).toString('latin1');
      const plugin = length === 1 ? 'mysql_old_password' : visibleText(name, 64);
      const rest = end === -1 ? Buffer.alloc(0) : payload.subarray(end + 1);
      // The nonce is sent NUL-terminated by MySQL and MariaDB alike.
      const nonce = rest.at(-1) === 0 ? rest.subarray(0, -1) : rest;
      return { kind: 'auth-switch', plugin, data: Buffer.from(nonce), sequence, consumed };
    }
    case 0x01:
      return { kind: 'more-data', data: Buffer.from(payload.subarray(1)), sequence, consumed };
    default:
      return { kind: 'invalid', why: `login reply starts with 0x${payload[0]!.toString(16)}` };
  }
}

function packet(payload: Buffer, sequence: number): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence & 0xff;
  return Buffer.concat([header, payload]);
}

function nulTerminated(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0])]);
}

function sha(algorithm: 'sha1' | 'sha256', data: Buffer): Buffer {
  return nodeCrypto().createHash(algorithm).update(data).digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ b[i]!));
}
