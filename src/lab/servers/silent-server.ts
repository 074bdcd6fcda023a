import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** Accepts and reads, but never sends a byte: a hung worker. Its sockets are destroyed on stop. */
export function startSilentServer(host = '127.0.0.1'): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) => socket.resume()),
    host,
  );
}
