import type { IdentifiedProtocol } from './identified-protocol.js';
import type { ConnectFailure } from './tcp-connect.js';
import type { UntrustedBytes } from './untrusted-bytes.js';

/** One certificate the server presented. Certificates are untrusted input: every string is made visible and capped. */
export interface CertificateSummary {
  /** Distinguished name, `CN=localhost, O=Example`. */
  subject: string;
  issuer: string;
  /** `DNS:localhost`, `IP Address:127.0.0.1`, … (at most 100). */
  subjectAltNames: string[];
  /** ISO-8601 instants of notBefore and notAfter. */
  validFrom: string;
  validTo: string;
  /** Whole days until notAfter; negative once expired. */
  daysLeft: number;
  /** Issued and signed by its own key (a root, or a certificate someone made for themselves). */
  selfSigned: boolean;
  /** Upper-case hex, as OpenSSL prints it. */
  serialNumber: string;
  /** SHA-256 of the DER, `AB:CD:…`: what to compare with `openssl x509 -fingerprint -sha256`. */
  fingerprint256: string;
}

/** How the certificate was judged, the way the user's clients judge it: against their trust store and the name asked for. */
export interface TlsVerification {
  /**
   * OpenSSL's verify code for the chain, exactly as Node names it (`DEPTH_ZERO_SELF_SIGNED_CERT`,
   * `SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_GET_ISSUER_CERT_LOCALLY`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
   * `CERT_HAS_EXPIRED`, `CERT_NOT_YET_VALID`, …); null when the chain verifies.
   */
  chainError: string | null;
  /** The name the certificate was checked against: the SNI name, or the address dialled when there is none. */
  checkedName: string;
  /** Set when the certificate does not name `checkedName`: Node's code (`ERR_TLS_CERT_ALTNAME_INVALID`) and reason. */
  hostnameError: { code: string; reason: string } | null;
}

/** What a completed handshake established. */
export interface TlsSession {
  /** `TLSv1.3`, `TLSv1.2`, … */
  protocol: string;
  /** OpenSSL's cipher name, `TLS_AES_256_GCM_SHA384`. */
  cipher: string;
  /** The ALPN protocol the server chose (`h2`, `http/1.1`), or null when it chose none. */
  alpn: string | null;
  /** Leaf first, then its issuers as far as they are known (at most 10). */
  chain: CertificateSummary[];
  verification: TlsVerification;
}

/** A TLS alert: the server's way to refuse the session. */
export interface TlsAlert {
  /**
   * Node's error code for it, as this runtime spells it: e.g. `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE` (Node 20),
   * `ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE` (Node 22 and 24, OpenSSL 3.5), `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`.
   */
  code: string;
  /** The alert number on the wire (40, 70, 116, …), when Node reported it. */
  number: number | null;
  /** Its RFC name (`handshake_failure`, `protocol_version`, `certificate_required`), or OpenSSL's words for it. */
  description: string;
}

/** What happened in the short watch after a TLS 1.3 handshake, where a refused client certificate only shows. */
export type PostHandshake =
  /** The server issued a session ticket, which it does once it has accepted the whole handshake. */
  | 'session-ticket'
  /** Nothing within the watch: the server waits for a request, and sent no refusal. */
  | 'quiet'
  /** The server sent application data (a server-first protocol's greeting). */
  | 'data'
  /** FIN without an alert. */
  | 'closed'
  /** RST without an alert. */
  | 'reset';

/** PhaseMarks-style moments, in ms since the probe started: `secureAt - connectedAt` is curl's appconnect - connect. */
export interface TlsMarks {
  connectedAt: number;
  /** Handshake finished (OpenSSL done, chain checked: Node's `'secure'`); null when it never did. */
  secureAt: number | null;
  doneAt: number;
}

/** One TLS handshake over a fresh connection, as the client saw it. */
export type TlsResult =
  /** The handshake finished; whether the certificate is trusted is in `session.verification`. */
  | {
      kind: 'secure';
      session: TlsSession;
      handshakeMs: number;
      /** TLS 1.3 only (null otherwise): what came in the brief watch after the handshake. */
      postHandshake: PostHandshake | null;
      marks: TlsMarks;
    } /**
   * The server sent a fatal alert. `stage: 'after-handshake'` is TLS 1.3's way to refuse a missing client
   * certificate: the client's handshake completes, then `certificate_required` arrives; `session` holds what the
   * handshake had established. A separate kind, not a flag on `secure`, so no consumer can mistake it for success.
   */
  | {
      kind: 'alert';
      alert: TlsAlert;
      stage: 'handshake' | 'after-handshake';
      session: TlsSession | null;
      marks: TlsMarks;
    } /**
   * The server answered the ClientHello with bytes that are not TLS: a plain-text port (`HTTP/1.1 400 Bad Request`,
   * an SSH banner). `code` is Node's error (`ERR_SSL_WRONG_VERSION_NUMBER`, `ERR_SSL_PACKET_LENGTH_TOO_LONG`), or
   * null when the peer sent too few bytes for OpenSSL to judge before it closed or the budget ran out.
   */
  | {
      kind: 'plaintext-reply';
      code: string | null;
      firstBytes: UntrustedBytes;
      protocol: IdentifiedProtocol | null;
      marks: TlsMarks;
    }
  /** FIN or RST before the handshake finished, with no alert: e.g. a plain-text server that gave up on our hello. */
  | {
      kind: 'closed-during-handshake';
      how: 'closed' | 'reset';
      firstBytes: UntrustedBytes | null;
      marks: TlsMarks;
    }
  /** Our side gave up on what the server sent (malformed records, a version or cipher we refuse): Node's code. */
  | {
      kind: 'handshake-error';
      code: string;
      reason: string;
      marks: TlsMarks;
    }
  /** Connected, ClientHello sent, and the handshake did not finish within the budget (nothing, or too little, came back). */
  | {
      kind: 'no-response';
      waitedMs: number;
      firstBytes: UntrustedBytes | null;
      marks: TlsMarks;
    }
  /** The TCP connection itself failed. */
  | { kind: 'connect-failed'; connect: ConnectFailure }
  /** The caller cancelled the probe. */
  | { kind: 'aborted' };
