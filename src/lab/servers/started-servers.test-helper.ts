import net from 'node:net';
import { afterEach } from 'vitest';

/** Anything a test starts that must be stopped: a lab server, a forwarder, a proxy. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Call once at the top of a test file: `use` awaits a server as it starts and remembers it, and an `afterEach`
 * stops every one, so a failed test leaves no listener behind for the next.
 */
export function useStartedServers(): <T extends Stoppable>(server: Promise<T> | T) => Promise<T> {
  const started: Stoppable[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  });
  return async (server) => {
    const running = await server;
    started.push(running);
    return running;
  };
}

/** How a bare connect to host:port ends: 'open', the errno of its failure, or 'timeout' after `waitMs`. */
export function connectOutcome(host: string, port: number, waitMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done('timeout'), waitMs);
    socket.on('connect', () => done('open'));
    socket.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'UNKNOWN'));
  });
}

/** What a plain client saw: the bytes, and how the exchange ended within `waitMs`. */
export interface Seen {
  bytes: Buffer;
  ending: 'end' | 'error' | 'still-open';
  errno?: string;
}

/** Connects, sends `send` if given, and records everything until the peer ends, errors or `waitMs` pass. */
export function talk(server: { host?: string; port: number }, send?: string | Buffer, waitMs = 2000): Promise<Seen> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ host: server.host ?? '127.0.0.1', port: server.port });
    const done = (ending: Seen['ending'], errno?: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ending, ...(errno ? { errno } : {}) });
    };
    const timer = setTimeout(() => done('still-open'), waitMs);
    socket.on('connect', () => send && socket.write(send));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => done('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => done('error', error.code));
  });
}
