import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDnsNames as n, startLabDnsServer, type LabDnsServer } from '../lab/dns-server.js';
import type { DirectQueries, DnsQueryResult, SystemLookupResult } from './dns-facts.js';
import { dnsQuery } from './dns-query.js';
import type { DnsProbes } from './dns-probes.js';
import { compareWithDns, queriesConclusion, resolveName, systemConclusion } from './dns-resolve.js';
import { defaultHostsPath, readHostsFile } from './hosts-file.js';
import { systemLookup, type LookupFunction } from './system-lookup.js';

// The system resolver is off this machine: only `localhost` and IP literals reach the real getaddrinfo, and
// direct queries only ever go to the lab's DNS server. Where a test needs the system lookup to say something
// about a lab name, a stand-in lookup says it.
const budget = { timeoutMs: 2000 };
const v4 = (address: string) => ({ address, family: 4 as const });
const v6 = (address: string) => ({ address, family: 6 as const });
const failingWith =
  (code: string): LookupFunction =>
  () =>
    Promise.reject(Object.assign(new Error(code), { code }));

/** Probes that fail the test if the step uses them. */
const unused: DnsProbes = {
  readHostsFile: () => Promise.reject(new Error('hosts file read')),
  systemLookup: () => Promise.reject(new Error('system lookup')),
  dnsQuery: () => Promise.reject(new Error('DNS query sent')),
  systemServers: () => {
    throw new Error('system servers asked');
  },
};

let server: LabDnsServer;
let labServer: string;
beforeAll(async () => {
  server = await startLabDnsServer();
  labServer = `${server.host}:${server.port}`;
});
afterAll(() => server.close());

/** Real probes, with the "system" resolvers pointed at the lab and, if given, a stand-in getaddrinfo. */
function labProbes(lookup?: LookupFunction, hostsPath?: string): DnsProbes & { queried: string[] } {
  const queried: string[] = [];
  return {
    queried,
    readHostsFile: (name) => readHostsFile(name, hostsPath),
    systemLookup: (name, b) => systemLookup(name, b, lookup),
    dnsQuery: (name, type, servers, b) => {
      queried.push(`${type} ${name} @${servers.join(',')}`);
      return dnsQuery(name, type, servers, b);
    },
    systemServers: () => [labServer],
  };
}

describe('resolveName: IP literals', () => {
  it.each([
    ['127.0.0.1', 'ipv4', v4('127.0.0.1')],
    ['::1', 'ipv6', v6('::1')],
  ] as const)('%s needs no lookup at all', async (host, hostKind, address) => {
    const facts = await resolveName({ host, hostKind }, { dnsServer: labServer }, budget, unused);
    expect(facts).toMatchObject({
      name: host,
      mode: 'ip-literal',
      hostsFile: null,
      system: null,
      queries: null,
      addresses: [address],
      disagreement: null,
      conclusion: { kind: 'resolved' },
    });
    expect(facts.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('resolveName: localhost', () => {
  it('uses the hosts file and the system lookup, never DNS, even with --dns-server', async () => {
    const probes = labProbes();
    const facts = await resolveName(
      { host: 'localhost', hostKind: 'localhost' },
      { dnsServer: labServer },
      budget,
      probes,
    );
    expect(probes.queried).toEqual([]);
    expect(facts).toMatchObject({
      mode: 'localhost',
      queries: null,
      disagreement: null,
      conclusion: { kind: 'resolved' },
    });
    expect(facts.hostsFile).toMatchObject({ kind: 'read', path: defaultHostsPath() });
    expect(facts.system).toMatchObject({ kind: 'addresses' });
    expect(facts.addresses).toContainEqual(v4('127.0.0.1'));
  });

  it('falls back to the hosts file when the system lookup fails', async () => {
    const probes = labProbes(failingWith('EAI_AGAIN'));
    const facts = await resolveName({ host: 'localhost', hostKind: 'localhost' }, { dnsServer: null }, budget, probes);
    expect(facts.system).toMatchObject({ kind: 'error', code: 'temporary' });
    expect(facts.addresses).toContainEqual(v4('127.0.0.1'));
    expect(facts.conclusion).toEqual({ kind: 'resolved' });
  });

  it('falls back to loopback (RFC 6761) when neither the hosts file nor the system lookup knows the name', async () => {
    const probes = labProbes(failingWith('ENOTFOUND'), '/nonexistent/conn-doctor/hosts');
    const facts = await resolveName(
      { host: 'app.localhost', hostKind: 'localhost' },
      { dnsServer: null },
      budget,
      probes,
    );
    expect(probes.queried).toEqual([]);
    expect(facts.hostsFile).toMatchObject({ kind: 'unreadable', errno: 'ENOENT' });
    expect(facts.system).toMatchObject({ kind: 'error', code: 'nxdomain' });
    expect(facts.addresses).toEqual([v4('127.0.0.1'), v6('::1')]);
    expect(facts.conclusion).toEqual({ kind: 'resolved' });
  });

  it('keeps the system lookup’s answer when it has one', async () => {
    const probes = labProbes(async () => [v6('::1')], '/nonexistent/conn-doctor/hosts');
    const facts = await resolveName(
      { host: 'app.localhost', hostKind: 'localhost' },
      { dnsServer: null },
      budget,
      probes,
    );
    expect(facts.addresses).toEqual([v6('::1')]);
  });
});

describe('resolveName: --dns-server (the lab DNS server)', () => {
  const viaLab = (host: string, timeoutMs = 2000) =>
    resolveName({ host, hostKind: 'name' }, { dnsServer: labServer }, { timeoutMs }, { ...unused, dnsQuery });

  it.each([
    [n.v4, [v4('127.0.0.1')]],
    [n.v6, [v6('::1')]],
    [n.dual, [v6('::1'), v4('127.0.0.1')]],
    [n.alias, [v6('::1'), v4('127.0.0.1')]],
    ['DUAL.lab.TEST', [v6('::1'), v4('127.0.0.1')]],
  ])('%s resolves to %j, IPv6 first', async (host, addresses) => {
    const facts = await viaLab(host);
    expect(facts).toMatchObject({ mode: 'dns-server', hostsFile: null, system: null, disagreement: null });
    expect(facts.queries?.servers).toEqual([labServer]);
    expect(facts.addresses).toEqual(addresses);
    expect(facts.conclusion).toEqual({ kind: 'resolved' });
  });

  it.each([
    [n.nxdomain, { kind: 'no-such-host', danglingCname: null }],
    [n.gone, { kind: 'no-such-host', danglingCname: null }],
    [n.dangling, { kind: 'no-such-host', danglingCname: n.gone }],
    [n.nodata, { kind: 'no-address' }],
    [n.servfail, { kind: 'resolver-failure', code: 'servfail' }],
    [n.refused, { kind: 'resolver-failure', code: 'refused' }],
  ])('%s concludes %j', async (host, conclusion) => {
    const facts = await viaLab(host);
    expect(facts.addresses).toEqual([]);
    expect(facts.conclusion).toEqual(conclusion);
  });

  it('concludes a resolver timeout for the silent name, within the budget', async () => {
    const started = performance.now();
    const facts = await viaLab(n.silent, 300);
    expect(facts.conclusion).toEqual({ kind: 'resolver-failure', code: 'timeout' });
    expect(facts.durationMs).toBeLessThan(2300);
    expect(performance.now() - started).toBeLessThan(2300);
  });

  it('asks A, AAAA and CNAME concurrently', async () => {
    // Each query answers only once all three are in flight: asked one after another, the first would wait forever.
    let inFlight = 0;
    let allStarted = () => {};
    const barrier = new Promise<void>((resolve) => (allStarted = resolve));
    const probes: DnsProbes = {
      ...unused,
      dnsQuery: async (name, type, servers, b) => {
        if (++inFlight === 3) allStarted();
        await barrier;
        return dnsQuery(name, type, servers, b);
      },
    };
    const facts = await resolveName({ host: n.v4, hostKind: 'name' }, { dnsServer: labServer }, budget, probes);
    expect(facts.addresses).toEqual([v4('127.0.0.1')]);
  });
});

describe('resolveName: system lookup plus direct queries to the system resolvers', () => {
  it('shows a hosts-file answer that DNS does not have (real lookup of localhost, lab says NXDOMAIN)', async () => {
    const probes = labProbes();
    const facts = await resolveName({ host: 'localhost', hostKind: 'name' }, { dnsServer: null }, budget, probes);
    expect(facts.mode).toBe('system');
    expect(probes.queried.sort()).toEqual([
      `A localhost @${labServer}`,
      `AAAA localhost @${labServer}`,
      `CNAME localhost @${labServer}`,
    ]);
    expect(facts.hostsFile).toMatchObject({ kind: 'read', addresses: expect.arrayContaining([v4('127.0.0.1')]) });
    expect(facts.addresses).toContainEqual(v4('127.0.0.1'));
    expect(facts.disagreement?.onlySystem).toContain('127.0.0.1');
    expect(facts.disagreement?.onlyDns).toEqual([]);
    expect(facts.conclusion).toEqual({ kind: 'resolved' });
  });

  it('uses the system lookup’s addresses and notes what only DNS returned', async () => {
    const facts = await resolveName(
      { host: n.dual, hostKind: 'name' },
      { dnsServer: null },
      budget,
      labProbes(async () => [v4('127.0.0.1')]),
    );
    expect(facts.addresses).toEqual([v4('127.0.0.1')]);
    expect(facts.disagreement).toEqual({ onlySystem: [], onlyDns: ['::1'] });
  });

  it('tells NODATA from NXDOMAIN, which Node reports alike as ENOTFOUND', async () => {
    const lookup = failingWith('ENOTFOUND');
    const nodata = await resolveName(
      { host: n.nodata, hostKind: 'name' },
      { dnsServer: null },
      budget,
      labProbes(lookup),
    );
    expect(nodata.conclusion).toEqual({ kind: 'no-address' });
    expect(nodata.disagreement).toEqual({ onlySystem: [], onlyDns: [] });
    const dangling = await resolveName(
      { host: n.dangling, hostKind: 'name' },
      { dnsServer: null },
      budget,
      labProbes(lookup),
    );
    expect(dangling.conclusion).toEqual({ kind: 'no-such-host', danglingCname: n.gone });
  });

  it('names the resolver failure more precisely than EAI_AGAIN', async () => {
    const facts = await resolveName(
      { host: n.servfail, hostKind: 'name' },
      { dnsServer: null },
      budget,
      labProbes(failingWith('EAI_AGAIN')),
    );
    expect(facts.system).toMatchObject({ kind: 'error', errno: 'EAI_AGAIN' });
    expect(facts.addresses).toEqual([]);
    expect(facts.disagreement).toBeNull();
    expect(facts.conclusion).toEqual({ kind: 'resolver-failure', code: 'servfail' });
  });

  it('says no-resolver when the system has no DNS server configured', async () => {
    const probes = { ...labProbes(failingWith('EAI_AGAIN')), systemServers: () => [] };
    const facts = await resolveName({ host: n.v4, hostKind: 'name' }, { dnsServer: null }, budget, probes);
    expect(facts.queries?.servers).toEqual([]);
    expect(facts.conclusion).toEqual({ kind: 'resolver-failure', code: 'no-resolver' });
  });
});

describe('conclusions from the queries alone', () => {
  const answer = (...records: string[]): DnsQueryResult => ({ kind: 'answer', records, durationMs: 1 });
  const error = (code: 'nxdomain' | 'nodata' | 'servfail' | 'timeout'): DnsQueryResult => ({
    kind: 'error',
    code,
    errno: code.toUpperCase(),
    durationMs: 1,
  });
  const queries = (a: DnsQueryResult, aaaa: DnsQueryResult, cname = error('nodata')): DirectQueries => ({
    servers: ['127.0.0.1'],
    a,
    aaaa,
    cname,
  });

  it.each([
    ['both NXDOMAIN', queries(error('nxdomain'), error('nxdomain')), { kind: 'no-such-host', danglingCname: null }],
    [
      'NXDOMAIN beside a timeout: NXDOMAIN is about the name',
      queries(error('nxdomain'), error('timeout')),
      { kind: 'no-such-host', danglingCname: null },
    ],
    [
      'NODATA beside NXDOMAIN',
      queries(error('nodata'), error('nxdomain'), answer('x.test')),
      { kind: 'no-such-host', danglingCname: 'x.test' },
    ],
    ['both NODATA', queries(error('nodata'), error('nodata')), { kind: 'no-address' }],
    [
      'NODATA beside SERVFAIL: an address may hide behind the failure',
      queries(error('nodata'), error('servfail')),
      { kind: 'resolver-failure', code: 'servfail' },
    ],
    [
      'A timeout beside SERVFAIL',
      queries(error('timeout'), error('servfail')),
      { kind: 'resolver-failure', code: 'timeout' },
    ],
  ])('%s', (_, given, conclusion) => {
    expect(queriesConclusion(given, false)).toEqual(conclusion);
  });

  it('lets the system lookup decide when it found addresses, whatever DNS says', () => {
    const system: SystemLookupResult = { kind: 'addresses', addresses: [v4('10.0.0.1')], durationMs: 1 };
    expect(systemConclusion(system, queries(error('servfail'), error('servfail')))).toEqual({ kind: 'resolved' });
  });

  it('keeps the system lookup’s failure when the direct queries cannot sharpen it', () => {
    const system: SystemLookupResult = { kind: 'error', code: 'temporary', errno: 'EAI_AGAIN', durationMs: 1 };
    expect(systemConclusion(system, queries(answer('10.0.0.1'), error('nodata')))).toEqual({
      kind: 'resolver-failure',
      code: 'temporary',
    });
    const notFound: SystemLookupResult = { kind: 'error', code: 'nxdomain', errno: 'ENOTFOUND', durationMs: 1 };
    expect(systemConclusion(notFound, queries(error('timeout'), error('timeout')))).toEqual({
      kind: 'no-such-host',
      danglingCname: null,
    });
  });

  it('compares nothing when a side failed for another reason than "no such record"', () => {
    const system: SystemLookupResult = { kind: 'addresses', addresses: [v4('10.0.0.1')], durationMs: 1 };
    expect(compareWithDns(system, queries(answer('10.0.0.1'), error('timeout')))).toBeNull();
    expect(compareWithDns(system, queries(answer('10.0.0.1'), error('nodata')))).toEqual({
      onlySystem: [],
      onlyDns: [],
    });
  });
});
