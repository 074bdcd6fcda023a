import { resolveName } from '../../probes/dns-resolve.js';
import type { DnsFacts } from '../../probes/dns-facts.js';
import { ms } from '../../tree/verdicts/evidence.js';
import type { StepRunner } from './step-runner.js';

function summarise(dns: DnsFacts): string {
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

export const dnsStep: StepRunner<'dns.resolve'> = async ({ facts, budget, resolveName: resolve = resolveName }) => {
  const dns = await resolve(facts.target, { dnsServer: facts.dnsServer }, budget);
  return { patch: { dns }, outcome: dns.conclusion.kind, summary: summarise(dns), details: dns };
};
