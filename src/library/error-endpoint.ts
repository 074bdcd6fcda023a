// Where a Node.js connection error says it was connecting: read from the error's own fields, never guessed.
// Shapes seen on Node 20 (made for real in explain-error.test.ts):
// - net, http, pg, ioredis…: `connect ECONNREFUSED 127.0.0.1:5432` with `code`, `address`, `port`;
// - Happy Eyeballs (`autoSelectFamily`, on by default since Node 20): an `AggregateError` with an empty message and
//   the aggregate `code`, one error per address tried in `errors`;
// - fetch (undici): `TypeError: fetch failed` whose `cause` is the socket's error, or undici's own `SocketError`
//   (`other side closed`) that names the peer in `socket.remoteAddress`/`remotePort`; a connect timeout says
//   `attempted address: host:port` in its message only;
// - name resolution: `getaddrinfo ENOTFOUND db` (or `queryA ENOTFOUND db` through a Resolver) with `hostname` and
//   no port.
import { isIP } from 'node:net';

/** What an error says about where it was connecting. */
export type ErrorEndpoint =
  /** An address (or a name) to diagnose, as a target the parser reads, and the message that named it. */
  | { kind: 'endpoint'; target: string; symptom: string }
  /** Nothing in the error, its causes or its aggregated errors names a host; `code` is the outermost one found. */
  | { kind: 'none'; code: string | null };

/** Errors read at most: causes and aggregates nest, and a cycle or a huge aggregate must not keep us here. */
const MAX_ERRORS = 32;

/**
 * Walks the error, then its `cause`s and aggregated `errors` outward-in (breadth first, so the error thrown wins
 * over what it wraps, and the first address Node tried over the later ones), and takes the first that names an
 * address and a port; failing that, the first that names a host without a port (ENOTFOUND, EAI_AGAIN).
 */
export function errorEndpoint(error: unknown): ErrorEndpoint {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  let hostOnly: ErrorEndpoint | null = null;
  let firstCode: string | null = null;
  let firstMessage = '';
  while (queue.length > 0 && seen.size < MAX_ERRORS) {
    const current = queue.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const fields = current as Record<string, unknown>;
    const code = typeof fields.code === 'string' ? fields.code : null;
    const message = typeof fields.message === 'string' ? fields.message : '';
    firstCode ??= code;
    firstMessage ||= message;
    const symptom = message || code || firstMessage;
    const host = hostAndPort(fields, message);
    if (host !== null && host.port !== null) return { kind: 'endpoint', target: targetOf(host), symptom };
    if (host !== null && hostOnly === null) hostOnly = { kind: 'endpoint', target: targetOf(host), symptom };
    if ('cause' in fields) queue.push(fields.cause);
    if (Array.isArray(fields.errors)) queue.push(...fields.errors.slice(0, MAX_ERRORS));
  }
  return hostOnly ?? { kind: 'none', code: firstCode };
}

type HostAndPort = { host: string; port: number | null };

/** The host one error names, from its fields first, then from Node's and undici's message formats. */
function hostAndPort(fields: Record<string, unknown>, message: string): HostAndPort | null {
  const port = portOf(fields.port);
  if (typeof fields.address === 'string' && isIP(fields.address) && port !== null)
    return { host: fields.address, port };
  const socket = fields.socket;
  if (socket !== null && typeof socket === 'object') {
    const { remoteAddress, remotePort } = socket as Record<string, unknown>;
    const peerPort = portOf(remotePort);
    if (typeof remoteAddress === 'string' && isIP(remoteAddress) && peerPort !== null)
      return { host: remoteAddress, port: peerPort };
  }
  const named = [fields.hostname, fields.host].find((value) => typeof value === 'string' && value !== '');
  if (typeof named === 'string') return { host: named, port };
  return addressInMessage(message);
}

/**
 * `connect ECONNREFUSED ::1:5432` (Node writes IPv6 addresses unbracketed, the port after the last colon) and
 * undici's `Connect Timeout Error (attempted address: 10.0.0.7:443, timeout: 10000ms)`: only an IP literal is taken.
 */
function addressInMessage(message: string): HostAndPort | null {
  // Greedy, so that the port is what follows the last colon.
  const match = /\b(?:E[A-Z_]+|attempted address(?:es)?:) \[?([\w:.%]+)\]?:(\d{1,5})\b/.exec(message.slice(0, 2000));
  if (match === null || !isIP(match[1]!)) return null;
  const port = portOf(Number(match[2]));
  return port === null ? null : { host: match[1]!, port };
}

/** A port as a number, or as the digits some clients keep it in. */
function portOf(value: unknown): number | null {
  const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

/** As the target parser reads it: IPv6 in brackets when a port follows. */
function targetOf({ host, port }: HostAndPort): string {
  if (port === null) return host;
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
