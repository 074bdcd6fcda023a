/** Where decoding a chunked body stands after the bytes pushed so far. */
export type ChunkedStep =
  /** The last chunk has not come yet. */
  | { kind: 'more' }
  /** The last chunk and the trailers ended; `extraBytes` of the last push follow the body. */
  | { kind: 'complete'; extraBytes: number }
  /** A chunk-size line or the CRLF after a chunk is not what it must be. */
  | { kind: 'malformed' }
  /** Past the limits: a line, the trailers or the body is longer than we read. */
  | { kind: 'too-large' };

export interface ChunkedLimits {
  /** Decoded bytes kept for `body()`: the start of the page, for a preview. 0 keeps none. */
  keepBytes: number;
  /** Decoded bytes read at most before the body counts as too large. */
  maxBodyBytes: number;
}

/** Bounds on what one line may hold: a chunk size with its extensions, or one trailer field. */
const LINE_LIMIT = 1024;
const TRAILER_LIMIT = 64;

/**
 * Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1) incrementally: hex sizes, chunk extensions (`5;name=x`,
 * ignored), the data, the last `0` chunk and any trailer fields (read and dropped). Most Node, Express and Go error
 * pages come this way; shown raw they read `5\r\nboom\r\n0`. After a `malformed` or `too-large` step it takes no
 * more, and `body()` still holds what was decoded before it: a cut or broken body shows its start.
 */
export function createChunkedDecoder(limits: ChunkedLimits): {
  push(chunk: Uint8Array): ChunkedStep;
  /** The first `keepBytes` decoded bytes. */
  body(): Buffer;
} {
  let phase: 'size' | 'data' | 'data-end' | 'trailers' = 'size';
  let ended: ChunkedStep | null = null;
  let remaining = 0;
  let decoded = 0;
  let line = '';
  let trailers = 0;
  const kept = Buffer.alloc(limits.keepBytes);
  let keptLength = 0;

  function push(chunk: Uint8Array): ChunkedStep {
    // Once ended, nothing more is read: a later byte is past the body (or past the point we gave up).
    if (ended) return ended.kind === 'complete' ? { kind: 'complete', extraBytes: chunk.byteLength } : ended;
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    /** Moves bytes up to and including the next LF into `line`; false when the line has not ended yet. */
    const takeLine = (): boolean => {
      const lf = data.indexOf(0x0a);
      const end = lf < 0 ? data.length : lf;
      // Bounded even for a peer that never sends LF: past the limit only the length matters.
      if (line.length <= LINE_LIMIT) line += data.subarray(0, Math.min(end, LINE_LIMIT + 1)).toString('latin1');
      data = data.subarray(lf < 0 ? data.length : lf + 1);
      return lf >= 0;
    };
    const end = (step: ChunkedStep): ChunkedStep => {
      ended = step;
      return step;
    };

    for (;;) {
      switch (phase) {
        case 'size': {
          if (!takeLine()) return line.length > LINE_LIMIT ? end({ kind: 'too-large' }) : { kind: 'more' };
          const size = /^([0-9a-fA-F]{1,8})[ \t]*(?:;[^\r]*)?\r?$/.exec(line);
          line = '';
          if (!size) return end({ kind: 'malformed' });
          remaining = Number.parseInt(size[1]!, 16);
          if (decoded + remaining > limits.maxBodyBytes) return end({ kind: 'too-large' });
          phase = remaining === 0 ? 'trailers' : 'data';
          continue;
        }
        case 'data': {
          const take = Math.min(remaining, data.length);
          keptLength += data.copy(kept, keptLength, 0, Math.min(take, limits.keepBytes - keptLength));
          decoded += take;
          remaining -= take;
          data = data.subarray(take);
          if (remaining > 0) return { kind: 'more' };
          phase = 'data-end';
          continue;
        }
        case 'data-end': {
          if (!takeLine()) return line.length > 2 ? end({ kind: 'malformed' }) : { kind: 'more' };
          const blank = line === '' || line === '\r';
          line = '';
          if (!blank) return end({ kind: 'malformed' });
          phase = 'size';
          continue;
        }
        case 'trailers': {
          if (!takeLine()) return line.length > LINE_LIMIT ? end({ kind: 'too-large' }) : { kind: 'more' };
          const blank = line === '' || line === '\r';
          line = '';
          if (blank) return end({ kind: 'complete', extraBytes: data.length });
          if (++trailers > TRAILER_LIMIT) return end({ kind: 'too-large' });
          continue;
        }
      }
    }
  }

  return { push, body: () => kept.subarray(0, keptLength) };
}

/**
 * Decodes a whole chunked body, or as much of one as arrived: the first `keepBytes` decoded bytes, and whether
 * the body was complete, cut short (`more`), broken or too large.
 */
export function decodeChunked(raw: Uint8Array, keepBytes: number): { body: Buffer; step: ChunkedStep } {
  const decoder = createChunkedDecoder({ keepBytes, maxBodyBytes: Number.MAX_SAFE_INTEGER });
  const step = decoder.push(raw);
  return { body: decoder.body(), step };
}
