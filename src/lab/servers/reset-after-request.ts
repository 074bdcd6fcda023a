import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';
import { onRequestHead } from './request-head.js';

/** Reads the request head, then aborts with an RST, as an app that crashes on the request does. */
export function startResetAfterRequest(): Promise<LabServer> {
  return listenTracked(net.createServer((socket) => onRequestHead(socket, () => socket.resetAndDestroy())));
}
