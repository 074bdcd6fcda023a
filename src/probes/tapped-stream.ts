import { Duplex } from 'node:stream';

/** A stream that carries a connection's bytes to TLS while keeping a copy of the first ones. */
export interface TappedStream {
  /** Give this to `tls.connect({ socket })`. */
  stream: Duplex;
  /** The first bytes the peer sent (at most the limit), whatever TLS made of them. */
  firstBytes(): Buffer;
  /** How the peer ended the connection so far: FIN, RST, or not yet. */
  ended(): 'closed' | 'reset' | null;
}

/**
 * Puts a plain Duplex between a connected socket and TLS, so we see the bytes the server sent. Handing the
 * net.Socket itself to `tls.connect` is faster, but then TLS reads the socket's handle in C++ and the socket
 * emits no 'data': when a handshake fails with `wrong version number`, the bytes that caused it (`HTTP/1.1 400`)
 * would be lost. Any non-net.Socket stream makes Node read through JavaScript, where we can copy them.
 * The cost, measured on loopback in the built CLI (medians of 80): ~1.9 ms on a process's first handshake while
 * this path ran cold, ~0.4 ms once `warmUpTls` has run it in memory, ~0.1 ms on later handshakes. Keeping the
 * native socket and re-asking on a second connection when a handshake fails was measured too: it saves that
 * ~0.4 ms but cannot recover a reply too short for OpenSSL to judge (PostgreSQL's `N`) before the deadline.
 * An error after 'connect' (RST, or EPIPE while our hello was going out) counts as the peer resetting.
 * `raw` is a net.Socket in use; any Duplex for the warm-up, which runs this path with no traffic.
 */
export function tapStream(raw: Duplex, limit: number): TappedStream {
  const first = Buffer.alloc(limit);
  let kept = 0;
  let ended: 'closed' | 'reset' | null = null;
  const stream = new Duplex({
    read: () => {
      raw.resume();
    },
    write: (chunk: Buffer, _encoding, done) => {
      raw.write(chunk, (error) => done(error ?? null));
    },
    final: (done) => {
      raw.end();
      done();
    },
    destroy: (error, done) => {
      raw.destroy();
      done(error);
    },
  });
  raw.on('data', (chunk: Buffer) => {
    kept += chunk.copy(first, kept, 0, limit - kept);
    if (!stream.push(chunk)) raw.pause();
  });
  raw.once('end', () => {
    ended ??= 'closed';
    stream.push(null);
  });
  raw.once('error', (error) => {
    ended ??= 'reset';
    stream.destroy(error);
  });
  return { stream, firstBytes: () => first.subarray(0, kept), ended: () => ended };
}
