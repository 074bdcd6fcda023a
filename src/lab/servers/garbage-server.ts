import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';
import { onRequestHead } from './request-head.js';

/** How much noise to send: bounded, and enough to fill one read. */
export const garbageBytes = 512;

/** Answers the request with random binary bytes, then closes: a binary service behind the port. */
export function startGarbageServer(): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) =>
      onRequestHead(socket, () => {
        socket.resume();
        socket.end(noise());
      }),
    ),
  );
}

function noise(): Buffer {
  const bytes = randomBytes(garbageBytes);
  // A first byte of 0x14..0x18 would read as a TLS record, and a letter could start "HTTP";
  // 0xff is neither, so the noise is never mistaken for a protocol by chance.
  bytes[0] = 0xff;
  return bytes;
}
