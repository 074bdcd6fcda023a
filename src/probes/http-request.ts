import type { HttpHeader, HttpResult } from './http-result.js';
import { identifyProtocol } from './identify-protocol.js';
import type { PhaseMarks } from '../shared/phase-timings.js';
import type { ProbeBudget } from './probe-budget.js';
import { redactHeader } from './redact-header.js';
import { classifySocketError } from './socket-error.js';
import { realSocket, withBudgetedSocket, type SocketFactory } from './budgeted-socket.js';
import { connectFailure } from './connect-failure.js';
import type { ConnectFailure, TcpEndpoint } from './tcp-connect.js';
import { visibleBytes } from './visible-bytes.js';

/** The one request the probe sends. */
export interface HttpRequestSpec {
  /** `Host` header: the name the user asked for (with `:port` when not the default), not the address dialled. */
  hostHeader: string;
  /** Request target, already percent-encoded, starting with `/`. */
  path: string;
  /** Whole `Authorization` value (`Basic …`), or null. Sent, never recorded. */
  authorization: string | null;
}

/** How much of a body the result shows: enough for an error page's message ("plain HTTP request was sent to HTTPS port"). */
const BODY_PREVIEW = 512;
/** Bounds that a hostile server cannot push us past: bytes of head kept, header lines, body bytes read. */
const HEAD_LIMIT = 32 * 1024;
const HEADER_LIMIT = 100;
const BODY_LIMIT = 16 * 1024;

/**
 * Sends one `GET` over a raw socket and classifies what comes back. Not node:http, because the diagnosis
 * needs the difference between RST, FIN, silence and garbage, which http folds into one error. One deadline
 * covers the whole exchange; at most HEAD_LIMIT bytes are kept whatever the peer sends. Never rejects for a
 * network outcome; rejects (RangeError) only for a spec that would smuggle a second header or request.
 */
export function httpRequest(
  endpoint: TcpEndpoint,
  request: HttpRequestSpec,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
): Promise<HttpResult> {
  const invalid = invalidSpec(request);
  if (invalid) return Promise.reject(new RangeError(invalid));
  return exchangeHttp(endpoint, requestText(request), budget, connect);
}

/**
 * The exchange behind `httpRequest`, for a request head built elsewhere (the proxy probe's absolute-form GET):
 * sends `requestHead` as it is, so the caller has already refused CR/LF in what it put there.
 */
export function exchangeHttp(
  endpoint: TcpEndpoint,
  requestHead: string,
  budget: ProbeBudget,
  connect: SocketFactory = realSocket,
): Promise<HttpResult> {
  const marks: Omit<PhaseMarks, 'doneAt'> = {
    connectedAt: null,
    secureAt: null,
    requestWrittenAt: null,
    firstByteAt: null,
  };
  const head = Buffer.alloc(HEAD_LIMIT);
  let kept = 0; // bytes of head stored
  let received = 0; // bytes received in all
  let lines = 0;
  let response: ParsedHead | null = null;

  const marksAt = (doneAt: number): PhaseMarks => ({ ...marks, doneAt });
  const firstBytes = () => visibleBytes(head.subarray(0, kept));
  const responded = (parsed: ParsedHead, doneAt: number): HttpResult => ({
    kind: 'response',
    ...parsed.fields,
    bodyBytesRead: received - parsed.headLength,
    bodyPreview: visibleBytes(head.subarray(parsed.headLength, Math.min(kept, parsed.headLength + BODY_PREVIEW))).text,
    marks: marksAt(doneAt),
  });
  const truncated = (how: 'closed' | 'reset' | 'timeout' | 'too-large', doneAt: number): HttpResult => ({
    kind: 'truncated-response',
    how,
    firstBytes: firstBytes(),
    marks: marksAt(doneAt),
  });
  const outcomes = {
    aborted: (): HttpResult => ({ kind: 'aborted' }),
    deadline: (now: number): HttpResult => {
      const since = marks.requestWrittenAt ?? marks.connectedAt;
      if (since === null) return { kind: 'connect-failed', connect: { ...endpoint, kind: 'timeout', waitedMs: now } };
      if (response) return responded(response, now);
      if (received > 0) return truncated('timeout', now);
      return { kind: 'no-response', waitedMs: now - since, marks: marksAt(now) };
    },
    connectFailed: (failure: ConnectFailure): HttpResult => ({ kind: 'connect-failed', connect: failure }),
  };

  return withBudgetedSocket(
    endpoint,
    budget,
    outcomes,
    ({ socket, elapsed, settle }) => {
      const done = (): PhaseMarks => marksAt(elapsed());
      const respond = (parsed: ParsedHead) => settle(responded(parsed, elapsed()));
      const endTruncated = (how: 'closed' | 'reset' | 'timeout' | 'too-large') => settle(truncated(how, elapsed()));

      // Over TLS (https) the socket says so; the request waits in its buffer until the handshake is done.
      socket.once('secureConnect', () => {
        marks.secureAt = elapsed();
      });
      socket.once('connect', () => {
        marks.connectedAt = elapsed();
        socket.write(requestHead, (error) => {
          if (!error) marks.requestWrittenAt = elapsed();
        });
      });

      socket.on('data', (chunk: Buffer) => {
        marks.firstByteAt ??= elapsed();
        received += chunk.length;
        if (response) {
          // The start of the body is kept for its preview, in what is left of the head buffer.
          kept += chunk.copy(
            head,
            kept,
            0,
            Math.max(0, Math.min(HEAD_LIMIT, response.headLength + BODY_PREVIEW) - kept),
          );
          if (received - response.headLength >= response.bodyWanted) respond(response);
          return;
        }
        const from = kept;
        kept += chunk.copy(head, kept, 0, HEAD_LIMIT - kept);
        if (!startsLikeHttp(head, kept)) {
          const bytes = head.subarray(0, kept);
          settle({
            kind: 'not-http',
            firstBytes: visibleBytes(bytes),
            protocol: identifyProtocol(bytes),
            marks: done(),
          });
          return;
        }
        for (let i = from; i < kept; i++) {
          if (head[i] !== 0x0a) continue;
          lines++;
          // A blank line (`\r\n\r\n`, or a bare `\n\n` from a lax server) ends the head.
          if (head[i - 1] === 0x0a || (head[i - 1] === 0x0d && head[i - 2] === 0x0a)) {
            const parsed = parseHead(head.subarray(0, i + 1));
            if (!parsed) {
              const protocol = identifyProtocol(head.subarray(0, kept));
              settle({ kind: 'not-http', firstBytes: firstBytes(), protocol, marks: done() });
            } else if (received - parsed.headLength >= parsed.bodyWanted) {
              respond(parsed);
            } else {
              response = parsed;
            }
            return;
          }
          if (lines > HEADER_LIMIT + 1) return endTruncated('too-large');
        }
        if (kept === HEAD_LIMIT) endTruncated('too-large');
      });

      socket.once('end', () => {
        if (response) respond(response);
        else if (received > 0) endTruncated('closed');
        else settle({ kind: 'closed-without-response', marks: done() });
      });

      socket.once('error', (error) => {
        const errorKind = classifySocketError(error);
        // A reset can beat the 'connect' event to us: the handshake completed, then the server aborted.
        const aborted = errorKind === 'reset' || errorKind === 'broken-pipe';
        if (marks.connectedAt === null && !aborted) {
          settle({ kind: 'connect-failed', connect: connectFailure(endpoint, error, elapsed()) });
        } else if (response) {
          respond(response);
        } else if (received > 0) {
          endTruncated('reset');
        } else if (errorKind === 'timed-out') {
          // The kernel gave up retransmitting our request: that is silence, not an abort.
          settle({ kind: 'no-response', waitedMs: elapsed() - (marks.connectedAt ?? 0), marks: done() });
        } else {
          // ECONNRESET, or EPIPE when the reset came while our request was still being written.
          settle({ kind: 'reset-before-response', marks: done() });
        }
      });
    },
    connect,
  );
}

/** A complete response head, already bounded, visible and redacted. */
export interface ParsedHead {
  fields: { status: number; reason: string; httpVersion: string; headers: HttpHeader[] };
  headLength: number;
  /** Body bytes worth waiting for: what Content-Length promises, capped, or the cap when it is unknown. */
  bodyWanted: number;
}

/** Parses a head ending in its blank line; null when the status line is not HTTP's. */
export function parseHead(bytes: Buffer): ParsedHead | null {
  const [statusLine = '', ...lines] = bytes.toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) return null;
  const raw: { name: string; value: string }[] = [];
  for (const line of lines) {
    const previous = raw[raw.length - 1];
    // obs-fold: a continuation line belongs to the header above it.
    if (/^[ \t]/.test(line) && previous) previous.value += ` ${line.trim()}`;
    else if (line.indexOf(':') > 0) raw.push(splitHeader(line));
  }
  const code = Number(status[2]);
  const contentLength = Number(raw.find((h) => h.name.toLowerCase() === 'content-length')?.value ?? NaN);
  const bodyless = (code >= 100 && code < 200) || code === 204 || code === 304;
  const known = Number.isSafeInteger(contentLength) && contentLength >= 0;
  return {
    fields: {
      status: code,
      reason: shown(status[3] ?? '', 256),
      httpVersion: status[1]!,
      headers: raw.map(({ name, value }) => ({
        name: shown(name, 128),
        value: shown(redactHeader(name, value), 1024),
      })),
    },
    headLength: bytes.length,
    bodyWanted: bodyless ? 0 : known ? Math.min(contentLength, BODY_LIMIT) : BODY_LIMIT,
  };
}

function splitHeader(line: string): { name: string; value: string } {
  const colon = line.indexOf(':');
  return { name: line.slice(0, colon), value: line.slice(colon + 1).trim() };
}

/** Whether the bytes so far could still be the start of `HTTP/`. */
export function startsLikeHttp(bytes: Buffer, length: number): boolean {
  const prefix = 'HTTP/';
  for (let i = 0; i < Math.min(length, prefix.length); i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** A latin1 string from the wire, made visible and bounded (`…` when cut). */
function shown(text: string, maxBytes: number): string {
  const visible = visibleBytes(Buffer.from(text, 'latin1'), maxBytes);
  return visible.length > maxBytes ? `${visible.text}…` : visible.text;
}

/** The path as a request target: a space or non-ASCII character left in it would end the request line early or be sent raw. */
export function encodedPath(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (char) =>
    Array.from(Buffer.from(char, 'utf8'), (byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

function requestText({ hostHeader, path, authorization }: HttpRequestSpec): string {
  const target = encodedPath(path);
  return [
    `GET ${target} HTTP/1.1`,
    `Host: ${hostHeader}`,
    'User-Agent: conn-doctor',
    'Accept: */*',
    ...(authorization === null ? [] : [`Authorization: ${authorization}`]),
    'Connection: close',
    '',
    '',
  ].join('\r\n');
}

/** A CR or LF in a field would let it add headers or a second request. */
export function invalidSpec({ hostHeader, path, authorization }: HttpRequestSpec): string | null {
  if (!/^[\x21-\x7e]+$/.test(hostHeader)) return 'Host header must be visible ASCII without spaces';
  if (!path.startsWith('/')) return 'path must start with /';
  if (authorization !== null && !/^[\x20-\x7e]+$/.test(authorization)) return 'Authorization must be visible ASCII';
  return null;
}
