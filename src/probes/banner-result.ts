import type { IdentifiedProtocol } from './identified-protocol.js';
import type { TcpConnectResult } from './tcp-connect.js';
import type { UntrustedBytes } from './untrusted-bytes.js';

/** What a server says first, before the client sends anything (SSH, SMTP, FTP, MySQL, POP3, IMAP do). */
export type BannerResult =
  /** The server spoke first. */
  | {
      kind: 'banner';
      bytes: UntrustedBytes;
      protocol: IdentifiedProtocol | null;
      afterMs: number;
      /** The connection was handed over open, for the handshake that follows (BannerOptions.handOver). */
      handedOver?: true;
    }
  /** Nothing within the wait: normal for client-first protocols (HTTP, TLS, Redis, PostgreSQL). */
  | { kind: 'silent'; waitedMs: number }
  /** FIN with no byte: the server closed the connection without a word. */
  | { kind: 'closed'; afterMs: number }
  /** RST after the handshake: the server aborted the connection. */
  | { kind: 'reset'; afterMs: number }
  | { kind: 'connect-failed'; connect: Exclude<TcpConnectResult, { kind: 'open' }> }
  | { kind: 'aborted' };
