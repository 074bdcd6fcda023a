import { createChunkedDecoder, type ChunkedStep } from './chunked-body.js';
import { bodyFraming, type ResponseHead } from './http-response-head.js';
import { visibleBytes } from './visible-bytes.js';

/** Body bytes kept for the preview: enough for an error page's message ("plain HTTP request was sent to HTTPS"). */
const PREVIEW_BYTES = 512;
/** Body bytes read at most, whatever the head promises. */
const BODY_LIMIT = 16 * 1024;

/** The start of a response body, read only as far as a preview needs, and the point past which reading is pointless. */
export interface BodySample {
  push(chunk: Buffer): void;
  /** The body ended (its length, or its last chunk), or as much of it was read as we ever read. */
  done(): boolean;
  /** Bytes received after the head, as they came on the wire (chunk framing included). */
  bytesRead(): number;
  /** The body's first bytes, de-chunked when it was chunked, made visible. */
  preview(): string;
}

/**
 * Samples the body that follows `head`. A chunked body is decoded before it is shown (a Node or Go error page
 * would otherwise read `5\r\nboom\r\n0`); one that breaks its framing shows what decoded before the break, or,
 * when nothing did and it never looked chunked, its raw bytes. Bounded: at most BODY_LIMIT bytes are worth
 * waiting for, and PREVIEW_BYTES are kept.
 */
export function sampleBody(head: ResponseHead): BodySample {
  const framing = bodyFraming(head);
  const wanted =
    framing.kind === 'none' ? 0 : framing.kind === 'length' ? Math.min(framing.length, BODY_LIMIT) : BODY_LIMIT;
  const raw = Buffer.alloc(PREVIEW_BYTES);
  let rawKept = 0;
  let read = 0;
  const chunked =
    framing.kind === 'chunked'
      ? createChunkedDecoder({ keepBytes: PREVIEW_BYTES, maxBodyBytes: Number.MAX_SAFE_INTEGER })
      : null;
  let step: ChunkedStep = { kind: 'more' };

  return {
    push(chunk) {
      read += chunk.length;
      rawKept += chunk.copy(raw, rawKept, 0, PREVIEW_BYTES - rawKept);
      if (chunked) step = chunked.push(chunk);
    },
    done: () => read >= wanted || step.kind === 'complete',
    bytesRead: () => read,
    preview() {
      const decoded = chunked?.body();
      return visibleBytes(decoded && !notChunked(decoded, step, raw) ? decoded : raw.subarray(0, rawKept)).text;
    },
  };
}

/** A body said to be chunked that decoded to nothing and does not even start with a chunk size: shown raw instead. */
function notChunked(decoded: Buffer, step: ChunkedStep, raw: Buffer): boolean {
  if (decoded.length > 0 || step.kind === 'complete') return false;
  return step.kind !== 'more' || !/^[0-9a-fA-F]/.test(raw.subarray(0, 1).toString('latin1'));
}
