import { describe, expect, it } from 'vitest';
import { createResponseFraming, type FramingStep } from './response-framing.js';

/** Pushes `text` in pieces of `size` bytes and returns every step. */
function feed(text: string, size = Infinity): FramingStep[] {
  const framing = createResponseFraming();
  const bytes = Buffer.from(text, 'latin1');
  const steps: FramingStep[] = [];
  for (let i = 0; i < bytes.length; i += Math.min(size, bytes.length))
    steps.push(framing.push(bytes.subarray(i, i + size)));
  return steps;
}

const last = (steps: FramingStep[]) => steps.at(-1)!;

describe('createResponseFraming', () => {
  it('ends a Content-Length body at its last byte, whatever the piece size', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=5, max=100\r\n\r\nhello';
    for (const size of [1, 3, 7, Infinity]) {
      const steps = feed(response, size);
      expect(
        steps.slice(0, -1).every((s) => s.kind === 'more'),
        `size ${size}`,
      ).toBe(true);
      expect(last(steps)).toEqual({
        kind: 'complete',
        extraBytes: 0,
        head: { status: 200, httpVersion: '1.1', connection: [], keepAlive: 'timeout=5, max=100', framing: 'length' },
      });
    }
  });

  it('follows chunks with extensions and trailers, one byte at a time', () => {
    const response =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n4;name=v\r\nWiki\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\n';
    const steps = feed(response, 1);
    expect(steps.filter((s) => s.kind !== 'more')).toHaveLength(1);
    expect(last(steps)).toMatchObject({ kind: 'complete', head: { framing: 'chunked' } });
  });

  it('counts bytes past the end of the response', () => {
    expect(last(feed('HTTP/1.1 204 No Content\r\n\r\nEXTRA'))).toMatchObject({
      kind: 'complete',
      extraBytes: 5,
      head: { framing: 'none' },
    });
  });

  it('skips an interim 100 Continue', () => {
    expect(last(feed('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'))).toMatchObject({
      kind: 'complete',
      head: { status: 200, framing: 'length' },
    });
  });

  it('reads Connection tokens and lax bare-LF heads', () => {
    expect(last(feed('HTTP/1.0 200 OK\nConnection: Keep-Alive, Upgrade\nContent-Length: 0\n\n'))).toMatchObject({
      kind: 'complete',
      head: { httpVersion: '1.0', connection: ['keep-alive', 'upgrade'] },
    });
  });

  it.each([
    ['no length', 'HTTP/1.1 200 OK\r\n\r\n'],
    ['a length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n'],
    ['a last coding other than chunked', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n'],
  ])('says until-close for %s', (_, response) => {
    expect(last(feed(response))).toMatchObject({ kind: 'complete', head: { framing: 'until-close' } });
  });

  it('makes a hostile Keep-Alive value visible', () => {
    const step = last(feed('HTTP/1.1 204 No Content\r\nKeep-Alive: timeout=5\x1b[31m\r\n\r\n'));
    expect(step).toMatchObject({ head: { keepAlive: 'timeout=5\\x1b[31m' } });
  });

  it.each([
    ['another protocol', 'SSH-2.0-OpenSSH\r\n', 'not-http'],
    ['a broken status line', 'HTTP/1.1 OK\r\n\r\n', 'not-http'],
    ['a chunk size that is not hex', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 'malformed'],
    [
      'chunk data longer than its size',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n',
      'malformed',
    ],
    ['a body past the bound', 'HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n', 'too-large'],
    ['a head past the bound', `HTTP/1.1 200 OK\r\nX: ${'a'.repeat(40_000)}`, 'too-large'],
  ])('stops on %s', (_, response, kind) => {
    expect(last(feed(response, 1000)).kind).toBe(kind);
  });

  it('waits while an unfinished head still could be HTTP', () => {
    expect(feed('HTT')).toEqual([{ kind: 'more' }]);
  });
});
