import { describe, expect, it } from 'vitest';
import { createChunkedDecoder, decodeChunked, type ChunkedStep } from './chunked-body.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('decodeChunked', () => {
  it('joins the chunks of a whole body and says it is complete', () => {
    expect(decodeChunked(bytes('5\r\nboom \r\n4\r\npage\r\n0\r\n\r\n'), 512)).toEqual({
      body: bytes('boom page'),
      step: { kind: 'complete', extraBytes: 0 },
    });
  });

  it('skips chunk extensions and trailer fields, and counts bytes after the body', () => {
    const { body, step } = decodeChunked(
      bytes('4;name="v"\r\nWiki\r\nA ; x\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\nNEXT'),
      512,
    );
    expect(body.toString('latin1')).toBe('Wiki0123456789');
    expect(step).toEqual({ kind: 'complete', extraBytes: 4 });
  });

  it('tolerates a body cut short, in a chunk or in a size line, and keeps what came', () => {
    expect(decodeChunked(bytes('5\r\nboom \r\n9\r\nbroken'), 512)).toEqual({
      body: bytes('boom broken'),
      step: { kind: 'more' },
    });
    expect(decodeChunked(bytes('3\r\nabc\r\n1'), 512).body.toString('latin1')).toBe('abc');
  });

  it('accepts bare LF line ends from lax servers', () => {
    expect(decodeChunked(bytes('3\nabc\n0\n\n'), 512)).toEqual({
      body: bytes('abc'),
      step: { kind: 'complete', extraBytes: 0 },
    });
  });

  it('keeps at most keepBytes of the decoded body', () => {
    const { body, step } = decodeChunked(bytes(`400\r\n${'x'.repeat(1024)}\r\n0\r\n\r\n`), 10);
    expect(body.toString('latin1')).toBe('x'.repeat(10));
    expect(step.kind).toBe('complete');
  });

  it.each([
    ['a size that is not hex', 'zz\r\nabc\r\n', 'ok'],
    ['a chunk longer than its size', '3\r\nabcdef\r\n0\r\n\r\n', 'okabc'],
  ])('stops at %s, keeping what decoded before it', (_, raw, kept) => {
    const { body, step } = decodeChunked(bytes(`2\r\nok\r\n${raw}`), 512);
    expect(step).toEqual({ kind: 'malformed' });
    expect(body.toString('latin1')).toBe(kept);
  });
});

describe('createChunkedDecoder', () => {
  /** Pushes `text` one byte at a time and returns every step. */
  function byteByByte(text: string, keepBytes = 512, maxBodyBytes = 1 << 20) {
    const decoder = createChunkedDecoder({ keepBytes, maxBodyBytes });
    const steps: ChunkedStep[] = [];
    for (const byte of bytes(text)) steps.push(decoder.push(Buffer.from([byte])));
    return { steps, body: decoder.body() };
  }

  it('decodes the same body whatever the piece size', () => {
    const { steps, body } = byteByByte('4;ext\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: yes\r\n\r\n');
    expect(body.toString('latin1')).toBe('Wikipedia');
    expect(steps.filter((s) => s.kind !== 'more')).toEqual([{ kind: 'complete', extraBytes: 0 }]);
  });

  it('refuses a body larger than maxBodyBytes, before reading it', () => {
    const decoder = createChunkedDecoder({ keepBytes: 0, maxBodyBytes: 100 });
    expect(decoder.push(bytes('10\r\n'))).toEqual({ kind: 'more' });
    expect(decoder.push(bytes('0123456789abcdef\r\n65\r\n'))).toEqual({ kind: 'too-large' });
  });

  it('bounds a size line that never ends', () => {
    const decoder = createChunkedDecoder({ keepBytes: 0, maxBodyBytes: 100 });
    expect(decoder.push(bytes('1'.repeat(600)))).toEqual({ kind: 'more' });
    expect(decoder.push(bytes('1'.repeat(600)))).toEqual({ kind: 'too-large' });
  });

  it('bounds the number of trailer fields', () => {
    const trailers = 'X: 1\r\n'.repeat(65);
    expect(byteByByte(`0\r\n${trailers}\r\n`).steps.at(-1)).toEqual({ kind: 'too-large' });
  });

  it('takes nothing more once it has given up, and keeps what it had', () => {
    const decoder = createChunkedDecoder({ keepBytes: 512, maxBodyBytes: 100 });
    decoder.push(bytes('2\r\nok\r\nzz\r\n'));
    expect(decoder.push(bytes('3\r\nabc\r\n'))).toEqual({ kind: 'malformed' });
    expect(decoder.body().toString('latin1')).toBe('ok');
  });
});
