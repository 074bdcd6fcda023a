import type { PostgresHandshake } from './postgres-handshake.js';

/**
 * Whether PostgreSQL requires TLS of this client (`hostssl` lines only): its rules refused a plain-text session
 * (28000 naming no encryption) and let the same user and database past them over TLS, whatever came next (a
 * password request, a session, a missing role). Reads two handshakes of the same target, plain and with TLS.
 */
export function postgresRequiresTls(plain: PostgresHandshake, secure: PostgresHandshake): boolean {
  if (plain.kind !== 'answered' || plain.tls === 'accepted') return false;
  const refusedInPlain =
    plain.answer.kind === 'error' && plain.answer.error.code === '28000' && plain.answer.hbaEncryption === 'none';
  if (!refusedInPlain || secure.kind !== 'answered' || secure.tls !== 'accepted') return false;
  return secure.reason !== 'server-rejects-client';
}
