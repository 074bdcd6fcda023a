import type { PhaseMarks } from '../shared/phase-timings.js';
import type { IdentifiedProtocol } from './identified-protocol.js';
import type { TcpConnectResult } from './tcp-connect.js';
import type { UntrustedBytes } from './untrusted-bytes.js';

/** A response header, bounded and made visible; `Set-Cookie`, `Authorization` and the like are redacted. */
export interface HttpHeader {
  name: string;
  value: string;
}

/** One HTTP/1.1 request over a fresh connection, as seen from the client. */
export type HttpResult =
  /** A complete status line and header block arrived. */
  | {
      kind: 'response';
      status: number;
      reason: string;
      httpVersion: string;
      headers: HttpHeader[];
      /** Body bytes read before we stopped (we read at most a small bounded amount). */
      bodyBytesRead: number;
      /** The first bytes of the body (at most 512), made visible: error pages say what went wrong here. */
      bodyPreview: string;
      marks: PhaseMarks;
    }
  /** RST before any byte of a response (ECONNRESET; curl 56 "Recv failure: Connection reset by peer"). */
  | {
      kind: 'reset-before-response';
      marks: PhaseMarks;
    }
  /** FIN with no byte at all (curl 52 "Empty reply from server"). */
  | {
      kind: 'closed-without-response';
      marks: PhaseMarks;
    }
  /** Connected and the request went out, but no byte came back within the budget. */
  | {
      kind: 'no-response';
      waitedMs: number;
      marks: PhaseMarks;
    }
  /** Bytes came back that are not HTTP: another protocol's banner or binary data. */
  | {
      kind: 'not-http';
      firstBytes: UntrustedBytes;
      protocol: IdentifiedProtocol | null;
      marks: PhaseMarks;
    }
  /** The response started like HTTP but its head never completed (closed, reset, or too slow / too big). */
  | {
      kind: 'truncated-response';
      how: 'closed' | 'reset' | 'timeout' | 'too-large';
      firstBytes: UntrustedBytes;
      marks: PhaseMarks;
    }
  /** The connection itself failed this time (it had worked for the TCP step). */
  | {
      kind: 'connect-failed';
      connect: Exclude<TcpConnectResult, { kind: 'open' }>;
    }
  /** The caller cancelled the probe. */
  | { kind: 'aborted' };
