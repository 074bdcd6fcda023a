import type { IdentifiedProtocol } from './identified-protocol.js';
import { tlsAlertName } from './tls-alerts.js';
import { visibleBytes } from './visible-bytes.js';

/** How many bytes of a greeting line or message the evidence quotes. */
const EVIDENCE_BYTES = 120;

/**
 * Names the protocol a peer's first bytes belong to, or null when they match nothing we know. Binary signatures
 * are tried before text greetings because their headers are fixed bytes. Not detected here, on purpose: PostgreSQL's
 * one-byte `N`/`S` answer to an SSLRequest, because a lone letter proves something only in answer to that request
 * (`service-hellos.ts` reads it there).
 */
export function identifyProtocol(firstBytes: Uint8Array): IdentifiedProtocol | null {
  if (firstBytes.length === 0) return null;
  return binaryProtocol(firstBytes) ?? greeting(firstBytes);
}

/**
 * The binary signatures alone: fixed headers, so a match is whole as soon as it is there, while a text greeting may
 * still be mid-line. A banner reader stops listening on one at once instead of waiting for a quiet gap.
 */
export function binaryProtocol(b: Uint8Array): IdentifiedProtocol | null {
  return tlsRecord(b) ?? mysql(b) ?? postgresError(b) ?? http2(b) ?? amqpHeader(b);
}

/** A TLS record header: content type alert (21) or handshake (22), then version 3.0–3.4 (SSL 3.0 to TLS 1.3). */
function tlsRecord(b: Uint8Array): IdentifiedProtocol | null {
  if (b.length < 3 || (b[0] !== 0x15 && b[0] !== 0x16) || b[1] !== 0x03 || b[2]! > 0x04) return null;
  const hex = visibleBytes(b.subarray(0, 7)).hex;
  if (b[0] === 0x15) {
    const detail =
      b.length >= 7 ? `, ${b[5] === 2 ? 'fatal' : 'warning'} ${tlsAlertName(b[6]!) ?? 'alert'} (${b[6]})` : '';
    return { id: 'tls', name: 'TLS', evidence: `TLS alert record${detail}: ${hex}` };
  }
  const type = b.length >= 6 ? ({ 1: ' (ClientHello)', 2: ' (ServerHello)' } as Record<number, string>)[b[5]!] : '';
  return { id: 'tls', name: 'TLS', evidence: `TLS handshake record${type ?? ''}: ${hex}` };
}

/** A MySQL/MariaDB packet 0: initial handshake v10 with its version string, or an error sent instead of it. */
function mysql(b: Uint8Array): IdentifiedProtocol | null {
  if (b.length < 8 || b[3] !== 0) return null;
  const payloadLength = b[0]! | (b[1]! << 8) | (b[2]! << 16);
  if (payloadLength < 4 || payloadLength > 1024) return null;
  const payload = b.subarray(4, 4 + payloadLength);
  if (payload[0] === 0x0a) {
    const end = payload.indexOf(0, 1);
    const version = Buffer.from(payload.subarray(1, end)).toString('latin1');
    if (end < 2 || !/^[\x21-\x7e]+$/.test(version) || !/^\d/.test(version)) return null;
    const name = /mariadb/i.test(version) ? 'MariaDB' : 'MySQL';
    return { id: 'mysql', name, evidence: `${name} handshake v10, server version ${quote(payload.subarray(1, end))}` };
  }
  if (payload[0] === 0xff && payload.length >= 4) {
    const code = payload[1]! | (payload[2]! << 8);
    const message = Buffer.from(payload.subarray(3)).toString('latin1');
    if (code < 1000 || code > 2999 || !/^[\x20-\x7e]+$/.test(message)) return null;
    const evidence = `MySQL error ${code} before the handshake: ${quote(payload.subarray(3))}`;
    return { id: 'mysql', name: 'MySQL', evidence };
  }
  return null;
}

/** A PostgreSQL ErrorResponse (`E`, length, then `S` + severity), as sent for a bad startup packet. */
function postgresError(b: Uint8Array): IdentifiedProtocol | null {
  if (b.length < 12 || b[0] !== 0x45 || b[5] !== 0x53) return null;
  const length = ((b[1]! << 24) | (b[2]! << 16) | (b[3]! << 8) | b[4]!) >>> 0;
  const fields = Buffer.from(b.subarray(5, 1 + Math.min(length, b.length - 1)))
    .toString('latin1')
    .split('\0');
  if (length > 10_000 || !/^S(FATAL|ERROR|PANIC)$/.test(fields[0] ?? '')) return null;
  const message = fields.find((field) => field.startsWith('M'))?.slice(1) ?? fields[0]!.slice(1);
  const evidence = `PostgreSQL error: ${quote(Buffer.from(message, 'latin1'))}`;
  return { id: 'postgresql', name: 'PostgreSQL', evidence };
}

/** An HTTP/2 server preface: a SETTINGS frame on stream 0, which a cleartext (h2c) server sends first. */
function http2(b: Uint8Array): IdentifiedProtocol | null {
  if (b.length < 9 || b[3] !== 0x04 || b[4] !== 0 || b[5]! | b[6]! | b[7]! | b[8]!) return null;
  const length = (b[0]! << 16) | (b[1]! << 8) | b[2]!;
  if (length % 6 !== 0 || length > 6 * 16) return null;
  return { id: 'http2', name: 'HTTP/2', evidence: `HTTP/2 SETTINGS frame: ${visibleBytes(b.subarray(0, 9)).hex}` };
}

/**
 * An AMQP protocol header (`AMQP`, then protocol id and version): the answer an AMQP broker gives a hello it cannot
 * read (RabbitMQ answers a TLS ClientHello or an HTTP request with `AMQP 0 0 9 1`, the version it speaks, and closes).
 */
function amqpHeader(b: Uint8Array): IdentifiedProtocol | null {
  if (b.length < 8 || Buffer.from(b.subarray(0, 4)).toString('latin1') !== 'AMQP' || b[4]! > 3) return null;
  const version = [...b.subarray(4, 8)].join('-');
  return {
    id: 'amqp',
    name: 'AMQP',
    evidence: `AMQP protocol header ${version}: ${visibleBytes(b.subarray(0, 8)).text}`,
  };
}

/** Text protocols, recognised by their first line. */
function greeting(b: Uint8Array): IdentifiedProtocol | null {
  const newline = b.indexOf(0x0a);
  let end = newline === -1 ? b.length : newline;
  if (end > 0 && b[end - 1] === 0x0d) end--;
  const line = Buffer.from(b.subarray(0, Math.min(end, 512))).toString('latin1');
  const evidence = quote(b.subarray(0, end));
  const found = (id: string, name: string): IdentifiedProtocol => ({ id, name, evidence });

  if (/^SSH-\d+\.\d+-/.test(line)) return found('ssh', 'SSH');
  if (/^HTTP\/(1\.[01]|2(\.0)?|3) /.test(line)) return found('http', 'HTTP');
  if (/^220[ -]/.test(line)) {
    // 220 opens both SMTP and FTP sessions; only the words after it tell them apart.
    if (/\b(E?SMTP|Postfix|Exim|Sendmail)\b/i.test(line)) return found('smtp', 'SMTP');
    if (/FTP|FileZilla/i.test(line)) return found('ftp', 'FTP');
    return found('smtp-or-ftp', 'SMTP or FTP');
  }
  if (/^\+OK(\s|$)/.test(line)) return found('pop3', 'POP3');
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(line)) return found('imap', 'IMAP');
  // Redis is client-first: these are its answers to the request we sent (an inline command to it).
  if (/^(-ERR|-NOAUTH|-DENIED|-WRONGPASS|\+PONG)\b/.test(line)) return found('redis', 'Redis');
  if (/^RFB \d{3}\.\d{3}$/.test(line)) return found('vnc', 'VNC');
  return null;
}

/** Bytes quoted as evidence: made visible, bounded, with `…` when cut. */
function quote(bytes: Uint8Array): string {
  const shown = visibleBytes(bytes, EVIDENCE_BYTES).text;
  return bytes.length > EVIDENCE_BYTES ? `${shown}…` : shown;
}
