import { getServers } from 'node:dns';
import type { DnsQueryResult, HostsFileResult, SystemLookupResult } from './dns-facts.js';
import { dnsQuery, type DnsQueryType } from './dns-query.js';
import { readHostsFile } from './hosts-file.js';
import type { ProbeBudget } from './probe-budget.js';
import { systemLookup } from './system-lookup.js';

/** The probes the DNS step runs, so a test can keep made-up names away from the system resolver. */
export interface DnsProbes {
  readHostsFile(name: string): Promise<HostsFileResult>;
  systemLookup(name: string, budget: ProbeBudget): Promise<SystemLookupResult>;
  dnsQuery(name: string, type: DnsQueryType, servers: readonly string[], budget: ProbeBudget): Promise<DnsQueryResult>;
  /** The resolvers the system uses (`getServers()`). */
  systemServers(): string[];
}

/** Loaded only for names: an IP literal needs no resolver, and node:dns costs start-up time. */
export const realDnsProbes: DnsProbes = {
  readHostsFile: (name) => readHostsFile(name),
  systemLookup: (name, budget) => systemLookup(name, budget),
  dnsQuery,
  systemServers: () => getServers(),
};
