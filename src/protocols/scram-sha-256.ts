import { nodeCrypto } from './node-crypto.js';

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding, as PostgreSQL's SASL
 * authentication uses it (https://www.postgresql.org/docs/current/sasl-authentication.html). Pure functions:
 * the handshake carries the state between the server's messages. The password is not SASLprep-normalised, so a
 * password with non-ASCII characters that normalise differently may be refused where libpq would succeed.
 */

/** `n,,`: no channel binding, no authorisation identity. */
const GS2_HEADER = 'n,,';
/**
 * PostgreSQL's default is 4096 iterations; this bounds the work a hostile server can ask of us (the hashing runs on
 * the probe's thread).
 */
const MAX_ITERATIONS = 100_000;

export interface ScramStart {
  /** `n,,n=<user>,r=<nonce>`: the SASLInitialResponse's data. */
  clientFirst: string;
  /** Kept for the proof: the first message without its GS2 header. */
  clientFirstBare: string;
  clientNonce: string;
}

/** PostgreSQL takes the user from the StartupMessage and ignores this one, so it sends an empty name. */
export function scramStart(user = '', clientNonce = nodeCrypto().randomBytes(18).toString('base64')): ScramStart {
  const clientFirstBare = `n=${user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${clientNonce}`;
  return { clientFirst: `${GS2_HEADER}${clientFirstBare}`, clientFirstBare, clientNonce };
}

export type ScramFinal =
  | /** The client-final message, and the server signature the server's last message must carry. */
  { kind: 'final'; clientFinal: string; serverSignature: string }
  | { kind: 'refused'; why: string };

/** Answers the server-first message `r=…,s=…,i=…` with the client's proof of the password. */
export function scramFinal(start: ScramStart, serverFirst: string, password: string): ScramFinal {
  const fields = new Map(serverFirst.split(',').map((field) => [field.slice(0, 1), field.slice(2)] as const));
  const nonce = fields.get('r');
  const salt = fields.get('s');
  const iterations = Number(fields.get('i'));
  if (!nonce?.startsWith(start.clientNonce) || nonce.length <= start.clientNonce.length) {
    return { kind: 'refused', why: 'the server nonce does not extend ours' };
  }
  if (!salt || !Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    return { kind: 'refused', why: 'a server-first message without a usable salt and iteration count' };
  }
  const { createHash, pbkdf2Sync } = nodeCrypto();
  const salted = pbkdf2Sync(password, Buffer.from(salt, 'base64'), iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
  const authMessage = `${start.clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = hmac(storedKey, authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ signature[i]!));
  const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
  return { kind: 'final', clientFinal: `${withoutProof},p=${proof.toString('base64')}`, serverSignature };
}

/** Whether the server-final message `v=…` proves the server knew the password too. */
export function scramVerified(serverFinal: string, expectedSignature: string): boolean {
  const given = Buffer.from(/^v=([^,]*)/.exec(serverFinal)?.[1] ?? '', 'base64');
  const expected = Buffer.from(expectedSignature, 'base64');
  return given.length === expected.length && nodeCrypto().timingSafeEqual(given, expected);
}

function hmac(key: Buffer, text: string): Buffer {
  return nodeCrypto().createHmac('sha256', key).update(text, 'utf8').digest();
}
