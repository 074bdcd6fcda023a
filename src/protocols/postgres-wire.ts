import { nodeCrypto } from './node-crypto.js';
import { visibleText } from '../probes/visible-bytes.js';

/**
 * PostgreSQL's frontend/backend protocol 3.0, as far as the start of a session
 * (https://www.postgresql.org/docs/current/protocol-message-formats.html): bytes in, typed messages out, and the
 * few messages a client sends first. No sockets here.
 */

/** The SSLRequest code, 1234 in the high half and 5679 in the low half (`04 d2 16 2f`). */
const SSL_REQUEST_CODE = 80877103;
/** Protocol 3.0 in a StartupMessage. */
const PROTOCOL_3_0 = 196608;
/** No startup-phase message is near this; a larger length means these are not PostgreSQL's bytes. */
const MAX_MESSAGE = 64 * 1024;
/** How many characters of a server's text field we keep: the message, detail and hint are one or two lines. */
const TEXT_CHARS = 300;

export function sslRequest(): Buffer {
  const message = Buffer.alloc(8);
  message.writeInt32BE(8, 0);
  message.writeInt32BE(SSL_REQUEST_CODE, 4);
  return message;
}

/** A StartupMessage with these parameters (`user` is required by the server; `database` defaults to it). */
export function startupMessage(parameters: Readonly<Record<string, string>>): Buffer {
  const pairs = Object.entries(parameters).flat();
  const body = Buffer.from(`${pairs.join('\0')}\0\0`, 'utf8');
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([header, body]);
}

/** A PasswordMessage carrying `text` (the password itself, or an MD5 answer). */
export function passwordMessage(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('p', 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** SASLInitialResponse: the mechanism chosen and the client's first message. */
export function saslInitialResponse(mechanism: string, data: string): Buffer {
  const name = Buffer.from(`${mechanism}\0`, 'utf8');
  const body = Buffer.from(data, 'utf8');
  const header = Buffer.alloc(5);
  header.write('p', 0, 'latin1');
  header.writeInt32BE(4 + name.length + 4 + body.length, 1);
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length);
  return Buffer.concat([header, name, length, body]);
}

/** SASLResponse: the client's next message, as is. */
export function saslResponse(data: string): Buffer {
  const body = Buffer.from(data, 'utf8');
  const header = Buffer.alloc(5);
  header.write('p', 0, 'latin1');
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** The MD5 answer: `md5` + md5(md5(password + user) + salt), as hex. */
export function md5Answer(user: string, password: string, salt: Uint8Array): string {
  const { createHash } = nodeCrypto();
  const inner = createHash('md5').update(password, 'utf8').update(user, 'utf8').digest('hex');
  return `md5${createHash('md5').update(inner, 'latin1').update(salt).digest('hex')}`;
}

/** Terminate: the polite end of a session that reached ReadyForQuery. */
export function terminateMessage(): Buffer {
  return Buffer.from('5800000004', 'hex');
}

/** The one-byte answer to an SSLRequest. */
export type SslAnswer =
  | /** `S`: the server will speak TLS on this connection. */
  { kind: 'tls-accepted' }
  /** `N`: no TLS here; the client may go on in plain text. */
  | { kind: 'tls-refused' }
  /** An ErrorResponse (`E`) instead: servers before 9.x, or one that rejects the request itself. */
  | { kind: 'error-instead' };

/** Reads the answer to an SSLRequest from the first byte, or null when that byte is none of them. */
export function readSslAnswer(first: number): SslAnswer | null {
  if (first === 0x53) return { kind: 'tls-accepted' };
  if (first === 0x4e) return { kind: 'tls-refused' };
  if (first === 0x45) return { kind: 'error-instead' };
  return null;
}

/** What an AuthenticationRequest asks for (message `R`). */
export type AuthRequest =
  | /** AuthenticationOk: the rules let this client in without (more) credentials. */
  { kind: 'ok' }
  | { kind: 'cleartext-password' }
  /** MD5 with the 4-byte salt the answer needs. */
  | { kind: 'md5-password'; salt: Buffer }
  /** SASL with the mechanisms offered (`SCRAM-SHA-256`, `SCRAM-SHA-256-PLUS`). */
  | { kind: 'sasl'; mechanisms: string[] }
  /** The server's next SASL message (SCRAM's server-first), kept as sent: the proof is computed over it. */
  | { kind: 'sasl-continue'; data: string }
  /** The server's last SASL message (SCRAM's `v=` signature). */
  | { kind: 'sasl-final'; data: string }
  /** GSSAPI, SSPI or Kerberos V5: single sign-on that a probe cannot answer. */
  | { kind: 'gss' | 'sspi' | 'kerberos' }
  | { kind: 'other'; code: number };

/** The fields of an ErrorResponse or NoticeResponse that say why, made visible and bounded. */
export interface ServerMessageFields {
  /** The non-localised severity (`V`, 9.6+), else the localised one (`S`): `FATAL`, `ERROR`, … */
  severity: string;
  /** SQLSTATE (`C`), e.g. `28000`. */
  code: string;
  /** The primary message (`M`). */
  message: string;
  detail: string | null;
  hint: string | null;
}

/** One message from the server, as far as the start of a session needs. */
export type BackendMessage =
  | { type: 'authentication'; request: AuthRequest }
  | { type: 'error'; fields: ServerMessageFields }
  | { type: 'notice'; fields: ServerMessageFields }
  /** ParameterStatus: a run-time setting the server reports (`server_version`, `in_hot_standby`, …). */
  | { type: 'parameter'; name: string; value: string }
  /** BackendKeyData: its cancel key is a secret of this session, so it is not kept. */
  | { type: 'backend-key' }
  /** ReadyForQuery, with the transaction status (`I` idle). */
  | { type: 'ready'; status: string }
  | { type: 'other'; tag: string };

export type ReadResult =
  | { kind: 'message'; message: BackendMessage; size: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads the message at the start of `data`. */
export function readBackendMessage(data: Uint8Array): ReadResult {
  if (data.length < 5) return { kind: 'incomplete' };
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const tag = String.fromCharCode(view[0]!);
  const length = view.readUInt32BE(1);
  if (!/^[A-Za-z]$/.test(tag)) return { kind: 'invalid', why: `message type byte 0x${view[0]!.toString(16)}` };
  if (length < 4 || length > MAX_MESSAGE) return { kind: 'invalid', why: `message length ${length}` };
  if (view.length < 1 + length) return { kind: 'incomplete' };
  const body = view.subarray(5, 1 + length);
  const message = parseBody(tag, body);
  return message ? { kind: 'message', message, size: 1 + length } : { kind: 'invalid', why: `malformed '${tag}'` };
}

function parseBody(tag: string, body: Buffer): BackendMessage | null {
  switch (tag) {
    case 'R':
      return body.length >= 4 ? { type: 'authentication', request: authRequest(body) } : null;
    case 'E':
    case 'N': {
      const fields = messageFields(body);
      return { type: tag === 'E' ? 'error' : 'notice', fields };
    }
    case 'S': {
      const [name = '', value = ''] = body.toString('utf8').split('\0');
      return { type: 'parameter', name: visibleText(name, 64), value: visibleText(value, TEXT_CHARS) };
    }
    case 'K':
      return { type: 'backend-key' };
    case 'Z':
      return body.length >= 1 ? { type: 'ready', status: visibleText(String.fromCharCode(body[0]!)) } : null;
    default:
      return { type: 'other', tag };
  }
}

/** The requests that carry nothing but their code. */
const AUTH_KINDS: Record<number, 'ok' | 'kerberos' | 'cleartext-password' | 'gss' | 'sspi'> = {
  0: 'ok',
  2: 'kerberos',
  3: 'cleartext-password',
  7: 'gss',
  9: 'sspi',
};

function authRequest(body: Buffer): AuthRequest {
  const code = body.readUInt32BE(0);
  if (code === 5 && body.length >= 8) return { kind: 'md5-password', salt: Buffer.from(body.subarray(4, 8)) };
  if (code === 10) {
    const mechanisms = body
      .subarray(4)
      .toString('utf8')
      .split('\0')
      .filter((name) => name.length > 0)
      .slice(0, 8)
      .map((name) => visibleText(name, 64));
    return { kind: 'sasl', mechanisms };
  }
  // SASL messages are ASCII (RFC 5802); kept raw and bounded, because SCRAM's proof covers their exact bytes.
  if (code === 11 || code === 12) {
    const data = body.subarray(4, 4 + 1024).toString('latin1');
    return code === 11 ? { kind: 'sasl-continue', data } : { kind: 'sasl-final', data };
  }
  const kind = AUTH_KINDS[code];
  return kind === undefined ? { kind: 'other', code } : { kind };
}

/** Error and notice fields: a type byte, then a NUL-ended string, until a lone NUL. */
function messageFields(body: Buffer): ServerMessageFields {
  const byType = new Map<string, string>();
  for (const field of body.toString('utf8').split('\0')) {
    if (field.length > 0 && !byType.has(field[0]!)) byType.set(field[0]!, field.slice(1));
  }
  const text = (type: string) => {
    const value = byType.get(type);
    return value === undefined ? null : visibleText(value, TEXT_CHARS);
  };
  return {
    severity: text('V') ?? text('S') ?? '',
    code: text('C') ?? '',
    message: text('M') ?? '',
    detail: text('D'),
    hint: text('H'),
  };
}

/**
 * Which encryption a pg_hba rejection (SQLSTATE 28000) says the connection used: the message ends with
 * `no encryption` / `SSL encryption` / `GSS encryption` (PostgreSQL 14+) or `SSL off` / `SSL on` (before).
 * Null when the message names none (another 28000, or a translated message).
 */
export function hbaEncryption(message: string): 'none' | 'ssl' | 'gss' | null {
  if (/(no encryption|SSL off)$/.test(message)) return 'none';
  if (/(SSL encryption|SSL on)$/.test(message)) return 'ssl';
  if (/GSS encryption$/.test(message)) return 'gss';
  return null;
}
