import type { DnsErrorCode, DnsFacts, DnsQueryResult } from '../../probes/dns-facts.js';
import { queryDns, showResolvers } from '../commands.js';
import type { Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { ms, srvEvidence } from './evidence.js';

const codeWords: Record<DnsErrorCode, string> = {
  nxdomain: 'NXDOMAIN (no such name)',
  nodata: 'NODATA (the name exists, no record of that type)',
  servfail: 'SERVFAIL (the server failed to answer)',
  refused: 'REFUSED (the server will not answer)',
  timeout: 'no answer (timeout)',
  temporary: 'a temporary failure (no resolver could be reached)',
  'no-resolver': 'no resolver configured',
  other: 'an unexpected error',
};

function queryLine(type: string, result: DnsQueryResult): string {
  return result.kind === 'answer'
    ? `${type} query: ${result.records.join(', ') || '(empty)'} in ${ms(result.durationMs)}`
    : `${type} query: ${codeWords[result.code]} (${result.errno}) in ${ms(result.durationMs)}`;
}

/** Every DNS measurement, one line each: hosts file, system lookup, direct queries. */
export function dnsEvidence(dns: DnsFacts): string[] {
  const lines: string[] = [...srvEvidence(dns)];
  if (dns.hostsFile?.kind === 'read') {
    const found = dns.hostsFile.addresses.map((a) => a.address).join(', ');
    lines.push(`hosts file ${dns.hostsFile.path}: ${found ? `has ${found}` : `no entry for ${dns.name}`}`);
  } else if (dns.hostsFile?.kind === 'unreadable') {
    lines.push(`hosts file ${dns.hostsFile.path} could not be read (${dns.hostsFile.errno})`);
  }
  if (dns.system?.kind === 'error') {
    lines.push(`system lookup: ${codeWords[dns.system.code]} (${dns.system.errno}) in ${ms(dns.system.durationMs)}`);
  } else if (dns.system) {
    lines.push(
      `system lookup: ${dns.system.addresses.map((a) => a.address).join(', ')} in ${ms(dns.system.durationMs)}`,
    );
  } else if (dns.mode === 'dns-server') {
    lines.push('system lookup skipped: --dns-server was given');
  }
  if (dns.queries) {
    const via = `via ${dns.queries.servers.join(', ') || '(no server)'}`;
    lines.push(`${queryLine('A', dns.queries.a)} ${via}`);
    lines.push(`${queryLine('AAAA', dns.queries.aaaa)} ${via}`);
    if (dns.queries.cname.kind === 'answer') lines.push(queryLine('CNAME', dns.queries.cname));
  }
  if (dns.disagreement && (dns.disagreement.onlySystem.length || dns.disagreement.onlyDns.length)) {
    lines.push(
      `the system lookup and DNS disagree: only the system has [${dns.disagreement.onlySystem.join(', ')}], ` +
        `only DNS has [${dns.disagreement.onlyDns.join(', ')}] (a hosts-file entry or a local resolver override?)`,
    );
  }
  return lines;
}

/**
 * A `mongodb+srv://` URL names no server itself: its SRV record does. What the DNS verdicts say first when that
 * record was what failed, so nobody goes looking for the host's A record.
 */
function srvPreface(facts: Facts): string {
  const srv = facts.dns?.srv;
  if (!srv || srv.chosen) return '';
  return (
    `A mongodb+srv:// URL names no server itself: MongoDB drivers look up the SRV record ${srv.name} for the hosts ` +
    'and ports to connect to, and that is the lookup that failed. '
  );
}

function lookupCommands(facts: Facts): string[] {
  const name = facts.dns?.name ?? facts.target.host;
  if (facts.dns?.srv && !facts.dns.srv.chosen) {
    return [
      `Ask DNS yourself: \`${queryDns(name, 'SRV', facts.platform, facts.dnsServer)}\``,
      `On MongoDB Atlas, copy the connection string again from the cluster's Connect dialog (the host is cluster-specific); elsewhere, add the SRV record for ${name}, or connect with \`mongodb://host:27017\``,
      `See which resolvers this machine uses: \`${showResolvers(facts.platform)}\``,
    ];
  }
  return [
    `Ask DNS yourself: \`${queryDns(name, 'A', facts.platform, facts.dnsServer)}\``,
    `See which resolvers this machine uses: \`${showResolvers(facts.platform)}\``,
  ];
}

export function dnsNoSuchHost(facts: Facts): Verdict {
  const dns = facts.dns;
  const name = dns?.name ?? facts.target.host;
  const dangling = dns?.conclusion.kind === 'no-such-host' ? dns.conclusion.danglingCname : null;
  return {
    id: 'dns-no-such-host',
    title: dangling ? `${name} points to ${dangling}, which does not exist` : `The name ${name} does not exist`,
    summary: dangling
      ? `DNS says ${name} is an alias (CNAME) of ${dangling}, and that name does not exist (NXDOMAIN). The alias is left over ` +
        `from a removed record or points to a misspelt name. No connection was attempted.`
      : `${srvPreface(facts)}The DNS server answered that there is no such name (NXDOMAIN)${facts.dns?.srv && !facts.dns.srv.chosen ? '' : ', and the hosts file has no entry for it'}. ` +
        `The name is misspelt, not created yet, or exists only in another DNS view (a VPN or an internal resolver). ` +
        `No connection was attempted.`,
    confidence: dns?.mode === 'system' && dns.queries?.a.kind === 'answer' ? 'likely' : 'certain',
    evidence: dns ? dnsEvidence(dns) : [],
    nextSteps: [
      ...(dangling ? [`Check the alias target: \`${queryDns(dangling, 'A', facts.platform, facts.dnsServer)}\``] : []),
      `Check the spelling of ${name}, then: \`${queryDns(name, dns?.srv && !dns.srv.chosen ? 'SRV' : 'CNAME', facts.platform, facts.dnsServer)}\``,
      ...lookupCommands(facts),
    ],
  };
}

export function dnsNoAddress(facts: Facts): Verdict {
  const dns = facts.dns;
  const name = dns?.name ?? facts.target.host;
  if (dns?.srv && !dns.srv.chosen) return srvNoRecord(facts, dns.srv);
  return {
    id: 'dns-no-address',
    title: `${name} exists but has no address`,
    summary:
      `The DNS server knows the name ${name} but returned no address record for it (NODATA: no A record for IPv4, ` +
      `no AAAA record for IPv6). There is nothing to connect to until an address record is added.`,
    confidence: 'certain',
    evidence: dns ? dnsEvidence(dns) : [],
    nextSteps: [
      `See which records the name has: \`${queryDns(name, 'AAAA', facts.platform, facts.dnsServer)}\``,
      `Add an A (IPv4) or AAAA (IPv6) record for ${name} in its DNS zone, or use the right name`,
      ...lookupCommands(facts),
    ],
  };
}

/** `dns-no-address` for a `mongodb+srv://` host: the SRV name has no record, or none that may be followed. */
function srvNoRecord(facts: Facts, srv: NonNullable<DnsFacts['srv']>): Verdict {
  const outside = srv.srv.kind === 'answer' && srv.outside.length > 0;
  return {
    id: 'dns-no-address',
    title: outside ? `${srv.name} names only servers outside its domain` : `${srv.name} has no SRV record`,
    summary:
      srvPreface(facts) +
      (outside
        ? `Its SRV records name hosts outside the domain of ${facts.target.host} (${srv.outside.join(', ')}). The ` +
          'MongoDB spec has drivers refuse those, so that a DNS record cannot send clients elsewhere: none is left to connect to.'
        : 'The DNS server knows the name but has no SRV record for it (NODATA), so there is no server to connect to.'),
    confidence: 'certain',
    evidence: dnsEvidence(facts.dns!),
    nextSteps: lookupCommands(facts),
  };
}

export function dnsResolverFailure(facts: Facts): Verdict {
  const dns = facts.dns;
  const code = dns?.conclusion.kind === 'resolver-failure' ? dns.conclusion.code : 'other';
  return {
    id: 'dns-resolver-failure',
    title: 'The DNS resolver failed to answer',
    summary:
      srvPreface(facts) +
      `The question ${dns?.srv && !dns.srv.chosen ? `"which servers does ${dns.name} name (SRV)?"` : `"what is the address of ${dns?.name ?? facts.target.host}?"`} got ${codeWords[code]}. ` +
      `This says nothing about the name itself: the resolver (or the path to it) is broken, overloaded, or ` +
      `refuses to serve this machine. No connection was attempted.`,
    confidence: code === 'timeout' || code === 'temporary' ? 'likely' : 'certain',
    evidence: dns ? dnsEvidence(dns) : [],
    nextSteps: [
      ...lookupCommands(facts),
      code === 'refused'
        ? 'The resolver refuses this client: check its access list (allow-query / allow-recursion) or use the resolver your network provides'
        : 'If the resolver is yours, check its logs: SERVFAIL often means it cannot reach the authoritative servers or DNSSEC validation failed',
    ],
  };
}
