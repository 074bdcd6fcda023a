import type { HttpResult } from '../probes/http-result.js';
import type { PhaseMarks } from '../shared/phase-timings.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TlsSession } from '../probes/tls-result.js';
import {
  arrow,
  bytesLabel,
  capText,
  connectArrows,
  handshake,
  note,
  quoted,
  secondConnect,
  unknownKind,
  type ExchangeArrow,
} from './exchange-arrows.js';
import { formatDuration } from './format-duration.js';
import { clientHello, serverHello } from './tls-arrows.js';

/** How the request travelled: in plain text, or over TLS (with the session the handshake step saw, when it got one). */
export type Transport = { tls: false } | { tls: true; session: TlsSession | null };

/** The HTTP probe's own connection: handshake(s), request, and what came back. `open` is the address it used. */
export function httpArrows(
  http: HttpResult,
  open: TcpConnectResult,
  path: string,
  transport: Transport,
): ExchangeArrow[] {
  switch (http.kind) {
    case 'connect-failed':
      return secondConnect(http.connect);
    case 'aborted':
      return [...connectArrows(open, { closes: false }), note('the request was cancelled', false)];
    default:
      return [...requestArrows(http.marks, path, transport), ...httpEnding(http)];
  }
}

/**
 * The handshake(s) and the request line. A null `connectedAt` outside a connect failure means a reset beat the
 * connect event: the handshake completed, but no request went out. Over TLS, no request goes out before the
 * TLS handshake is done.
 */
function requestArrows(marks: PhaseMarks, path: string, transport: Transport): ExchangeArrow[] {
  if (marks.connectedAt === null) return handshake(null);
  const request = arrow('client', 'data', `GET ${capText(path)}`, marks.requestWrittenAt);
  if (!transport.tls) return [...handshake(marks.connectedAt), request];
  const secured = marks.secureAt === null ? [] : [serverHello(transport.session, marks.secureAt), request];
  return [...handshake(marks.connectedAt), clientHello(), ...secured];
}

function httpEnding(http: Exclude<HttpResult, { kind: 'connect-failed' | 'aborted' }>): ExchangeArrow[] {
  const { marks } = http;
  switch (http.kind) {
    case 'response': {
      const status = capText(`HTTP/${http.httpVersion} ${http.status} ${http.reason}`.trim());
      const answer = arrow('server', 'data', status, marks.firstByteAt, http.status >= 400);
      return [answer, ...errorPage(http), arrow('client', 'packet', 'FIN', marks.doneAt)];
    }
    case 'reset-before-response':
      return [arrow('server', 'packet', 'RST', marks.doneAt, true)];
    case 'closed-without-response':
      return [arrow('server', 'packet', 'FIN (no bytes)', marks.doneAt, true)];
    case 'no-response':
      return [arrow('server', 'silence', `silence (no byte in ${formatDuration(http.waitedMs)})`, marks.doneAt, true)];
    case 'not-http':
      return [
        arrow(
          'server',
          'data',
          bytesLabel(http.firstBytes, http.protocol?.name ?? null, 'not HTTP, '),
          marks.firstByteAt,
          true,
        ),
      ];
    case 'truncated-response': {
      const head = arrow(
        'server',
        'data',
        `${quoted(http.firstBytes)} (incomplete HTTP head)`,
        marks.firstByteAt,
        true,
      );
      const endings = {
        closed: arrow('server', 'packet', 'FIN', marks.doneAt, true),
        reset: arrow('server', 'packet', 'RST', marks.doneAt, true),
        timeout: arrow('server', 'silence', 'silence (the rest of the head never came)', marks.doneAt, true),
        'too-large': note('the head was too large: we stopped reading', true),
      };
      return [head, endings[http.how]];
    }
    default:
      return unknownKind(http);
  }
}

/**
 * What an error page says, as text: servers explain a 4xx/5xx there (nginx's "The plain HTTP request was sent
 * to HTTPS port"). An HTML page's title says it shortest; tags and line breaks (already written out as `\r\n`)
 * become spaces.
 */
function errorPage(http: Extract<HttpResult, { kind: 'response' }>): ExchangeArrow[] {
  if (http.status < 400 || typeof http.bodyPreview !== 'string') return [];
  const title = /<title>([^<]*)<\/title>/i.exec(http.bodyPreview)?.[1];
  const text = (title ?? http.bodyPreview)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\\[rnt]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text === '' ? [] : [note(`the page says: "${capText(text, 56)}"`, false)];
}
