import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tapStream } from './tapped-stream.js';

/** A stand-in for the connected socket: what the tap writes is kept, and `arrive` is the peer sending. */
function fakeSocket() {
  const written: Buffer[] = [];
  const raw = new Duplex({
    read: () => {},
    write: (chunk: Buffer, _encoding, done) => {
      written.push(chunk);
      done();
    },
  });
  return { raw, written, arrive: (bytes: string) => raw.push(Buffer.from(bytes)) };
}

/** Everything the tapped stream delivers until it ends or fails. */
function drain(stream: Duplex): Promise<{ data: string; error: string | null }> {
  let data = '';
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    stream.once('end', () => resolve({ data, error: null }));
    stream.once('error', (error: NodeJS.ErrnoException) => resolve({ data, error: error.code ?? error.message }));
  });
}

describe('tapStream', () => {
  it('passes bytes both ways and keeps a copy of the first ones, up to the limit', async () => {
    const { raw, written, arrive } = fakeSocket();
    const tap = tapStream(raw, 8);
    const delivered = drain(tap.stream);
    await new Promise<void>((done) => tap.stream.write(Buffer.from('hello'), () => done()));
    arrive('HTTP/1.1 ');
    arrive('400 Bad Request');
    raw.push(null);
    expect(await delivered).toEqual({ data: 'HTTP/1.1 400 Bad Request', error: null });
    expect(Buffer.concat(written).toString()).toBe('hello');
    expect(tap.firstBytes().toString()).toBe('HTTP/1.1');
  });

  it('tells a FIN from a reset, and keeps the first of them', async () => {
    const closed = fakeSocket();
    const closedTap = tapStream(closed.raw, 64);
    const closedEnd = drain(closedTap.stream);
    expect(closedTap.ended()).toBeNull();
    closed.raw.push(null);
    await closedEnd;
    expect(closedTap.ended()).toBe('closed');

    const reset = fakeSocket();
    const resetTap = tapStream(reset.raw, 64);
    const resetEnd = drain(resetTap.stream);
    reset.arrive('N');
    reset.raw.destroy(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(await resetEnd).toEqual({ data: 'N', error: 'ECONNRESET' });
    expect(resetTap.ended()).toBe('reset');
    expect(resetTap.firstBytes().toString()).toBe('N');
  });

  it('closes the socket when TLS closes the stream', () => {
    const { raw } = fakeSocket();
    const tap = tapStream(raw, 64);
    tap.stream.destroy();
    expect(raw.destroyed).toBe(true);
  });
});
