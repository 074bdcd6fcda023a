import type net from 'node:net';

/** A fault server listening on loopback. */
export interface LabServer {
  /** The address it listens on: '127.0.0.1' or '::1'. */
  host: string;
  port: number;
  /** Closes the listener and destroys every socket it accepted; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `server` on host:port (0 picks a free port). It keeps every accepted socket, because
 * `server.close()` alone waits for open connections, and a fault server's clients may never leave.
 */
export function listenTracked(server: net.Server, host = '127.0.0.1', port = 0): Promise<LabServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    // A lab client that resets or vanishes must not crash the lab.
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    return stopped;
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      resolve({ host, port: address.port, stop });
    });
  });
}
