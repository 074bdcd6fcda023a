import type { IdentifiedProtocol } from './identified-protocol.js';
import type { ConnectFailure } from './tcp-connect.js';
import type { UntrustedBytes } from './untrusted-bytes.js';

/** How a service gave itself away: its own greeting, or its answer to one of our harmless hellos. */
export type IdentifyMethod = 'banner' | 'tls-hello' | 'http-hello' | 'redis-ping' | 'postgres-ssl-request';

/** What one attempt, on its own connection or the one the connect check kept, saw. */
export interface IdentifyAttempt {
  how: IdentifyMethod;
  outcome: /** The reply named a protocol. */
    | 'identified'
    /** Bytes came back that match no protocol we know. */
    | 'unrecognised'
    /** Nothing came back within the attempt's share of the budget. */
    | 'silent'
    /** FIN with no recognisable reply. */
    | 'closed'
    /** RST with no recognisable reply. */
    | 'reset';
  /** The first bytes that came back, when any did and they are worth showing (not for a TLS session). */
  reply: UntrustedBytes | null;
  /**
   * When the caller asked the hello to go on once its reply named the protocol (a `HelloFollowUp`): what came back
   * to the follow-up on the same connection, null when nothing did. Absent when no follow-up was sent.
   */
  continued?: UntrustedBytes | null;
  /**
   * The attempt went on the connection the connect check kept (connection-parking.ts), not on one of its own.
   * Absent otherwise.
   */
  onConnectCheck?: true;
  /** A greeting listen left its connection open for the handshake that followed (MySQL), instead of closing it. */
  handedOver?: true;
}

/**
 * What speaks on a port, found by a listen for a greeting and hellos, one connection each, in rounds
 * (identify-service-order.ts). `tried` lists the attempts that ended, in the order they were planned; an attempt
 * cancelled because another had named the protocol is not among them.
 */
export type ServiceIdentity =
  /** A banner or a reply named the protocol; `tried` lists the attempts that ended, the winning one last. */
  | {
      kind: 'identified';
      protocol: IdentifiedProtocol;
      how: IdentifyMethod;
      tried: IdentifyAttempt[];
    }
  /** Every attempt ran and none was recognised. */
  | {
      kind: 'unknown';
      tried: IdentifyAttempt[];
    }
  /** A connection failed (the port stopped accepting); the attempts before it are kept. */
  | { kind: 'connect-failed'; connect: ConnectFailure; tried: IdentifyAttempt[] }
  /** The caller cancelled. */
  | { kind: 'aborted' };
