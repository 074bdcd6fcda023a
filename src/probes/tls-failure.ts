import { identifyProtocol } from './identify-protocol.js';
import { errnoOf } from './socket-error.js';
import { tlsAlertName, tlsAlertNameInCode } from './tls-alerts.js';
import type { TlsAlert, TlsMarks, TlsResult } from './tls-result.js';
import { visibleBytes, visibleText } from './visible-bytes.js';

/** What the connection showed when the handshake failed. */
export interface HandshakeFailure {
  /** The error TLS emitted. */
  error: unknown;
  /** The first bytes the server sent. */
  firstBytes: Buffer;
  /** Whether the server ended the connection, and how. */
  ended: 'closed' | 'reset' | null;
  marks: TlsMarks;
}

/** Whether bytes start like a TLS record: content type 20–24 (change_cipher_spec … heartbeat), then major version 3. */
export function startsLikeTls(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes[0]! >= 0x14 && bytes[0]! <= 0x18 && (bytes.length < 2 || bytes[1] === 0x03);
}

/**
 * Turns a failed handshake into its outcome, ordered most-specific first: bytes that are not TLS mean a
 * plain-text port, whatever error OpenSSL raised about them; then an alert the server sent; then the connection
 * ending under us (Node reports FIN and RST both as ECONNRESET, so the socket's own record tells them apart);
 * anything else is our side refusing what it got.
 */
export function handshakeFailure({ error, firstBytes, ended, marks }: HandshakeFailure): TlsResult {
  const code = errnoOf(error);
  if (firstBytes.length > 0 && !startsLikeTls(firstBytes)) return plaintextReply(firstBytes, code, marks);
  const alert = alertOf(error);
  if (alert) return { kind: 'alert', alert, stage: 'handshake', session: null, marks };
  if (ended !== null || code === 'ECONNRESET' || code === 'EPIPE') {
    const firstShown = firstBytes.length > 0 ? visibleBytes(firstBytes) : null;
    return { kind: 'closed-during-handshake', how: ended ?? 'reset', firstBytes: firstShown, marks };
  }
  return { kind: 'handshake-error', code, reason: reasonOf(error), marks };
}

/** Plain bytes where a ServerHello should be, named if we know their protocol. */
export function plaintextReply(firstBytes: Buffer, code: string | null, marks: TlsMarks): TlsResult {
  return {
    kind: 'plaintext-reply',
    code,
    firstBytes: visibleBytes(firstBytes),
    protocol: identifyProtocol(firstBytes),
    marks,
  };
}

/**
 * The codes Node gives a received alert, after OpenSSL's reason for it. OpenSSL 3.5 (Node 22 and 24) renamed the
 * `sslv3 alert …` reasons to `ssl/tls alert …`, so the same handshake_failure is `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE`
 * on Node 20 and `ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE` on Node 22 and 24; `TLSV1_` and `TLSV13_` kept their names.
 */
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|SSL\/TLS|TLSV1|TLSV13)_ALERT_/;

/**
 * The alert in a TLS error, or null when it is none. OpenSSL ends the message with `SSL alert number N`, and Node
 * puts the alert in the code (`ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION`); either is enough. The code is kept as this
 * runtime spelled it (it is what the user's own Node program prints); the number and its RFC name are the same on
 * every runtime.
 */
export function alertOf(error: unknown): TlsAlert | null {
  const code = errnoOf(error);
  const message = String((error as { message?: unknown } | null)?.message ?? '');
  const number = /SSL alert number (\d+)/.exec(message)?.[1];
  if (number === undefined && !ALERT_CODE.test(code)) return null;
  const alertNumber = number === undefined ? null : Number(number);
  const description = (alertNumber === null ? tlsAlertNameInCode(code) : tlsAlertName(alertNumber)) ?? reasonOf(error);
  return { code, number: alertNumber, description };
}

/** OpenSSL's short reason (`wrong version number`), local text but bounded all the same. */
function reasonOf(error: unknown): string {
  const reason = (error as { reason?: unknown } | null)?.reason;
  const message = (error as { message?: unknown } | null)?.message;
  return visibleText(typeof reason === 'string' ? reason : typeof message === 'string' ? message : 'unknown', 200);
}
