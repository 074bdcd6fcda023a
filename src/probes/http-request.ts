import { sampleBody, type BodySample } from './http-body-sample.js';
import type { HttpResult } from './http-result.js';
import { createHeadReader, type ResponseHead } from './http-response-head.js';
import { identifyProtocol } from './identify-protocol.js';
import type { PhaseMarks } from '../shared/phase-timings.js';
import type { ProbeBudget } from './probe-budget.js';
import { redactHeader } from '../shared/redact-secrets.js';
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

/**
 * Sends one `GET` over a raw socket and classifies what comes back. Not node:http, because the diagnosis
 * needs the difference between RST, FIN, silence and garbage, which http folds into one error. One deadline
 * covers the whole exchange; head and body are read within fixed bounds whatever the peer sends. Never rejects
 * for a network outcome; rejects (RangeError) only for a spec that would smuggle a second header or request.
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
  const reader = createHeadReader();
  let received = 0; // bytes received in all
  let response: { head: ResponseHead; body: BodySample } | null = null;

  const marksAt = (doneAt: number): PhaseMarks => ({ ...marks, doneAt });
  const firstBytes = () => visibleBytes(reader.bytes());
  const responded = ({ head, body }: { head: ResponseHead; body: BodySample }, doneAt: number): HttpResult => ({
    kind: 'response',
    ...responseFields(head),
    bodyBytesRead: body.bytesRead(),
    bodyPreview: body.preview(),
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
      const respond = (answer: { head: ResponseHead; body: BodySample }) => settle(responded(answer, elapsed()));
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
          response.body.push(chunk);
          if (response.body.done()) settle(responded(response, elapsed()));
          return;
        }
        const step = reader.push(chunk);
        if (step.kind === 'more') return;
        if (step.kind === 'too-large') return endTruncated('too-large');
        if (step.kind === 'not-http') {
          const bytes = reader.bytes();
          return settle({
            kind: 'not-http',
            firstBytes: visibleBytes(bytes),
            protocol: identifyProtocol(bytes),
            marks: done(),
          });
        }
        response = { head: step.head, body: sampleBody(step.head) };
        response.body.push(step.rest);
        if (response.body.done()) settle(responded(response, elapsed()));
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

/** The fields of a response head as results carry them: bounded, visible, secrets redacted. */
export function responseFields(
  head: ResponseHead,
): Pick<Extract<HttpResult, { kind: 'response' }>, 'status' | 'reason' | 'httpVersion' | 'headers'> {
  return {
    status: head.status,
    reason: shown(head.reason, 256),
    httpVersion: head.httpVersion,
    headers: head.headers.map(({ name, value }) => ({
      name: shown(name, 128),
      value: shown(redactHeader(name, value), 1024),
    })),
  };
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
