import type { DnsErrorCode, DnsFacts } from '../probes/dns-facts.js';
import type { ProxyResponse, ProxyResult } from '../probes/proxy-result.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { TlsResult } from '../probes/tls-result.js';
import { diagnosisTree } from './diagnosis-tree.js';
import type { Facts } from './facts.js';
import { guards } from './guards.js';

/** Facts as the probes would leave them for an http target off this machine (TEST-NET-1), behind `env`'s proxy. */
export function factsFor(over: Partial<Facts> & { url?: string } = {}): Facts {
  const { url = 'http://192.0.2.10:8080/', ...rest } = over;
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(':', '') as Facts['target']['scheme'];
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostKind = /^[\d.]+$/.test(host)
    ? 'ipv4'
    : host.includes(':')
      ? 'ipv6'
      : host === 'localhost'
        ? 'localhost'
        : 'name';
  return {
    target: {
      input: url,
      scheme,
      host,
      hostKind,
      port: Number(parsed.port),
      path: scheme === 'tcp' ? '/' : parsed.pathname,
    },
    symptom: null,
    platform: 'linux',
    dnsServer: null,
    caFile: null,
    timeoutMs: 3000,
    repeatCount: null,
    env: {},
    answers: {},
    ...rest,
  };
}

/** One direct connect attempt of `kind` to address:port. */
export function attempt(kind: TcpConnectResult['kind'], address = '192.0.2.10', port = 8080): TcpConnectResult {
  const endpoint = { address, family: address.includes(':') ? (6 as const) : (4 as const), port };
  switch (kind) {
    case 'open':
      return { ...endpoint, kind, connectMs: 0.4 };
    case 'refused':
      return { ...endpoint, kind, connectMs: 0.3 };
    case 'timeout':
    case 'aborted':
      return { ...endpoint, kind, waitedMs: 3000 };
    case 'host-unreachable':
      return { ...endpoint, kind, connectMs: 12, errno: 'EHOSTUNREACH' };
    case 'network-unreachable':
      return { ...endpoint, kind, connectMs: 0.1, errno: 'ENETUNREACH' };
    case 'error':
      return { ...endpoint, kind, connectMs: 0.1, errorKind: 'other', errno: 'EWHATEVER' };
  }
}

/** A complete answer head as the proxy probe parses one. */
export function response(
  status: number,
  reason: string,
  headers: { name: string; value: string }[] = [],
): ProxyResponse {
  const marks = { connectedAt: 0.5, secureAt: null, requestWrittenAt: 0.6, firstByteAt: 4, doneAt: 4.5 };
  return { kind: 'response', status, reason, httpVersion: '1.1', headers, bodyBytesRead: 0, bodyPreview: '', marks };
}

/** A finished handshake, its certificate judged with `chainError` (null: it verifies). */
export function secure(chainError: string | null = null): TlsResult {
  const verification = { chainError, checkedName: 'example.test', hostnameError: null };
  const session = { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null, chain: [], verification };
  return {
    kind: 'secure',
    session,
    handshakeMs: 3,
    postHandshake: null,
    marks: { connectedAt: 0, secureAt: 3, doneAt: 3 },
  };
}

export const viaGet = (
  status: number,
  reason = 'OK',
  headers: { name: string; value: string }[] = [],
): ProxyResult => ({
  kind: 'proxy-answered',
  method: 'GET',
  status,
  response: response(status, reason, headers),
});

export const viaTunnel = (tls: TlsResult | null): ProxyResult => ({
  kind: 'tunnel-established',
  response: response(200, 'Connection established'),
  tls,
});

/**
 * Walks the tree from `from` as the engine does, with every probe's result already in `facts` and every question
 * taking its default. Returns the nodes passed, then `⇒ verdict`.
 */
export function walk(facts: Facts, from = 'tcp.connect'): string[] {
  const path: string[] = [];
  let id = from;
  let known = facts;
  for (let step = 0; step < 50; step++) {
    const node = diagnosisTree.nodes[id];
    if (!node) throw new Error(`no node ${id}`);
    path.push(id);
    if (node.kind === 'question') known = { ...known, answers: { ...known.answers, [id]: node.defaultValue } };
    const edge = node.edges.find((candidate) => guards[candidate.when].test(known));
    if (!edge) throw new Error(`no edge of ${id} matches`);
    if ('verdict' in edge) return [...path, `⇒ ${edge.verdict}`];
    id = edge.goto;
  }
  throw new Error('the walk did not end');
}

/** The errno Node.js gives for each DNS outcome (c-ares for the direct queries, getaddrinfo for EAI_AGAIN). */
const errnos: Record<DnsErrorCode, string> = {
  nxdomain: 'ENOTFOUND',
  nodata: 'ENODATA',
  servfail: 'ESERVFAIL',
  refused: 'EREFUSED',
  timeout: 'ETIMEOUT',
  temporary: 'EAI_AGAIN',
  'no-resolver': 'ECONNREFUSED',
  other: 'EBADRESP',
};

/** DNS facts for a name that did not resolve, as the DNS step leaves them: `--dns-server` given, or the system lookup. */
export function unresolved(
  conclusion: Exclude<DnsFacts['conclusion'], { kind: 'resolved' }>,
  name = 'intranet.corp.test',
  via: 'dns-server' | 'system' = 'dns-server',
): DnsFacts {
  const code =
    conclusion.kind === 'resolver-failure' ? conclusion.code : conclusion.kind === 'no-address' ? 'nodata' : 'nxdomain';
  const failed = { kind: 'error' as const, code, errno: errnos[code], durationMs: 1.2 };
  const queries = {
    servers: [via === 'dns-server' ? '10.0.0.53:53' : '10.0.0.53'],
    a: failed,
    aaaa: failed,
    cname: failed,
  };
  const system = via === 'system' ? { ...failed, durationMs: 4.5 } : null;
  return {
    name,
    mode: via,
    hostsFile: null,
    system,
    queries,
    addresses: [],
    disagreement: null,
    conclusion,
    durationMs: 2.5,
  };
}
