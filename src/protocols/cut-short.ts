import type { ConnectFailure } from '../probes/tcp-connect.js';
import type { UntrustedBytes } from '../probes/untrusted-bytes.js';

/**
 * How a handshake ended before the server gave a protocol answer. Every handshake probe's result includes these
 * variants next to its own, so the tree reads a missing answer the same way for every protocol.
 */
export type CutShort =
  | /** The TCP connect itself failed (refused, unreachable, timed out). */
  { kind: 'connect-failed'; connect: ConnectFailure }
  /** The caller cancelled. */
  | { kind: 'aborted' }
  /** Connected, but no complete answer came within the budget; `received` holds any partial bytes. */
  | { kind: 'no-answer'; waitedMs: number; received: UntrustedBytes | null }
  /** The server closed (FIN) before a complete answer; `afterMs` counts from the connect. */
  | { kind: 'closed'; afterMs: number; received: UntrustedBytes | null }
  /** The server reset (RST) the connection before a complete answer. */
  | { kind: 'reset'; afterMs: number; received: UntrustedBytes | null }
  /** The bytes that came back are not this protocol (or overflow what any answer of it needs). */
  | { kind: 'not-this-protocol'; afterMs: number; received: UntrustedBytes; why: string }
  /** A TLS upgrade the protocol asked for failed (PostgreSQL after `S`); `code` is Node's or OpenSSL's. */
  | { kind: 'tls-failed'; afterMs: number; code: string; message: string };
