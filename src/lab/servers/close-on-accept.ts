import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/**
 * Accepts and sends FIN at once, with no byte. It keeps reading: closing the read side too would
 * make the kernel answer the client's request with an RST, which is a different fault.
 */
export function startCloseOnAccept(): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) => {
      socket.resume();
      socket.end();
    }),
  );
}
