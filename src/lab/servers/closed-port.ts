import net from 'node:net';

/**
 * Where closed ports are picked: below the ephemeral ranges (Linux 32768–60999, Windows and macOS 49152–65535), so
 * that no server of the same test run that listens on port 0, and no outgoing connection, is handed the same number
 * later. A port freed from the ephemeral range was, now and then: a lab forwarder's "dead" backend then answered.
 */
const STAYS_CLOSED = { first: 20_000, count: 5_000 };
/**
 * Ports a test binds after picking them (a forwarder's own port, a server that comes up during a --wait): a range
 * of their own, so that no such server ever takes the number another test, running beside it, uses as its closed
 * target (a lab scenario's refused port once met another file's forwarder there and was answered).
 */
const BOUND_LATER = { first: 25_000, count: 5_000 };

/**
 * A port on `host` where nothing listens: bound to check that it is free, then closed, so a SYN to it gets an RST.
 * Tries a few numbers from the range above; falls back to a freed ephemeral port if all were taken.
 */
export function findClosedPort(host = '127.0.0.1'): Promise<number> {
  return findFreeIn(STAYS_CLOSED, host);
}

/**
 * A port on `host` where nothing listens yet, for a test that will listen on it itself: from a range where no
 * `findClosedPort` number lies.
 */
export function findPortToListenOn(host = '127.0.0.1'): Promise<number> {
  return findFreeIn(BOUND_LATER, host);
}

async function findFreeIn(range: { first: number; count: number }, host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = range.first + Math.floor(Math.random() * range.count);
    if (await bindsThenCloses(host, port)) return port;
  }
  return freedEphemeralPort(host);
}

function bindsThenCloses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port }, () => server.close(() => resolve(true)));
  });
}

function freedEphemeralPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
