import { resolveName } from '../../probes/dns-resolve.js';
import type { DnsFacts } from '../../probes/dns-facts.js';
import { nowMs } from '../../shared/monotonic-clock.js';
import { ms } from '../../tree/verdicts/evidence.js';
import type { StepContext, StepOutput, StepRunner } from './step-runner.js';

function summarise(dns: DnsFacts): string {
  const srv = dns.srv;
  if (srv) {
    const chosen = srv.chosen ? `${srv.chosen.target}:${srv.chosen.port}` : null;
    if (!chosen) return `${srv.name} SRV: ${summariseSrvFailure(dns)}`;
    const others = srv.srv.kind === 'answer' ? srv.srv.records.length - 1 : 0;
    return `${srv.name} SRV → ${chosen}${others > 0 ? ` (and ${others} more)` : ''}; ${summariseAddresses(dns)}`;
  }
  return summariseAddresses(dns);
}

function summariseSrvFailure(dns: DnsFacts): string {
  switch (dns.conclusion.kind) {
    case 'no-such-host':
      return `no such name (NXDOMAIN) in ${ms(dns.durationMs)}`;
    case 'no-address':
      return dns.srv?.srv.kind === 'answer' && dns.srv.outside.length > 0
        ? `every target is outside the host's domain (${dns.srv.outside.join(', ')}), which clients refuse to follow`
        : `the name has no SRV record (NODATA) in ${ms(dns.durationMs)}`;
    case 'resolver-failure':
      return `the resolver failed (${dns.conclusion.code}) after ${ms(dns.durationMs)}`;
    case 'resolved':
      return 'resolved';
  }
}

function summariseAddresses(dns: DnsFacts): string {
  const list = dns.addresses.map((a) => a.address).join(', ');
  switch (dns.conclusion.kind) {
    case 'resolved':
      return dns.mode === 'ip-literal'
        ? `${dns.name} is an IP address: nothing to resolve`
        : `${dns.name} → ${list} in ${ms(dns.durationMs)}${dns.mode === 'localhost' ? ' (loopback, no DNS query)' : ''}`;
    case 'no-such-host':
      return `${dns.name}: no such name (NXDOMAIN)${dns.conclusion.danglingCname ? `; alias of ${dns.conclusion.danglingCname}` : ''} in ${ms(dns.durationMs)}`;
    case 'no-address':
      return `${dns.name}: the name exists but has no address (NODATA) in ${ms(dns.durationMs)}`;
    case 'resolver-failure':
      return `${dns.name}: the resolver failed (${dns.conclusion.code}) after ${ms(dns.durationMs)}`;
  }
}

export const dnsStep: StepRunner<'dns.resolve'> = async (context) => {
  const { facts, budget, resolveName: resolve = resolveName } = context;
  if (facts.target.scheme === 'mongodb+srv') return srvStep(context);
  const dns = await resolve(facts.target, { dnsServer: facts.dnsServer }, budget);
  return { patch: { dns }, outcome: dns.conclusion.kind, summary: summarise(dns), details: dns };
};

/**
 * `mongodb+srv://`: the SRV record names the server, which is then resolved as any host is. From here on the
 * session diagnoses that server: the target's host and port become the SRV record's (its input stays as typed).
 */
async function srvStep({
  facts,
  budget,
  resolveName: resolve = resolveName,
}: StepContext): Promise<StepOutput<'dns.resolve'>> {
  const started = nowMs();
  // Loaded only for mongodb+srv://, as dns-resolve.ts loads its probes only for names: node:dns costs start-up time.
  const { lookupSrv, srvConclusion } = await import('../../probes/dns-srv.js');
  const servers = facts.dnsServer
    ? [facts.dnsServer]
    : (await import('../../probes/dns-probes.js')).realDnsProbes.systemServers();
  const srv = await lookupSrv(facts.target.host, servers, budget);
  if (!srv.chosen) {
    const dns: DnsFacts = {
      name: srv.name,
      mode: facts.dnsServer ? 'dns-server' : 'system',
      hostsFile: null,
      system: null,
      queries: null,
      addresses: [],
      disagreement: null,
      conclusion: srvConclusion(srv),
      durationMs: nowMs() - started,
      srv,
    };
    return { patch: { dns }, outcome: dns.conclusion.kind, summary: summarise(dns), details: dns };
  }
  const host = srv.chosen.target.toLowerCase().replace(/\.$/, '');
  const resolved = await resolve({ host, hostKind: 'name' }, { dnsServer: facts.dnsServer }, budget);
  const dns: DnsFacts = { ...resolved, durationMs: nowMs() - started, srv };
  const target = { ...facts.target, host, hostKind: 'name' as const, port: srv.chosen.port };
  return { patch: { dns, target }, outcome: dns.conclusion.kind, summary: summarise(dns), details: dns };
}
