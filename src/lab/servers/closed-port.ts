import net from 'node:net';

/**
 * A port on 127.0.0.1 where nothing listens: bound to learn a free number, then closed, so a SYN
 * to it gets an RST. Another process could take it in between; on an ephemeral port that is rare.
 */
export function findClosedPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
