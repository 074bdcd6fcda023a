import { createChunkedDecoder } from './chunked-body.js';
import { bodyFraming, createHeadReader, headerTokens, headerValues, type ResponseHead } from './http-response-head.js';
import { visibleText } from './visible-bytes.js';

/** What a response head says about the connection it came on. */
export interface FramedHead {
  status: number;
  /** `1.1`, `1.0`. */
  httpVersion: string;
  /** The `Connection` tokens, lower-cased (`close`, `keep-alive`). */
  connection: string[];
  /** The `Keep-Alive` header (`timeout=5, max=100`), made visible and bounded; null when absent. */
  keepAlive: string | null;
  /** How the body ends: not at all, after Content-Length bytes, after the last chunk, or only when the server closes. */
  framing: 'none' | 'length' | 'chunked' | 'until-close';
}

/** Where reading one response stands after the bytes pushed so far. */
export type FramingStep =
  /** The response is not complete yet. */
  | { kind: 'more' }
  /** The response ended (for `until-close`, its head did: the body runs to the close). */
  | {
      kind: 'complete';
      head: FramedHead;
      extraBytes: number;
    }
  /** The bytes do not start like an HTTP response, or the head does not parse. */
  | { kind: 'not-http' }
  /** A chunk-size line or the chunk framing is broken. */
  | { kind: 'malformed' }
  /** Past our bounds: a hostile or huge response is not read to its end. */
  | { kind: 'too-large' };

/** Body bytes read at most: a hostile or huge response is not read to its end. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Reads one HTTP/1.x response incrementally, only to find where it ends: the keep-alive probe must consume the
 * whole body (Content-Length or chunked) before the connection counts as idle. Interim 1xx heads are skipped.
 */
export function createResponseFraming(): { push(chunk: Buffer): FramingStep } {
  let reader = createHeadReader();
  let framed: FramedHead | null = null;
  let remaining = 0;
  let chunked: ReturnType<typeof createChunkedDecoder> | null = null;

  function push(chunk: Buffer): FramingStep {
    let data = chunk;
    for (;;) {
      if (chunked) {
        const step = chunked.push(data);
        return step.kind === 'complete' ? { kind: 'complete', head: framed!, extraBytes: step.extraBytes } : step;
      }
      if (framed) {
        const take = Math.min(remaining, data.length);
        remaining -= take;
        return remaining > 0 ? { kind: 'more' } : { kind: 'complete', head: framed, extraBytes: data.length - take };
      }
      const step = reader.push(data);
      if (step.kind !== 'head') return step;
      data = step.rest;
      const { head } = step;
      // 100 Continue and friends come before the real response on the same connection.
      if (head.status >= 100 && head.status < 200 && head.status !== 101) {
        reader = createHeadReader();
        continue;
      }
      const framing = bodyFraming(head);
      framed = framedHead(head, framing.kind);
      if (framing.kind === 'none' || framing.kind === 'until-close')
        return { kind: 'complete', head: framed, extraBytes: data.length };
      if (framing.kind === 'chunked') chunked = createChunkedDecoder({ keepBytes: 0, maxBodyBytes: BODY_LIMIT });
      else if (framing.length > BODY_LIMIT) return { kind: 'too-large' };
      else remaining = framing.length;
    }
  }

  return { push };
}

function framedHead(head: ResponseHead, framing: FramedHead['framing']): FramedHead {
  const keepAlive = headerValues(head, 'keep-alive')[0];
  return {
    status: head.status,
    httpVersion: head.httpVersion,
    connection: headerTokens(head, 'connection'),
    keepAlive: keepAlive === undefined ? null : visibleText(keepAlive, 256),
    framing,
  };
}
