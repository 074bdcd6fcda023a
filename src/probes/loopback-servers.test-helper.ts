import net from 'node:net';
import { afterEach } from 'vitest';
import type { TcpEndpoint } from './tcp-connect.js';

/** Servers on ephemeral loopback ports for probe tests; each is closed, with its peers, after every test. */
export interface LoopbackServers {
  /** A raw TCP server that does `onPeer` with each connection. */
  serve(onPeer: (peer: net.Socket) => void): Promise<TcpEndpoint>;
  /** Starts any server (TCP, TLS, HTTP) on 127.0.0.1:0 and tracks its connections. */
  listen(server: net.Server): Promise<TcpEndpoint>;
  /** Closes the server on `endpoint` before the test ends, so that its port refuses connections. */
  stop(endpoint: TcpEndpoint): Promise<void>;
  /** The server listening on `endpoint`. */
  server(endpoint: TcpEndpoint): net.Server;
}

/** Call once at the top of a test file: it registers the `afterEach` that closes what the file opened. */
export function useLoopbackServers(): LoopbackServers {
  const servers: net.Server[] = [];
  const peers = new Set<net.Socket>();

  afterEach(async () => {
    // server.close waits for open connections, so the peers go first.
    for (const peer of peers) peer.destroy();
    peers.clear();
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  });

  // A peer the probe resets must not fail the test with an unhandled 'error'; the probe's result is what is checked.
  function track(peer: net.Socket): void {
    peers.add(peer);
    peer.on('error', () => {});
    peer.on('close', () => peers.delete(peer));
  }

  const portOf = (server: net.Server) => (server.address() as net.AddressInfo | null)?.port;

  async function listen(server: net.Server): Promise<TcpEndpoint> {
    // Prepended, so a peer is tracked before the server's own handler can act on it.
    server.prependListener('connection', track);
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    return { address: '127.0.0.1', family: 4, port: portOf(server)! };
  }

  function server(endpoint: TcpEndpoint): net.Server {
    const found = servers.find((s) => portOf(s) === endpoint.port);
    if (found === undefined) throw new Error(`no loopback server on port ${endpoint.port}`);
    return found;
  }

  async function stop(endpoint: TcpEndpoint): Promise<void> {
    const stopped = server(endpoint);
    servers.splice(servers.indexOf(stopped), 1);
    await new Promise((done) => stopped.close(done));
  }

  return { serve: (onPeer) => listen(net.createServer(onPeer)), listen, stop, server };
}
