import { describe, expect, it } from 'vitest';
import {
  bodyFraming,
  createHeadReader,
  headerTokens,
  headerValues,
  parseResponseHead,
  type HeadStep,
} from './http-response-head.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Pushes `text` in pieces of `size` bytes and returns every step. */
function feed(text: string, size = Infinity, limits?: { maxBytes: number; maxLines: number }): HeadStep[] {
  const reader = createHeadReader(limits);
  const all = bytes(text);
  const steps: HeadStep[] = [];
  for (let i = 0; i < all.length && steps.at(-1)?.kind !== 'head'; i += Math.min(size, all.length)) {
    steps.push(reader.push(all.subarray(i, i + size)));
    if (steps.at(-1)!.kind !== 'more' && steps.at(-1)!.kind !== 'head') break;
  }
  return steps;
}

describe('createHeadReader', () => {
  it('reads a head in any pieces and hands back the body bytes of the last one', () => {
    const response = 'HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nX-Folded: a\r\n  b\r\n\r\nnope';
    // Byte by byte, the head ends on its own; in one piece, the body's bytes come with it.
    expect(feed(response, 1).at(-1)).toMatchObject({ kind: 'head', head: { status: 404 }, rest: bytes('') });
    const [step] = feed(response);
    expect(step).toEqual({
      kind: 'head',
      head: {
        httpVersion: '1.1',
        status: 404,
        reason: 'Not Found',
        headers: [
          { name: 'Content-Length', value: '4' },
          { name: 'X-Folded', value: 'a b' },
        ],
        length: response.length - 4,
      },
      rest: bytes('nope'),
    });
  });

  it('says not-http at the first byte that cannot start HTTP/', () => {
    expect(feed('SSH-2.0-OpenSSH_9.2\r\n', 1)).toEqual([{ kind: 'not-http' }]);
    expect(feed('HTTP/1.1 OK\r\n\r\n').at(-1)).toEqual({ kind: 'not-http' });
  });

  it('accepts a lax bare-LF head and a status line without a reason', () => {
    expect(feed('HTTP/1.0 200\nServer: x\n\n')[0]).toMatchObject({
      kind: 'head',
      head: { httpVersion: '1.0', status: 200, reason: '', headers: [{ name: 'Server', value: 'x' }] },
    });
  });

  it('stops at its byte and line limits, keeping what it read as evidence', () => {
    expect(feed(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(100)}`, Infinity, { maxBytes: 64, maxLines: 100 })).toEqual([
      { kind: 'too-large' },
    ]);
    expect(feed(`HTTP/1.1 200 OK\r\n${'X: 1\r\n'.repeat(5)}\r\n`, Infinity, { maxBytes: 1024, maxLines: 3 })).toEqual([
      { kind: 'too-large' },
    ]);
    const reader = createHeadReader({ maxBytes: 8, maxLines: 10 });
    reader.push(bytes('HTTP/1.1 200 OK'));
    expect(reader.bytes().toString()).toBe('HTTP/1.1');
  });
});

describe('header helpers', () => {
  const head = parseResponseHead(
    bytes(
      'HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Upgrade\r\nconnection: close\r\nTransfer-Encoding: gzip, chunked\r\n\r\n',
    ),
  )!;

  it('finds values and tokens in any case', () => {
    expect(headerValues(head, 'CONNECTION')).toEqual(['Keep-Alive, Upgrade', 'close']);
    expect(headerTokens(head, 'connection')).toEqual(['keep-alive', 'upgrade', 'close']);
  });

  it.each([
    ['HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n', { kind: 'none' }],
    ['HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', { kind: 'length', length: 5 }],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nContent-Length: 5\r\n\r\n', { kind: 'chunked' }],
    ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', { kind: 'until-close' }],
    ['HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n', { kind: 'until-close' }],
  ])('frames %j as %j', (text, framing) => {
    expect(bodyFraming(parseResponseHead(bytes(text))!)).toEqual(framing);
  });
});
