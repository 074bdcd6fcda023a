/** An address a name resolved to, in the order it was returned. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Stable codes for DNS outcomes; the tree branches on these. */
export type DnsErrorCode =
  /** NXDOMAIN / ENOTFOUND: the name does not exist. */
  | 'nxdomain'
  /** NOERROR with no record of the asked type (ENODATA). */
  | 'nodata'
  /** The server failed to answer (SERVFAIL). */
  | 'servfail'
  /** The server refused to answer (REFUSED). */
  | 'refused'
  /** No answer within the budget. */
  | 'timeout'
  /** Temporary failure in the system resolver (EAI_AGAIN), or no server could be reached at all. */
  | 'temporary'
  /** No resolver is configured. */
  | 'no-resolver'
  | 'other';

export type HostsFileResult =
  | { kind: 'read'; path: string; addresses: ResolvedAddress[] }
  | { kind: 'unreadable'; path: string; errno: string };

/** The operating system's lookup (getaddrinfo: hosts file, then DNS, as every client does). */
export type SystemLookupResult =
  | { kind: 'addresses'; addresses: ResolvedAddress[]; durationMs: number }
  | { kind: 'error'; code: DnsErrorCode; errno: string; durationMs: number };

/** A query that got no answer: the stable code, the errno behind it. */
export interface DnsQueryFailure {
  kind: 'error';
  code: DnsErrorCode;
  errno: string;
  durationMs: number;
}

/** One direct DNS query (A, AAAA, CNAME or TXT) to a resolver. */
export type DnsQueryResult = { kind: 'answer'; records: string[]; durationMs: number } | DnsQueryFailure;

/** One SRV record (RFC 2782): where a service runs. */
export interface SrvRecord {
  /** The host name, made visible and bounded. */
  target: string;
  port: number;
  priority: number;
  weight: number;
}

/** A direct SRV query, its records in the order the server gave them. */
export type SrvQueryResult = { kind: 'answer'; records: SrvRecord[]; durationMs: number } | DnsQueryFailure;

/**
 * A `mongodb+srv://` target's lookup (MongoDB's "Initial DNS Seedlist Discovery" spec): the SRV records of
 * `_mongodb._tcp.<host>` name the servers, the TXT record of `<host>` adds connection options.
 */
export interface SrvLookup {
  /** The SRV name asked: `_mongodb._tcp.cluster0.example.net`. */
  name: string;
  /** The resolvers asked (`--dns-server`, else the system's). */
  servers: string[];
  srv: SrvQueryResult;
  /** The TXT query of the host itself; its failure is no failure of the lookup (the record is optional). */
  txt: DnsQueryResult;
  /** The record diagnosed: the first the server listed whose host is inside the URL host's domain; null when none. */
  chosen: SrvRecord | null;
  /** SRV targets left out because they are outside the URL host's domain (the spec forbids following them). */
  outside: string[];
}

export interface DirectQueries {
  /** The servers asked, `ip` or `ip:port`. */
  servers: string[];
  a: DnsQueryResult;
  aaaa: DnsQueryResult;
  cname: DnsQueryResult;
}

/** How the name was resolved, and why the other ways were skipped. */
export type ResolutionMode =
  /** An IP literal: no lookup at all. */
  | 'ip-literal'
  /** `localhost` / `*.localhost`: hosts file and system lookup only, never DNS (RFC 6761). */
  | 'localhost'
  /** System lookup, plus direct queries to the system's resolvers for evidence. */
  | 'system'
  /** Direct queries to `--dns-server` only; the system lookup is skipped. */
  | 'dns-server';

export type DnsConclusion =
  | { kind: 'resolved' }
  | { kind: 'no-such-host'; danglingCname: string | null }
  | { kind: 'no-address' }
  | { kind: 'resolver-failure'; code: DnsErrorCode };

/** Everything the DNS step measured. */
export interface DnsFacts {
  name: string;
  mode: ResolutionMode;
  /** Entries for the name in the hosts file; null when not consulted (IP literal, --dns-server). */
  hostsFile: HostsFileResult | null;
  system: SystemLookupResult | null;
  queries: DirectQueries | null;
  /** The addresses a client would connect to, in order. Empty when resolution failed. */
  addresses: ResolvedAddress[];
  /** Where the system lookup and DNS disagree (e.g. a hosts-file override); null when not compared. */
  disagreement: { onlySystem: string[]; onlyDns: string[] } | null;
  conclusion: DnsConclusion;
  durationMs: number;
  /** For `mongodb+srv://`: the SRV lookup that named the host resolved here (`name`), or that failed. */
  srv?: SrvLookup;
}
