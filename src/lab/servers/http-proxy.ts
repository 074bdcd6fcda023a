import http from 'node:http';
import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** How the lab proxy behaves. Whatever the mode, it forwards only to loopback targets: anything else gets 403. */
export type LabProxyMode =
  /** Forwards absolute-form GETs and opens CONNECT tunnels, as a working proxy does. */
  | { mode: 'forward' }
  /** 403 to every request, as a proxy whose policy forbids the target. */
  | { mode: 'deny' }
  /** 407 unless `Proxy-Authorization` carries these Basic credentials; then it forwards. */
  | {
      mode: 'auth';
      username: string;
      password: string;
    }
  /** Reads the request, then resets the connection: a proxy that crashes or drops what it dislikes. */
  | { mode: 'break' };

/** One request the proxy received, so a test can check what its client sent. */
export interface LabProxyRequest {
  method: string;
  /** The request target as sent: `http://127.0.0.1:8080/path` or `127.0.0.1:443`. */
  target: string;
  /** The `Proxy-Authorization` header as received (lab credentials only), or null. */
  proxyAuthorization: string | null;
}

/** A lab proxy on loopback, with what it was asked. */
export interface LabProxy extends LabServer {
  /** The requests received so far (the first 100). */
  requests: LabProxyRequest[];
}

const realm = 'Basic realm="conn-doctor lab proxy"';
const maxLogged = 100;
/** Headers that concern one hop only, never passed on (RFC 9110 §7.6.1). */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** A loopback host and port the proxy dials. */
export interface LabUpstream {
  host: string;
  port: number;
}

/** What the lab proxy does besides its mode. */
export interface LabProxyOptions {
  /**
   * Target authority (`127.0.0.1:41234`, `[::1]:41234`, `localhost:41234`, `nxdomain.lab.test:80`) → where the proxy
   * really connects for it: a corporate gateway that reaches what its clients cannot, a name their DNS does not know
   * included. This map is the proxy's only resolver: a name it does not list is refused, never looked up. The upstream
   * is held to loopback like any target.
   */
  reroute?: Readonly<Record<string, LabUpstream>>;
}

/** Starts a forward proxy on `host` (127.0.0.1 by default) in `mode`. */
export async function startHttpProxy(
  mode: LabProxyMode,
  host = '127.0.0.1',
  options: LabProxyOptions = {},
): Promise<LabProxy> {
  const requests: LabProxyRequest[] = [];
  const upstreams = new Set<net.Socket>();
  const server = http.createServer();

  /** Where to connect for a target: its reroute if it has one, and only ever a loopback address; null to refuse. */
  const upstreamFor = (targetHost: string, port: number): { address: string; port: number } | null => {
    const rerouted = options.reroute?.[authorityOf(targetHost, port)];
    const address = loopbackAddress(rerouted?.host ?? targetHost);
    return address === null ? null : { address, port: rerouted?.port ?? port };
  };

  /** The answer the mode gives before any forwarding, or null to forward. */
  const refusal = (request: http.IncomingMessage): Refusal | 'reset' | null => {
    const proxyAuthorization = request.headers['proxy-authorization'] ?? null;
    const logged = { method: request.method ?? '', target: request.url ?? '', proxyAuthorization };
    if (requests.length < maxLogged) requests.push(logged);
    switch (mode.mode) {
      case 'break':
        return 'reset';
      case 'deny':
        return { status: 403, body: 'Access denied by the lab proxy\n' };
      case 'auth': {
        const expected = `Basic ${Buffer.from(`${mode.username}:${mode.password}`, 'utf8').toString('base64')}`;
        if (proxyAuthorization === expected) return null;
        return { status: 407, body: 'Proxy credentials required\n', headers: { 'Proxy-Authenticate': realm } };
      }
      case 'forward':
        return null;
    }
  };

  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const refused = refusal(request);
    if (refused === 'reset') return request.socket.resetAndDestroy();
    if (refused) return answer(response, refused);
    const url = absoluteHttpUrl(request.url ?? '');
    if (!url) return answer(response, { status: 400, body: 'The lab proxy takes absolute-form http:// requests\n' });
    const dial = upstreamFor(url.hostname, Number(url.port || 80));
    if (dial === null) return answer(response, { status: 403, body: 'The lab proxy forwards to loopback only\n' });
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !hopByHop.has(name)));
    const path = `${url.pathname}${url.search}`;
    const upstream = http.request(
      { host: dial.address, port: dial.port, method: request.method, path, headers, agent: false },
      (reply) => {
        const replyHeaders = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !hopByHop.has(name)));
        const via = { Via: '1.1 conn-doctor-lab-proxy', Connection: 'close' };
        response.writeHead(reply.statusCode ?? 502, reply.statusMessage, { ...replyHeaders, ...via });
        reply.pipe(response);
      },
    );
    upstream.on('socket', (socket) => track(upstreams, socket));
    upstream.on('error', () => (response.headersSent ? response.destroy() : answer(response, badGateway)));
    request.pipe(upstream);
  });

  server.on('connect', (request: http.IncomingMessage, client: net.Socket, early: Buffer) => {
    client.on('error', () => {});
    const refused = refusal(request);
    if (refused === 'reset') return client.resetAndDestroy();
    if (refused) return void client.end(rawAnswer(refused));
    const authority = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(request.url ?? '');
    const dial = authority ? upstreamFor(authority[1]!, Number(authority[2])) : null;
    if (dial === null) {
      return void client.end(rawAnswer({ status: 403, body: 'The lab proxy tunnels to loopback only\n' }));
    }
    const upstream = track(upstreams, net.connect({ host: dial.address, port: dial.port }));
    let established = false;
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\nProxy-Agent: conn-doctor-lab-proxy\r\n\r\n');
      if (early.length > 0) upstream.write(early);
      client.pipe(upstream).on('error', () => {});
      upstream.pipe(client);
    });
    upstream.once('error', () => (established ? client.destroy() : client.end(rawAnswer(badGateway))));
    client.once('close', () => upstream.destroy());
  });

  const running = await listenTracked(server, host);
  return {
    ...running,
    requests,
    stop: () => {
      for (const socket of upstreams) socket.destroy();
      return running.stop();
    },
  };
}

/**
 * The address to dial for `host` if it is loopback, else null: 127.0.0.0/8, ::1, and `localhost` (taken as
 * 127.0.0.1, never looked up). The safety catch that keeps the lab from ever sending traffic off this machine.
 */
export function loopbackAddress(host: string): string | null {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare.toLowerCase() === 'localhost') return '127.0.0.1';
  if (net.isIPv4(bare)) return bare.startsWith('127.') ? bare : null;
  if (!net.isIPv6(bare)) return null;
  const loopback = new net.BlockList();
  loopback.addAddress('::1', 'ipv6');
  return loopback.check(bare, 'ipv6') ? bare : null;
}

/** `host:port` as reroute keys are written: lower case, IPv6 in brackets. */
function authorityOf(host: string, port: number): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return net.isIPv6(bare) ? `[${bare}]:${port}` : `${bare}:${port}`;
}

interface Refusal {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const badGateway: Refusal = { status: 502, body: 'The lab proxy could not reach the target\n' };

function answer(response: http.ServerResponse, { status, body, headers }: Refusal): void {
  const length = Buffer.byteLength(body);
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': length,
    Connection: 'close',
  });
  response.end(body);
}

/** The same answer written by hand, on a socket the HTTP server has handed over (after CONNECT). */
function rawAnswer({ status, body, headers = {} }: Refusal): string {
  const lines = [
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Status'}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function absoluteHttpUrl(target: string): URL | null {
  try {
    const url = new URL(target);
    return url.protocol === 'http:' && target.startsWith('http://') ? url : null;
  } catch {
    return null;
  }
}

function track(sockets: Set<net.Socket>, socket: net.Socket): net.Socket {
  sockets.add(socket);
  socket.on('error', () => {});
  socket.once('close', () => sockets.delete(socket));
  return socket;
}
