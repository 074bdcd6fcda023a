/**
 * Application-protocol handshakes: what SSH, PostgreSQL, MySQL/MariaDB, Redis, SMTP, AMQP and MongoDB servers say
 * before any login, and why they refuse (SPEC §6, issue 12). protocol-check.ts runs the handshake for a protocol and
 * reads its result into one reason and the server's words: the tree's `protocol.handshake` step.
 *
 * Design, per protocol two files (STYLE.md, "Protocol handshakes: bytes in, a typed reason out"):
 *
 *   <protocol>-wire.ts       bytes ↔ typed messages, no sockets. Readers return `incomplete` until a whole
 *                            message is there and `invalid` for bytes that are not this protocol, never throw, and
 *                            make every server string visible and bounded (probes/visible-bytes).
 *   <protocol>-handshake.ts  the probe: one connection, driven by `converse` (conversation.ts), which owns the
 *                            socket, the budget's one deadline, the AbortSignal and a byte cap, and may upgrade to
 *                            TLS mid-way (PostgreSQL's `S`, SMTP's STARTTLS). The result is a discriminated union: the protocol's own
 *                            answers, each with a `reason`, plus the common `CutShort` variants (cut-short.ts) for a
 *                            failed connect, a close, a reset, silence or bytes of another protocol.
 *
 * PostgreSQL has two more: postgres-password.ts answers its authentication requests with a given password
 * (cleartext, MD5, SCRAM-SHA-256), and postgres-tls-rule.ts reads a plain and a TLS handshake together.
 *
 * The server's answer (SQLSTATE, MySQL error number, RESP error word, SMTP code, an SSH event) becomes one of our
 * stable reasons through one table, server-reasons.ts, pinned by its table test. The tree will branch on those
 * reasons and quote the server's message as evidence; it never parses the prose.
 *
 * Politeness: one connection per call; nothing is sent to server-first protocols (SSH, MySQL unless a password was
 * given); SMTP gets EHLO (HELO once if EHLO is unknown), STARTTLS when offered, then QUIT, never AUTH or
 * MAIL; a password only when given, only to test it, and never in a result. sshd counts a connection that has just closed
 * until its child has gone, so a connect check right before an SSH handshake can itself meet a low MaxStartups.
 *
 * Headless use:
 *
 *   const endpoint = { address: '127.0.0.1', family: 4, port: 5432 } as const;
 *   const result = await postgresHandshake(endpoint, { timeoutMs: 3000 }, { database: 'app' });
 *   if (result.kind === 'answered') console.log(result.reason); // 'server-rejects-client' for a pg_hba refusal
 *
 * MySQL/MariaDB log in only with a password from the URL (mysql-login.ts: mysql_native_password and
 * caching_sha2_password's fast path).
 *
 * Not done yet: MySQL login over TLS (caching_sha2_password's full authentication needs it or the server's RSA
 * key), Redis over TLS (`rediss://`), SCRAM with channel binding (-PLUS) and SASLprep, MongoDB servers before 3.6
 * (OP_QUERY isMaster).
 */

export type { AmqpHandshake } from './amqp-handshake.js';
export { amqpHandshake } from './amqp-handshake.js';
export type { CutShort } from './cut-short.js';
export type { MongoHandshake } from './mongo-handshake.js';
export { mongoHandshake } from './mongo-handshake.js';
export type { MysqlHandshake } from './mysql-handshake.js';
export { mysqlHandshake } from './mysql-handshake.js';
export type { PostgresHandshake, PostgresHandshakeOptions } from './postgres-handshake.js';
export { PLACEHOLDER_USER, postgresHandshake } from './postgres-handshake.js';
export type { AnyHandshake, ProtocolCheck, ProtocolCheckOptions, ProtocolReading } from './protocol-check.js';
export { protocolCheck } from './protocol-check.js';
export { postgresRequiresTls } from './postgres-tls-rule.js';
export type { RedisHandshake, RedisHandshakeOptions } from './redis-handshake.js';
export { redisHandshake } from './redis-handshake.js';
export type { ReasonRow, ServerReason, WireProtocol } from './server-reasons.js';
export { REASON_TABLE, reasonRow, serverReason } from './server-reasons.js';
export type { SmtpHandshake } from './smtp-handshake.js';
export { smtpHandshake } from './smtp-handshake.js';
export type { SshHandshake } from './ssh-handshake.js';
export { sshHandshake } from './ssh-handshake.js';
