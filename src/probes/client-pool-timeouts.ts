/** How one HTTP client keeps idle connections for reuse, with its default settings. */
export interface ClientPool {
  /** Stable id: `node-global-agent`. */
  id: string;
  /** The client as its users know it, with the versions these defaults hold for. */
  client: string;
  /** How long an idle pooled connection is kept before the client closes it; null: until the server closes it. */
  idleTimeoutMs: number | null;
  /**
   * What the client does with the server's `Keep-Alive: timeout=N`: `caps` its own idle time at N s less
   * `marginMs`, or `replaces` it with that (at most `maxMs`); at or below zero it does not pool the connection.
   * Null when it ignores the header.
   */
  keepAliveHint: { effect: 'caps' | 'replaces'; marginMs: number; maxMs: number | null } | null;
  /** Where the idle time is set, for the advice. */
  setting: string;
}

/**
 * Defaults as of the versions named. Each entry's source is in the comment above it; check it again before
 * changing a number, since several of these changed across releases.
 */
export const clientPools: readonly ClientPool[] = [
  // Node ≥ 19: lib/_http_agent.js `globalAgent: new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000 })`
  // (nodejs/node#48821); keepSocketAlive() takes min(timeout, hint − HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER = 1000 ms)
  // and stops pooling when the hint leaves nothing (read in the Node 20.20 source).
  {
    id: 'node-global-agent',
    client: 'Node.js http/https default agent (Node ≥ 19)',
    idleTimeoutMs: 5000,
    keepAliveHint: { effect: 'caps', marginMs: 1000, maxMs: null },
    setting: 'new http.Agent({ keepAlive: true, timeout: ms })',
  },
  // Same keepSocketAlive(): with no `timeout` the agent timeout is 0, no hint is smaller than 0, so the hint is
  // parsed and dropped and the socket waits in the pool until the server closes it (microsoft/playwright#42698).
  {
    id: 'node-keepalive-agent',
    client: 'Node.js new http.Agent({ keepAlive: true }) without timeout',
    idleTimeoutMs: null,
    keepAliveHint: null,
    setting: 'new http.Agent({ keepAlive: true, timeout: ms })',
  },
  // undici Client defaults: keepAliveTimeout 4e3, keepAliveMaxTimeout 6e5, keepAliveTimeoutThreshold 2e3
  // (1e3 before undici 6.14.1); a hint replaces keepAliveTimeout. Read in Node 20.20's bundled undici 6.24.
  {
    id: 'node-fetch-undici',
    client: 'Node.js fetch / undici',
    idleTimeoutMs: 4000,
    keepAliveHint: { effect: 'replaces', marginMs: 2000, maxMs: 600_000 },
    setting: 'new undici.Agent({ keepAliveTimeout: ms })',
  },
  // Go src/net/http/transport.go: DefaultTransport has `IdleConnTimeout: 90 * time.Second`; the Transport does
  // not read Keep-Alive. A Transport built by hand has IdleConnTimeout 0: no limit.
  {
    id: 'go-default-transport',
    client: 'Go net/http DefaultTransport',
    idleTimeoutMs: 90_000,
    keepAliveHint: null,
    setting: 'http.Transport{IdleConnTimeout: …}',
  },
  // urllib3 connectionpool: no idle timeout; before reuse it drops a connection whose FIN has already arrived
  // (is_connection_dropped), so only a close that crosses the request in flight fails.
  {
    id: 'python-urllib3',
    client: 'Python requests / urllib3',
    idleTimeoutMs: null,
    keepAliveHint: null,
    setting: 'none: close the Session, or retry on ConnectionResetError',
  },
  // JDK-8297030 (openjdk/jdk#11285): jdk.httpclient.keepalive.timeout default lowered from 1200 s to 30 s in JDK 20.
  // Its HTTP/1.1 pool is not documented to read Keep-Alive.
  {
    id: 'java-httpclient-20',
    client: 'Java java.net.http.HttpClient (JDK ≥ 20)',
    idleTimeoutMs: 30_000,
    keepAliveHint: null,
    setting: '-Djdk.httpclient.keepalive.timeout=seconds',
  },
  {
    id: 'java-httpclient-11',
    client: 'Java java.net.http.HttpClient (JDK 11–19)',
    idleTimeoutMs: 1_200_000,
    keepAliveHint: null,
    setting: '-Djdk.httpclient.keepalive.timeout=seconds',
  },
  // HttpClient 4.x DefaultConnectionKeepAliveStrategy "looks solely at the 'Keep-Alive' header's timeout token";
  // without it the connection is kept indefinitely (unless evictIdleConnections is set).
  {
    id: 'apache-httpclient-4',
    client: 'Apache HttpClient 4.x',
    idleTimeoutMs: null,
    keepAliveHint: { effect: 'replaces', marginMs: 0, maxMs: null },
    setting: 'HttpClientBuilder.evictIdleConnections(…) or a ConnectionKeepAliveStrategy',
  },
  // OkHttp ConnectionPool(): 5 idle connections, 5 minutes; the Keep-Alive header is ignored (square/okhttp#269).
  {
    id: 'okhttp',
    client: 'OkHttp (Android, Kotlin, Java)',
    idleTimeoutMs: 300_000,
    keepAliveHint: null,
    setting: 'ConnectionPool(maxIdle, keepAliveDuration, unit)',
  },
  // SocketsHttpHandler.PooledConnectionIdleTimeout: 1 minute in .NET ≥ 6 (2 minutes before). It reads Keep-Alive
  // on HTTP/1.0 responses only (dotnet/runtime#73020), so for HTTP/1.1 servers it is ignored.
  {
    id: 'dotnet-httpclient',
    client: '.NET HttpClient / SocketsHttpHandler (.NET ≥ 6)',
    idleTimeoutMs: 60_000,
    keepAliveHint: null,
    setting: 'SocketsHttpHandler.PooledConnectionIdleTimeout',
  },
  // libcurl CURLOPT_MAXAGE_CONN: "Default maximum age is set to 118 seconds" (since 7.65.0).
  {
    id: 'libcurl',
    client: 'libcurl (PHP curl, pycurl, git …)',
    idleTimeoutMs: 118_000,
    keepAliveHint: null,
    setting: 'CURLOPT_MAXAGE_CONN',
  },
];

/** `timeout=N` from a Keep-Alive header, in seconds; null when absent or not a number. */
export function keepAliveTimeoutSeconds(header: string | null): number | null {
  const match = header === null ? null : /(?:^|[,;\s])timeout\s*=\s*"?(\d{1,9})"?/i.exec(header);
  return match ? Number(match[1]) : null;
}

/** Whether one client would hand out a connection this server has closed. */
export type ReuseRisk =
  /** The client closes its idle connection first: no stale reuse. */
  | {
      kind: 'client-closes-first';
      clientIdleMs: number;
    }
  /** The hint is too short for the client to pool the connection at all. */
  | { kind: 'not-pooled' } /**
   * The client keeps the connection at least as long as the server: a request sent as the server closes fails
   * with ECONNRESET / "socket hang up", and if the close is lost on the way (NAT, firewall) every reuse fails.
   */
  | { kind: 'stale-reuse'; clientIdleMs: number | null };

/**
 * A client closing less than this before the server still races its close: the server's clock starts when it
 * sends the response, ours when the response arrives, and a request needs time to cross. Node's own agent
 * keeps the same 1 s buffer for the same reason.
 */
export const raceMarginMs = 1000;

/** The idle time this client applies after this response, or null for "until the server closes". */
export function clientIdleMs(pool: ClientPool, keepAliveHeader: string | null): number | null | 'not-pooled' {
  const hintSeconds = keepAliveTimeoutSeconds(keepAliveHeader);
  if (pool.keepAliveHint === null || hintSeconds === null) return pool.idleTimeoutMs;
  const { effect, marginMs, maxMs } = pool.keepAliveHint;
  const hinted = hintSeconds * 1000 - marginMs;
  if (hinted <= 0) return 'not-pooled';
  if (effect === 'replaces') return maxMs === null ? hinted : Math.min(hinted, maxMs);
  return pool.idleTimeoutMs === null ? hinted : Math.min(pool.idleTimeoutMs, hinted);
}

/** For a server measured to close idle connections after `serverIdleMs`, what each client's pool does with it. */
export function staleReuseRisks(
  serverIdleMs: number,
  keepAliveHeader: string | null,
  pools: readonly ClientPool[] = clientPools,
): { pool: ClientPool; risk: ReuseRisk }[] {
  return pools.map((pool) => {
    const idle = clientIdleMs(pool, keepAliveHeader);
    if (idle === 'not-pooled') return { pool, risk: { kind: 'not-pooled' } };
    if (idle !== null && idle + raceMarginMs <= serverIdleMs)
      return { pool, risk: { kind: 'client-closes-first', clientIdleMs: idle } };
    return { pool, risk: { kind: 'stale-reuse', clientIdleMs: idle } };
  });
}
