import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';
import { onRequestHead } from './request-head.js';

/** Reads the request head, then closes cleanly (FIN) without answering: curl's "Empty reply from server". */
export function startCloseAfterRequest(): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) =>
      onRequestHead(socket, () => {
        socket.resume();
        socket.end();
      }),
    ),
  );
}
