import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

export interface IdleClosingOptions {
  /** How long a connection may sit idle (before its first request, or after a response) before it is closed. */
  idleMs: number;
  /** The `Keep-Alive: timeout=N` it announces, in seconds; by default idleMs rounded, at least 1. */
  announceSeconds?: number;
  host?: string;
  port?: number;
}

/** Past this a request head is not worth waiting for: the connection is closed. */
const maxHeadBytes = 16 * 1024;

/**
 * An HTTP/1.1 keep-alive server that closes idle connections, as nginx's `keepalive_timeout` or Node's
 * `server.keepAliveTimeout` do: the fault behind `idle-keepalive-close`. Each request (GET-like, no body) gets a
 * 200 and restarts the idle timer; when it fires the server sends FIN and then closes the socket fully, so a
 * client that reuses the connection afterwards gets an RST (ECONNRESET / "socket hang up").
 */
export function startIdleClosingServer(options: IdleClosingOptions): Promise<LabServer> {
  const { idleMs } = options;
  const announce = options.announceSeconds ?? Math.max(1, Math.round(idleMs / 1000));
  const answer = (close: boolean) =>
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n' +
    (close ? 'Connection: close\r\n' : `Connection: keep-alive\r\nKeep-Alive: timeout=${announce}\r\n`) +
    '\r\nok\n';

  const server = net.createServer((socket) => {
    let pending = '';
    let closing = false;
    let idle: NodeJS.Timeout | undefined;
    // FIN first (`end`), then a full close once it is sent: later bytes from the client meet an RST.
    const close = () => {
      closing = true;
      clearTimeout(idle);
      socket.end(() => socket.destroy());
    };
    const waitIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(close, idleMs);
    };
    socket.once('close', () => clearTimeout(idle));
    socket.on('data', (chunk: Buffer) => {
      if (closing) return;
      clearTimeout(idle);
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0 && !closing; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        const wantsClose = /^connection:\s*close\s*$/im.test(head);
        socket.write(answer(wantsClose));
        if (wantsClose) close();
      }
      if (closing) return;
      if (pending.length > maxHeadBytes) return close();
      waitIdle();
    });
    waitIdle();
  });
  return listenTracked(server, options.host, options.port);
}
