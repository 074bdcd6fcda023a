import { visibleText } from '../probes/visible-bytes.js';

/**
 * MySQL's and MariaDB's client/server protocol, as far as the server's first packet
 * (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html,
 * https://mariadb.com/kb/en/connection/): the initial handshake v10, or the ERR packet sent instead of it when the
 * server refuses the client before any login (1130 host not allowed, 1129 host blocked, 1040 too many connections).
 */

/** The client can do TLS (SSLRequest) when the server's capability flags have this bit. */
export const CLIENT_SSL = 0x0800;
const CLIENT_PLUGIN_AUTH = 0x0008_0000;
/** The first packet is small; a larger length means these are not MySQL's bytes. */
const MAX_FIRST_PACKET = 1024;
/** MariaDB 10+ puts this prefix before its real version, for old clients that expect 5.x. */
const MARIADB_PREFIX = '5.5.5-';

/** The initial handshake v10, as far as a diagnosis needs it. */
export interface MysqlGreeting {
  /** As the server states it, made visible (`10.11.19-MariaDB-0+deb12u1`, the `5.5.5-` prefix removed). */
  serverVersion: string;
  mariadb: boolean;
  connectionId: number;
  /** The capability flags, lower and upper halves joined. */
  capabilities: number;
  /** The server offers TLS (CLIENT_SSL). */
  tls: boolean;
  /** The default authentication plugin (`mysql_native_password`, `caching_sha2_password`), when named. */
  authPlugin: string | null;
}

/** An ERR packet: the error number, the SQLSTATE when the `#` marker is there, and the message. */
export interface MysqlError {
  code: number;
  sqlState: string | null;
  message: string;
}

export type MysqlFirstPacket =
  | /** `scramble` is the nonce a login answers (auth plugin data, parts 1 and 2): for the login, never reported. */
  { kind: 'greeting'; greeting: MysqlGreeting; scramble: Buffer }
  | { kind: 'error'; error: MysqlError }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads the server's first packet (sequence 0) from the start of `data`. */
export function readFirstPacket(data: Uint8Array): MysqlFirstPacket {
  if (data.length < 4) return { kind: 'incomplete' };
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const length = bytes.readUIntLE(0, 3);
  if (bytes[3] !== 0) return { kind: 'invalid', why: `first packet has sequence number ${bytes[3]}` };
  if (length < 1 || length > MAX_FIRST_PACKET) return { kind: 'invalid', why: `first packet length ${length}` };
  if (bytes.length < 4 + length) return { kind: 'incomplete' };
  const payload = bytes.subarray(4, 4 + length);
  if (payload[0] === 0xff) {
    const error = readErrorPayload(payload);
    return error ? { kind: 'error', error } : { kind: 'invalid', why: 'ERR packet too short' };
  }
  if (payload[0] === 0x0a) return readGreeting(payload);
  return { kind: 'invalid', why: `first packet starts with 0x${payload[0]!.toString(16)}` };
}

/** An ERR packet's payload (0xff first), or null when it is too short to hold an error number. */
export function readErrorPayload(payload: Buffer): MysqlError | null {
  if (payload.length < 3) return null;
  const code = payload.readUInt16LE(1);
  const marked = payload[3] === 0x23 && payload.length >= 9;
  const sqlState = marked ? payload.subarray(4, 9).toString('latin1') : null;
  const message = payload.subarray(marked ? 9 : 3).toString('utf8');
  return { code, sqlState: sqlState && visibleText(sqlState), message: visibleText(message, 300) };
}

function readGreeting(payload: Buffer): MysqlFirstPacket {
  const versionEnd = payload.indexOf(0, 1);
  // Version, then connection id (4), auth data part 1 (8), a filler (1) and the lower capability flags (2).
  if (versionEnd === -1 || payload.length < versionEnd + 1 + 15) return { kind: 'invalid', why: 'handshake too short' };
  let version = payload.subarray(1, versionEnd).toString('latin1');
  let at = versionEnd + 1;
  const connectionId = payload.readUInt32LE(at);
  const scrambleStart = payload.subarray(at + 4, at + 12);
  let scrambleRest: Buffer = Buffer.alloc(0);
  at += 4 + 8 + 1;
  let capabilities = payload.readUInt16LE(at);
  at += 2;
  let authPlugin: string | null = null;
  // Charset (1), status (2), upper capability flags (2), auth data length (1), reserved (10), auth data part 2.
  if (payload.length >= at + 16) {
    capabilities |= payload.readUInt16LE(at + 3) << 16;
    const authDataLength = payload[at + 5]!;
    // Part 2 is max(13, length - 8) bytes, the last a NUL that is not part of the nonce.
    const restLength = Math.max(13, authDataLength - 8);
    scrambleRest = payload.subarray(at + 16, Math.min(payload.length, at + 16 + restLength - 1));
    at += 16 + restLength;
    if (capabilities & CLIENT_PLUGIN_AUTH && at < payload.length) {
      const end = payload.indexOf(0, at);
      authPlugin = visibleText(payload.subarray(at, end === -1 ? payload.length : end).toString('latin1'), 64);
    }
  }
  const mariadb = /mariadb/i.test(version);
  if (mariadb && version.startsWith(MARIADB_PREFIX)) version = version.slice(MARIADB_PREFIX.length);
  const greeting: MysqlGreeting = {
    serverVersion: visibleText(version, 100),
    mariadb,
    connectionId,
    capabilities: capabilities >>> 0,
    tls: (capabilities & CLIENT_SSL) !== 0,
    authPlugin,
  };
  return { kind: 'greeting', greeting, scramble: Buffer.concat([scrambleStart, scrambleRest]) };
}
