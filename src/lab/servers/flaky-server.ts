import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';
import { onRequestHead } from './request-head.js';

export interface FlakyServerOptions {
  /** Every how many connections one is reset: 3 resets the 3rd, 6th, 9th … Between 2 and 100. */
  every?: number;
  /** Reset as soon as the connection is accepted, or once its request has arrived (an app that crashes on it). */
  when?: 'on-accept' | 'after-request';
  host?: string;
  port?: number;
}

/** A flaky server, and how many connections it has accepted (to check the pattern). */
export interface FlakyServer extends LabServer {
  accepted(): number;
}

const ok = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n';

/**
 * An HTTP server that answers 200 but resets every Nth connection, the signature of `intermittent-failures`
 * (an overloaded backend, a connection limit, a bad node behind a balancer). Deterministic, so a test knows
 * which attempt fails: the connections are counted from 1 in the order they are accepted.
 */
export function startFlakyServer(options: FlakyServerOptions = {}): Promise<FlakyServer> {
  const every = options.every ?? 3;
  const when = options.when ?? 'after-request';
  if (!Number.isInteger(every) || every < 2 || every > 100) {
    return Promise.reject(new RangeError(`every must be an integer from 2 to 100, not ${every}`));
  }
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    const resets = accepted % every === 0;
    if (resets && when === 'on-accept') return void socket.resetAndDestroy();
    onRequestHead(socket, () => {
      if (resets) return void socket.resetAndDestroy();
      // Keep reading what else the client sends, so the close is a FIN and not an RST for unread data.
      socket.resume();
      socket.end(ok);
    });
  });
  return listenTracked(server, options.host, options.port).then((running) => ({
    ...running,
    accepted: () => accepted,
  }));
}
