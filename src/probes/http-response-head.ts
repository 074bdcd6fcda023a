/** A response head as it came off the wire: latin1 text, not yet made visible, redacted or bounded per field. */
export interface ResponseHead {
  /** `1.1`, `1.0` (or `2` from a confused server). */
  httpVersion: string;
  status: number;
  /** The reason phrase, raw; '' when the status line has none. */
  reason: string;
  /** Header lines in order, obs-folded continuation lines joined to the one above; names as sent. */
  headers: { name: string; value: string }[];
  /** Bytes of the head, its blank line included: where the body starts. */
  length: number;
}

/** Where reading a response head stands after the bytes pushed so far. */
export type HeadStep =
  /** Not complete yet. */
  | { kind: 'more' }
  /** The bytes do not start like `HTTP/`, or the status line is not HTTP's. */
  | { kind: 'not-http' }
  /** More bytes or header lines than the limits allow before the blank line. */
  | { kind: 'too-large' }
  /** The head is complete; `rest` is what the last chunk held after it (the body's start). */
  | { kind: 'head'; head: ResponseHead; rest: Buffer };

export interface HeadLimits {
  /** Bytes of head kept at most; a head that has not ended by then is too large. */
  maxBytes: number;
  /** Header lines at most. */
  maxLines: number;
}

/** Bounds that a hostile server cannot push a probe past. */
export const defaultHeadLimits: HeadLimits = { maxBytes: 32 * 1024, maxLines: 100 };

/**
 * Reads one HTTP/1.x response head from a byte stream, in whatever pieces it arrives: the one reader behind the
 * http, proxy and keep-alive probes. It decides as early as it can (a first byte that cannot begin `HTTP/` is
 * `not-http` at once) and keeps at most `maxBytes`, which `bytes()` hands back as evidence when things go wrong.
 */
export function createHeadReader(limits: HeadLimits = defaultHeadLimits): {
  push(chunk: Buffer): HeadStep;
  /** The head bytes kept so far (at most `maxBytes`). */
  bytes(): Buffer;
} {
  const kept = Buffer.alloc(limits.maxBytes);
  let length = 0;
  let lines = 0;

  function push(chunk: Buffer): HeadStep {
    const from = length;
    length += chunk.copy(kept, length, 0, limits.maxBytes - length);
    if (!startsLikeHttp(kept, length)) return { kind: 'not-http' };
    for (let i = from; i < length; i++) {
      if (kept[i] !== 0x0a) continue;
      lines++;
      // A blank line (`\r\n\r\n`, or a bare `\n\n` from a lax server) ends the head; chunk[0] is kept[from].
      if (i > 0 && (kept[i - 1] === 0x0a || (kept[i - 1] === 0x0d && kept[i - 2] === 0x0a))) {
        const head = parseResponseHead(kept.subarray(0, i + 1));
        return head ? { kind: 'head', head, rest: chunk.subarray(i + 1 - from) } : { kind: 'not-http' };
      }
      if (lines > limits.maxLines + 1) return { kind: 'too-large' };
    }
    return length === limits.maxBytes ? { kind: 'too-large' } : { kind: 'more' };
  }

  return { push, bytes: () => kept.subarray(0, length) };
}

/** Parses a complete head, ending in its blank line; null when the status line is not HTTP's. */
export function parseResponseHead(bytes: Buffer): ResponseHead | null {
  const [statusLine = '', ...lines] = bytes.toString('latin1').split(/\r?\n/);
  const status = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!status) return null;
  const headers: { name: string; value: string }[] = [];
  for (const line of lines) {
    const previous = headers[headers.length - 1];
    const colon = line.indexOf(':');
    // obs-fold: a continuation line belongs to the header above it.
    if (/^[ \t]/.test(line) && previous) previous.value += ` ${line.trim()}`;
    else if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return {
    httpVersion: status[1]!,
    status: Number(status[2]),
    reason: status[3] ?? '',
    headers,
    length: bytes.length,
  };
}

/** Every value of the header `name` (any case), in order. */
export function headerValues(head: ResponseHead, name: string): string[] {
  const wanted = name.toLowerCase();
  return head.headers.filter((h) => h.name.trim().toLowerCase() === wanted).map((h) => h.value);
}

/** A header's comma-separated tokens, lower-cased (`Connection: close, Upgrade` → close, upgrade). */
export function headerTokens(head: ResponseHead, name: string): string[] {
  return headerValues(head, name).flatMap((value) =>
    value
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** How the body after this head ends (RFC 9112 §6.3), as a client that sent a GET sees it. */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  /** Only when the server closes: no length, or a last transfer coding other than chunked. */
  | { kind: 'until-close' };

export function bodyFraming(head: ResponseHead): BodyFraming {
  const { status } = head;
  if ((status >= 100 && status < 200) || status === 204 || status === 304) return { kind: 'none' };
  const codings = headerTokens(head, 'transfer-encoding');
  if (codings.length > 0) return codings.at(-1) === 'chunked' ? { kind: 'chunked' } : { kind: 'until-close' };
  const length = headerValues(head, 'content-length')[0];
  return length !== undefined && /^\d{1,15}$/.test(length)
    ? { kind: 'length', length: Number(length) }
    : { kind: 'until-close' };
}

/** Whether the bytes so far could still be the start of `HTTP/`. */
export function startsLikeHttp(bytes: Uint8Array, length = bytes.length): boolean {
  const prefix = 'HTTP/';
  for (let i = 0; i < Math.min(length, prefix.length); i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}
