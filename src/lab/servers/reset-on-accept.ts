import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** Accepts, then aborts at once with an RST, as a server over its connection limit does. */
export function startResetOnAccept(): Promise<LabServer> {
  return listenTracked(net.createServer((socket) => socket.resetAndDestroy()));
}
