import type { DnsFacts } from '../../probes/dns-facts.js';
import { curlVerbose, queryDns, showResolvers, tryConnect } from '../commands.js';
import { portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { dnsEvidence } from './dns-verdicts.js';
import { targetUrl } from './evidence.js';
import { timingLine } from './exchange-evidence.js';
import { directClients, takeTheProxySteps } from './proxy-carries.js';
import { detourOutcome, proxyNamed, routeLine } from './proxy-evidence.js';

/**
 * proxy-interference when the name does not resolve here: curl hands the name to the proxy the environment names,
 * which resolves it on its side and answers; a client that ignores the variable looks the name up itself and fails
 * (ENOTFOUND, EAI_AGAIN). The corporate case of a name only the proxy's network knows.
 */

/** The DNS step concluded the name has no usable address: the tree's DNS-failure branch. */
export function nameUnresolved(facts: Facts): facts is Facts & { dns: DnsFacts } {
  return facts.dns !== undefined && facts.dns.conclusion.kind !== 'resolved';
}

/** Who was asked: the servers queried, with what the system lookup said when it was made. */
function whoWasAsked(dns: DnsFacts): string {
  const servers = dns.queries?.servers ?? [];
  const asked = servers.length > 0 ? `the DNS server ${servers.join(', ')}` : 'the resolver';
  return dns.system?.kind === 'error' ? `${asked} (the system lookup failed with ${dns.system.errno})` : asked;
}

/** What the lookup here got, in wire words: NXDOMAIN, NODATA, or how the resolver failed. */
function lookupFailure(dns: DnsFacts): string {
  const asked = whoWasAsked(dns);
  const { conclusion } = dns;
  switch (conclusion.kind) {
    case 'no-such-host':
      return conclusion.danglingCname
        ? `${asked} answered that ${dns.name} is an alias (CNAME) of ${conclusion.danglingCname}, which does not exist (NXDOMAIN)`
        : `${asked} answered NXDOMAIN (there is no such name)`;
    case 'no-address':
      return `${asked} answered NODATA (the name exists but has no A or AAAA record)`;
    case 'resolver-failure':
      switch (conclusion.code) {
        case 'servfail':
          return `${asked} answered SERVFAIL (it failed to resolve the name)`;
        case 'refused':
          return `${asked} answered REFUSED (it will not resolve names for this machine)`;
        case 'timeout':
          return `${asked} never answered`;
        case 'temporary':
          return `no resolver could be reached (EAI_AGAIN)`;
        case 'no-resolver':
          return 'no resolver is configured on this machine';
        default:
          return `the lookup failed with an unexpected error`;
      }
    case 'resolved':
      return `${dns.name} resolved`;
  }
}

/** The error a client that looks the name up itself reports, as Node.js, Java and Go word it. */
function lookupErrors(dns: DnsFacts): string {
  const { name } = dns;
  return dns.conclusion.kind === 'resolver-failure'
    ? `getaddrinfo EAI_AGAIN ${name} in Node.js, UnknownHostException in Java, "server misbehaving" or a timeout in Go`
    : `getaddrinfo ENOTFOUND ${name} in Node.js, UnknownHostException in Java, "no such host" in Go`;
}

/** See the lookup fail as direct clients do, then ask the resolver, with the name and any --dns-server filled in. */
function lookupSteps(facts: Facts, dns: DnsFacts): string[] {
  const { host, scheme } = facts.target;
  const direct =
    scheme === 'tcp'
      ? tryConnect(host, portOf(facts), facts.platform)
      : curlVerbose(targetUrl(facts), facts.platform, 10, { noProxy: true });
  return [
    `See the lookup fail, as clients that ignore the proxy meet it: \`${direct}\` (curl: "Could not resolve host")`,
    `Ask the resolver yourself: \`${queryDns(dns.name, 'A', facts.platform, facts.dnsServer)}\`; see which resolvers this machine uses: \`${showResolvers(facts.platform)}\`. ` +
      `If only the proxy's network knows ${dns.name} (an internal name), this machine needs that network's resolver (VPN, split DNS), or its clients must take the proxy`,
  ];
}

export function proxyResolves(facts: Facts & { dns: DnsFacts }): Verdict {
  const { url, variable } = proxyNamed(facts);
  const { dns } = facts;
  const via = facts.viaProxy;
  const response = via?.kind === 'tunnel-established' || via?.kind === 'proxy-answered' ? via.response : null;
  return {
    id: 'proxy-interference',
    title: `Only the proxy from ${variable} gets through: ${dns.name} does not resolve here`,
    summary:
      `Here the name ${dns.name} does not resolve: ${lookupFailure(dns)}. Through the proxy ${url}, which ${variable} names ` +
      `for this target, the same request gets through: the name went to the proxy unresolved, the proxy resolved it on ` +
      `its side, and ${detourOutcome(facts)}. curl and other clients that read ${variable} hand the name to the proxy and ` +
      `work; clients that ignore it look the name up here and fail, with ${lookupErrors(dns)}. These go direct although ` +
      `the variable is set: ${directClients(facts, variable)}.`,
    confidence: 'likely',
    evidence: [
      ...dnsEvidence(dns),
      routeLine(facts),
      `through the proxy: ${detourOutcome(facts)}`,
      ...(response ? [`through the proxy, ${timingLine(response.marks, null)}`] : []),
    ],
    nextSteps: [...lookupSteps(facts, dns), ...takeTheProxySteps(facts, variable)],
  };
}
