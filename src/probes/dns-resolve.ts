import { isIP } from 'node:net';
import type {
  DirectQueries,
  DnsConclusion,
  DnsFacts,
  DnsQueryResult,
  ResolvedAddress,
  SystemLookupResult,
} from './dns-facts.js';
import type { DnsProbes } from './dns-probes.js';
import type { DnsQueryType } from './dns-query.js';
import type { ProbeBudget } from './probe-budget.js';
import { nowMs } from '../shared/monotonic-clock.js';

/**
 * What kind of host the target names: the same union as the engine's `HostKind`, spelled out here because
 * probes may not import the engine (test/architecture.test.ts). Should `HostKind` grow, the engine's call
 * stops compiling, which is the point.
 */
export type DnsHostKind = 'ipv4' | 'ipv6' | 'localhost' | 'name';

/** RFC 6761 §6.3: localhost names are loopback by definition, whatever the resolver says. */
const loopback: ResolvedAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

/**
 * The DNS step: resolves the target's host as its clients would, and gathers the evidence that explains a
 * failure. Independent probes run concurrently, each within the budget. Never throws.
 */
export async function resolveName(
  target: { host: string; hostKind: DnsHostKind },
  options: { dnsServer: string | null },
  budget: ProbeBudget,
  probes?: DnsProbes,
): Promise<DnsFacts> {
  const { host, hostKind } = target;
  if (hostKind === 'ipv4' || hostKind === 'ipv6') {
    const address = { address: host, family: hostKind === 'ipv6' ? 6 : 4 } as const;
    return { name: host, ...literal, addresses: [address], durationMs: 0 };
  }
  const using = probes ?? (await import('./dns-probes.js')).realDnsProbes;
  const started = nowMs();
  const facts =
    hostKind === 'localhost'
      ? await resolveLocalhost(host, budget, using)
      : options.dnsServer === null
        ? await resolveThroughSystem(host, budget, using)
        : await resolveThroughServer(host, options.dnsServer, budget, using);
  return { name: host, ...facts, durationMs: nowMs() - started };
}

/** DnsFacts without what resolveName adds around the measurement. */
type Measured = Omit<DnsFacts, 'name' | 'durationMs'>;

/** An IP literal is its own answer: nothing is looked up. */
const literal: Omit<Measured, 'addresses'> = {
  mode: 'ip-literal',
  hostsFile: null,
  system: null,
  queries: null,
  disagreement: null,
  conclusion: { kind: 'resolved' },
};

/** Hosts file and system lookup only: a localhost name must never be sent to DNS. */
async function resolveLocalhost(name: string, budget: ProbeBudget, probes: DnsProbes): Promise<Measured> {
  const [hostsFile, system] = await Promise.all([probes.readHostsFile(name), probes.systemLookup(name, budget)]);
  // Only when the system lookup failed do we fall back, first to the hosts file, then to the RFC 6761 rule;
  // the report can tell which from `system.kind` and the hosts-file entries.
  const hostsAddresses = hostsFile.kind === 'read' ? hostsFile.addresses : [];
  const fallback = hostsAddresses.length > 0 ? hostsAddresses : loopback;
  const addresses = system.kind === 'addresses' ? system.addresses : fallback;
  const conclusion: DnsConclusion = addresses.length > 0 ? { kind: 'resolved' } : { kind: 'no-address' };
  return { mode: 'localhost', hostsFile, system, queries: null, addresses, disagreement: null, conclusion };
}

/** What clients get (the system lookup), with direct queries to the system's resolvers as evidence. */
async function resolveThroughSystem(name: string, budget: ProbeBudget, probes: DnsProbes): Promise<Measured> {
  const [hostsFile, system, queries] = await Promise.all([
    probes.readHostsFile(name),
    probes.systemLookup(name, budget),
    askAll(name, probes.systemServers(), budget, probes),
  ]);
  return {
    mode: 'system',
    hostsFile,
    system,
    queries,
    addresses: system.kind === 'addresses' ? system.addresses : [],
    disagreement: compareWithDns(system, queries),
    conclusion: systemConclusion(system, queries),
  };
}

/** Like curl's `--dns-servers`: only the given server is asked; the system lookup is skipped. */
async function resolveThroughServer(
  name: string,
  server: string,
  budget: ProbeBudget,
  probes: DnsProbes,
): Promise<Measured> {
  const queries = await askAll(name, [server], budget, probes);
  // IPv6 first, as getaddrinfo's default policy (RFC 6724) would order them.
  const addresses = [...recordsAsAddresses(queries.aaaa, 6), ...recordsAsAddresses(queries.a, 4)];
  const conclusion = queriesConclusion(queries, addresses.length > 0);
  return { mode: 'dns-server', hostsFile: null, system: null, queries, addresses, disagreement: null, conclusion };
}

async function askAll(name: string, servers: string[], budget: ProbeBudget, probes: DnsProbes): Promise<DirectQueries> {
  const ask = (type: DnsQueryType) => probes.dnsQuery(name, type, servers, budget);
  const [a, aaaa, cname] = await Promise.all([ask('A'), ask('AAAA'), ask('CNAME')]);
  return { servers, a, aaaa, cname };
}

function recordsAsAddresses(result: DnsQueryResult, family: 4 | 6): ResolvedAddress[] {
  if (result.kind !== 'answer') return [];
  return result.records.filter((record) => isIP(record) === family).map((address) => ({ address, family }));
}

/**
 * What the direct queries alone say. NXDOMAIN is a statement about the name, not the type, so one
 * suffices for no-such-host; no-address needs both A and AAAA to be NODATA, because a failed query
 * might have hidden an address.
 */
export function queriesConclusion(queries: DirectQueries, hasAddresses: boolean): DnsConclusion {
  if (hasAddresses) return { kind: 'resolved' };
  const lookups = [queries.a, queries.aaaa];
  if (lookups.some((result) => errorCode(result) === 'nxdomain')) {
    const { cname } = queries;
    return { kind: 'no-such-host', danglingCname: cname.kind === 'answer' ? (cname.records[0] ?? null) : null };
  }
  const failure = lookups.map(errorCode).find((code) => code !== null && code !== 'nodata');
  return failure ? { kind: 'resolver-failure', code: failure } : { kind: 'no-address' };
}

/** The system lookup decides; the direct queries only sharpen a failure it reports. */
export function systemConclusion(system: SystemLookupResult, queries: DirectQueries): DnsConclusion {
  if (system.kind === 'addresses') return system.addresses.length > 0 ? { kind: 'resolved' } : { kind: 'no-address' };
  const direct = queriesConclusion(queries, false);
  switch (system.code) {
    case 'nxdomain':
    case 'nodata':
      // Node reports getaddrinfo's NODATA as ENOTFOUND too; the direct queries tell the two apart.
      if (direct.kind === 'no-such-host' || direct.kind === 'no-address') return direct;
      return system.code === 'nodata' ? { kind: 'no-address' } : { kind: 'no-such-host', danglingCname: null };
    default: {
      // e.g. EAI_AGAIN from the system, SERVFAIL from the server: the server's code says more.
      const sharper = direct.kind === 'resolver-failure' && direct.code !== 'other' ? direct.code : null;
      return { kind: 'resolver-failure', code: sharper ?? system.code };
    }
  }
}

/**
 * Compares the system's addresses with DNS's A and AAAA answers (a hosts-file override shows up here).
 * NXDOMAIN and NODATA count as "no addresses"; any other failure on either side leaves nothing to compare.
 */
export function compareWithDns(system: SystemLookupResult, queries: DirectQueries): DnsFacts['disagreement'] {
  const systemSide = system.kind === 'addresses' ? system.addresses.map(({ address }) => address) : negative(system);
  const a = queries.a.kind === 'answer' ? queries.a.records : negative(queries.a);
  const aaaa = queries.aaaa.kind === 'answer' ? queries.aaaa.records : negative(queries.aaaa);
  if (systemSide === null || a === null || aaaa === null) return null;
  const dnsSide = [...a, ...aaaa];
  return {
    onlySystem: systemSide.filter((address) => !dnsSide.includes(address)),
    onlyDns: dnsSide.filter((address) => !systemSide.includes(address)),
  };
}

function negative(result: { code: string }): string[] | null {
  return result.code === 'nxdomain' || result.code === 'nodata' ? [] : null;
}

function errorCode(result: DnsQueryResult) {
  return result.kind === 'error' ? result.code : null;
}
