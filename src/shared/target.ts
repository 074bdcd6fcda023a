/** What the user asked us to reach, after parsing and validation. Serialisable; never holds credentials. */
export interface Target {
  /** The input as typed, with any URL credentials replaced by `***`. */
  input: string;
  scheme: Scheme;
  /** ASCII host: a punycode name, `localhost`, or an IP literal without brackets. */
  host: string;
  hostKind: HostKind;
  /** `null` for a bare host: the tree asks for it (80 when nobody can answer). */
  port: number | null;
  /**
   * Path and query for HTTP targets, `/` when none was given. For database URLs the path names the database and
   * the query holds options such as `sslmode`. Secrets in it (`password=`, `api_key=`, a token-shaped segment) read
   * `***`: the request sends the path as typed, which `ParsedTarget.requestPath` carries.
   */
  path: string;
}

/** An application protocol whose handshake the tree runs after the TCP connect (src/protocols). */
export type AppProtocol = 'postgresql' | 'mysql' | 'redis' | 'ssh' | 'smtp' | 'amqp' | 'mongodb';

/** URL schemes of application protocols, with the protocol each speaks, its default port and whether it is TLS. */
export const protocolSchemes = {
  ssh: { protocol: 'ssh', port: 22, tls: false },
  postgres: { protocol: 'postgresql', port: 5432, tls: false },
  postgresql: { protocol: 'postgresql', port: 5432, tls: false },
  mysql: { protocol: 'mysql', port: 3306, tls: false },
  mariadb: { protocol: 'mysql', port: 3306, tls: false },
  redis: { protocol: 'redis', port: 6379, tls: false },
  rediss: { protocol: 'redis', port: 6379, tls: true },
  mongodb: { protocol: 'mongodb', port: 27017, tls: false },
  // The SRV record names the hosts and ports (the DNS step looks it up); TLS is on by the spec's default.
  'mongodb+srv': { protocol: 'mongodb', port: 27017, tls: true },
  amqp: { protocol: 'amqp', port: 5672, tls: false },
  amqps: { protocol: 'amqp', port: 5671, tls: true },
  smtp: { protocol: 'smtp', port: 25, tls: false },
  smtps: { protocol: 'smtp', port: 465, tls: true },
} as const satisfies Record<string, { protocol: AppProtocol; port: number; tls: boolean }>;

export type ProtocolScheme = keyof typeof protocolSchemes;

export type Scheme = 'http' | 'https' | 'tcp' | ProtocolScheme;

/** The protocol a target's scheme names, or null for http, https and tcp. */
export function schemeProtocol(scheme: Scheme): AppProtocol | null {
  return scheme in protocolSchemes ? protocolSchemes[scheme as ProtocolScheme].protocol : null;
}

/** A protocol scheme spoken inside TLS from the first byte (rediss://, amqps://, smtps://, mongodb+srv://). */
export function protocolOverTls(scheme: Scheme): boolean {
  return scheme in protocolSchemes && protocolSchemes[scheme as ProtocolScheme].tls;
}

/** How the transport reads a scheme: a protocol scheme is a TCP connection (proxies, commands, diagrams). */
export function transportScheme(scheme: Scheme): 'http' | 'https' | 'tcp' {
  return scheme === 'http' || scheme === 'https' ? scheme : 'tcp';
}

/** `localhost` also covers `*.localhost` (RFC 6761): loopback by definition, never sent to DNS. */
export type HostKind = 'ipv4' | 'ipv6' | 'localhost' | 'name';

/**
 * URL credentials: the HTTP request's Basic auth, or the user (and a password to test) of a protocol handshake;
 * never printed or reported.
 */
export interface Credentials {
  username: string;
  password: string;
}

export type ParsedTarget =
  | {
      ok: true;
      target: Target;
      credentials: Credentials | null;
      /**
       * The path and query as typed, when `target.path` hides a secret in them (`?api_key=…`, a token-shaped
       * segment): what the HTTP request sends. Never shown or reported; null when the two are the same.
       */
      requestPath: string | null;
    }
  | { ok: false; error: string };

/** A target whose port is known: what every network probe needs. */
export type ResolvedTarget = Target & { port: number };
