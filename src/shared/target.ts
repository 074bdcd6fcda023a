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
  /** Path and query for HTTP targets, `/` when none was given. */
  path: string;
}

export type Scheme = 'http' | 'https' | 'tcp';

/** `localhost` also covers `*.localhost` (RFC 6761): loopback by definition, never sent to DNS. */
export type HostKind = 'ipv4' | 'ipv6' | 'localhost' | 'name';

/** URL credentials: used for the HTTP request's Basic auth, never printed or reported. */
export interface Credentials {
  username: string;
  password: string;
}

export type ParsedTarget = { ok: true; target: Target; credentials: Credentials | null } | { ok: false; error: string };

/** A target whose port is known: what every network probe needs. */
export type ResolvedTarget = Target & { port: number };
