import type { HttpResult } from './http-result.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import type { PhaseMarks } from '../shared/phase-timings.js';
import type { ConnectFailure } from './tcp-connect.js';
import type { TlsResult } from './tls-result.js';
import type { UntrustedBytes } from './untrusted-bytes.js';

/** How the request went to the proxy: an absolute-form `GET` for http targets, `CONNECT` for https and tcp ones. */
export type ProxyMethod = 'GET' | 'CONNECT';

/** A complete answer, parsed as `httpRequest` parses one: bounded, visible, secrets redacted. */
export type ProxyResponse = Extract<HttpResult, { kind: 'response' }>;

/** One request to the target through an HTTP proxy, as the client saw it. */
export type ProxyResult =
  | /**
   * CONNECT got a 2xx: the proxy opened a tunnel to the target. For an https target, `tls` is the handshake made
   * through it (with its own marks, from the moment the tunnel opened); null for a tcp target.
   */
  {
      kind: 'tunnel-established';
      response: ProxyResponse;
      tls: TlsResult | null;
    }
  /** 407: the proxy wants credentials; none were sent, or it refused those that were. */
  | {
      kind: 'proxy-auth-required';
      method: ProxyMethod;
      credentialsSent: boolean;
      /** The `Proxy-Authenticate` challenge (`Basic realm="…"`), made visible; null when the proxy sent none. */
      challenge: string | null;
      response: ProxyResponse;
    } /**
   * Any other status. To CONNECT it is the proxy's own refusal (403 by policy, 502 when it could not reach the
   * target). To a GET it may be the proxy's (403, 502, 504) or the target's, relayed (200, 404): compare with
   * the direct answer, and look for `Via` or a proxy's `Server` in the headers.
   */
  | {
      kind: 'proxy-answered';
      method: ProxyMethod;
      status: number;
      response: ProxyResponse;
    }
  /** RST to the SYN: nothing listens where the proxy variable points. */
  | {
      kind: 'proxy-refused-connect';
      connect: ConnectFailure;
    }
  /** The proxy could not be reached otherwise: SYN unanswered, ICMP unreachable, no route. */
  | { kind: 'proxy-unreachable'; connect: ConnectFailure }
  /** FIN before any byte of an answer. */
  | { kind: 'proxy-closed'; method: ProxyMethod; marks: PhaseMarks }
  /** RST before any byte of an answer. */
  | {
      kind: 'proxy-reset';
      method: ProxyMethod;
      marks: PhaseMarks;
    }
  /** Connected and the request went out, but no byte came back within the budget. */
  | {
      kind: 'proxy-silent';
      method: ProxyMethod;
      waitedMs: number;
      marks: PhaseMarks;
    }
  /** The port answered in bytes that are not HTTP: the variable points at another service (SSH, a database, TLS). */
  | {
      kind: 'not-a-proxy';
      method: ProxyMethod;
      firstBytes: UntrustedBytes;
      protocol: IdentifiedProtocol | null;
      marks: PhaseMarks;
    }
  /** An answer started like HTTP but its head never completed (closed, reset, too slow or too big). */
  | {
      kind: 'proxy-truncated';
      method: ProxyMethod;
      how: 'closed' | 'reset' | 'timeout' | 'too-large';
      firstBytes: UntrustedBytes;
      marks: PhaseMarks;
    }
  /** The caller cancelled the probe. */
  | { kind: 'aborted' };
