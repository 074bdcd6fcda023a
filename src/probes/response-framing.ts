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
  | /** The response is not complete yet. */
  { kind: 'more' } /** The response ended (for `until-close`, its head did: the body runs to the close). */
  | {
      kind: 'complete';
      head: FramedHead;
      extraBytes: number;
    } /** The bytes do not start like an HTTP response, or the head does not parse. */
  | { kind: 'not-http' } /** A chunk-size line or the chunk framing is broken. */
  | { kind: 'malformed' } /** Past our bounds: a hostile or huge response is not read to its end. */
  | { kind: 'too-large' };

/** Bounds a peer cannot push us past. */
const HEAD_LIMIT = 32 * 1024;
const BODY_LIMIT = 1024 * 1024;
const LINE_LIMIT = 1024;
const TRAILER_LIMIT = 64;

/**
 * Reads one HTTP/1.x response incrementally, only to find where it ends: the keep-alive probe must consume the
 * whole body (Content-Length or chunked) before the connection counts as idle. Interim 1xx heads are skipped.
 */
export function createResponseFraming(): { push(chunk: Buffer): FramingStep } {
  let phase: 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' = 'head';
  let head = Buffer.alloc(0);
  let framed: FramedHead | null = null;
  let remaining = 0;
  let bodyBytes = 0;
  let line = '';
  let trailers = 0;

  function push(chunk: Buffer): FramingStep {
    let data = chunk;
    /** Takes bytes up to and including the next LF into `line`; false when the line is not complete yet. */
    const takeLine = (): boolean => {
      const lf = data.indexOf(0x0a);
      line += data.subarray(0, lf < 0 ? data.length : lf).toString('latin1');
      data = lf < 0 ? data.subarray(data.length) : data.subarray(lf + 1);
      return lf >= 0;
    };
    const done = (): FramingStep => ({ kind: 'complete', head: framed!, extraBytes: data.length });

    for (;;) {
      switch (phase) {
        case 'head': {
          head = Buffer.concat([head, data]);
          data = data.subarray(data.length);
          if (!startsLikeHttp(head)) return { kind: 'not-http' };
          const end = headEnd(head);
          if (end < 0 || end > HEAD_LIMIT) return head.length > HEAD_LIMIT ? { kind: 'too-large' } : { kind: 'more' };
          const parsed = parseHead(head.subarray(0, end));
          if (!parsed) return { kind: 'not-http' };
          data = head.subarray(end);
          head = Buffer.alloc(0);
          // 100 Continue and friends come before the real response on the same connection.
          if (parsed.head.status >= 100 && parsed.head.status < 200 && parsed.head.status !== 101) continue;
          framed = parsed.head;
          if (framed.framing === 'none' || framed.framing === 'until-close') return done();
          if (framed.framing === 'chunked') {
            phase = 'chunk-size';
            continue;
          }
          if (parsed.contentLength > BODY_LIMIT) return { kind: 'too-large' };
          remaining = parsed.contentLength;
          phase = 'body';
          continue;
        }
        case 'body':
        case 'chunk-data': {
          const take = Math.min(remaining, data.length);
          remaining -= take;
          data = data.subarray(take);
          if (remaining > 0) return { kind: 'more' };
          if (phase === 'body') return done();
          phase = 'chunk-end';
          continue;
        }
        case 'chunk-size': {
          if (!takeLine()) return line.length > LINE_LIMIT ? { kind: 'too-large' } : { kind: 'more' };
          const size = /^([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r]*)?\r?$/.exec(line);
          line = '';
          if (!size) return { kind: 'malformed' };
          remaining = Number.parseInt(size[1]!, 16);
          bodyBytes += remaining;
          if (bodyBytes > BODY_LIMIT) return { kind: 'too-large' };
          phase = remaining === 0 ? 'trailers' : 'chunk-data';
          continue;
        }
        case 'chunk-end': {
          if (!takeLine()) return line.length > 2 ? { kind: 'malformed' } : { kind: 'more' };
          const blank = line === '' || line === '\r';
          line = '';
          if (!blank) return { kind: 'malformed' };
          phase = 'chunk-size';
          continue;
        }
        case 'trailers': {
          if (!takeLine()) return line.length > LINE_LIMIT ? { kind: 'too-large' } : { kind: 'more' };
          const blank = line === '' || line === '\r';
          line = '';
          if (blank) return done();
          if (++trailers > TRAILER_LIMIT) return { kind: 'too-large' };
          continue;
        }
      }
    }
  }

  return { push };
}

/** Whether the bytes so far could still be the start of `HTTP/`. */
function startsLikeHttp(bytes: Buffer): boolean {
  const prefix = 'HTTP/';
  for (let i = 0; i < Math.min(bytes.length, prefix.length); i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Offset just past the blank line that ends the head (`\r\n\r\n`, or a lax `\n\n`), or -1. */
function headEnd(bytes: Buffer): number {
  for (let i = 1; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    if (bytes[i - 1] === 0x0a || (bytes[i - 1] === 0x0d && bytes[i - 2] === 0x0a)) return i + 1;
  }
  return -1;
}

function parseHead(bytes: Buffer): { head: FramedHead; contentLength: number } | null {
  const [statusLine = '', ...lines] = bytes.toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/(\d\.\d) (\d{3})(?: .*)?$/.exec(statusLine);
  if (!status) return null;
  const values = (name: string) =>
    lines.flatMap((l) => {
      const colon = l.indexOf(':');
      return colon > 0 && l.slice(0, colon).trim().toLowerCase() === name ? [l.slice(colon + 1).trim()] : [];
    });
  const code = Number(status[2]);
  const codings = values('transfer-encoding').flatMap(tokens);
  const length = values('content-length')[0];
  const keepAlive = values('keep-alive')[0];
  const bodyless = (code >= 100 && code < 200) || code === 204 || code === 304;
  const framing: FramedHead['framing'] = bodyless
    ? 'none'
    : codings.length > 0
      ? codings.at(-1) === 'chunked'
        ? 'chunked'
        : 'until-close' // RFC 9112 §6.3: a response whose last coding is not chunked ends at the close.
      : length !== undefined && /^\d{1,15}$/.test(length)
        ? 'length'
        : 'until-close';
  return {
    head: {
      status: code,
      httpVersion: status[1]!,
      connection: values('connection').flatMap(tokens),
      keepAlive: keepAlive === undefined ? null : visibleText(keepAlive, 256),
      framing,
    },
    contentLength: framing === 'length' ? Number(length) : 0,
  };
}

function tokens(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}
