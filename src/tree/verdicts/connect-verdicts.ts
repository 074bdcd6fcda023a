import { firewallRules, showRoutes, traceRoute, tryConnect, whoListens } from '../commands.js';
import { portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, describeAttempt, ms } from './evidence.js';
import { refusedDespiteListener, rejectedOnTheWay } from './refused-verdicts.js';

export function addressFamilyMismatch(facts: Facts): Verdict {
  const port = portOf(facts);
  const attempts = facts.tcp ?? [];
  const open = attempts.filter((a) => a.kind === 'open');
  const failed = attempts.filter((a) => a.kind !== 'open');
  const openFamily = open[0]?.family === 6 ? 'IPv6' : 'IPv4';
  const failedFamily = openFamily === 'IPv6' ? 'IPv4' : 'IPv6';
  const firstFails = attempts[0]?.kind !== 'open';
  return {
    id: 'address-family-mismatch',
    title: `The service listens on ${openFamily} only; ${failedFamily} fails`,
    summary:
      `${facts.target.host} has both IPv4 and IPv6 addresses. Connecting over ${openFamily} works, but over ${failedFamily} ` +
      `the SYN ${failed[0]?.kind === 'refused' ? 'is answered with RST (refused)' : 'gets no proper answer'}: the service is bound to ` +
      `one family only. ${firstFails ? `The name resolves to the ${failedFamily} address first, so clients that do not fall back (or fall back slowly) fail.` : `Clients that pick the ${failedFamily} address fail.`}`,
    confidence: firstFails ? 'certain' : 'likely',
    evidence: connectEvidence(facts),
    nextSteps: [
      `Make the service listen on both families (e.g. bind to "::" with dual-stack, or to both 0.0.0.0 and ::); check with: \`${whoListens(port, facts.platform)}\``,
      `Or connect to the working address directly: \`${tryConnect(open[0]?.address ?? facts.target.host, port, facts.platform)}\``,
      `Node.js clients: connect with { autoSelectFamily: true } (the default from Node 20) or use ${openFamily === 'IPv4' ? '127.0.0.1' : '::1'} instead of localhost`,
    ],
  };
}

export function portFiltered(facts: Facts): Verdict {
  const refusedHere = refusedDespiteListener(facts);
  if (refusedHere) return refusedHere;
  if (facts.answers['server.listeners'] === 'all-addresses') return rejectedOnTheWay(facts);
  const port = portOf(facts);
  const silent = (facts.tcp ?? []).find((a) => a.kind === 'timeout');
  const host = silent?.address ?? facts.target.host;
  const control = facts.control?.attempts ?? [];
  const hostAnswers = control.some((a) => a.kind === 'open' || a.kind === 'refused');
  const summary = hostAnswers
    ? `The SYN to port ${port} got no answer at all, while other ports of the same host answer at once. Something ` +
      `drops the packets for this port silently: a firewall rule, a security group, or a server whose accept queue is full.`
    : `The SYN to port ${port} got no answer, and neither did other ports of the same host. Either the host is down or ` +
      `unreachable, or a firewall drops everything sent to it.`;
  return {
    id: 'port-filtered',
    title: hostAnswers
      ? `Port ${port} is filtered: packets are dropped silently`
      : `No answer from ${host}: host down or fully filtered`,
    summary,
    confidence: hostAnswers ? 'likely' : 'possible',
    evidence: [
      ...connectEvidence(facts),
      ...control.map((a) => `control: ${describeAttempt(a)}`),
      hostAnswers
        ? `the host answers on other ports, so it is up and this port alone is silent`
        : `no control port answered within ${ms(facts.timeoutMs)}`,
      ...firewallEvidence(facts),
    ],
    nextSteps: [
      `Check firewall rules for port ${port} (local and on the server): \`${firewallRules(port, facts.platform)}\``,
      `See where the packets stop: \`${traceRoute(host, port, facts.platform)}\``,
      `On the server, check the service and its backlog: \`${whoListens(port, 'linux')}\``,
    ],
  };
}

export function hostUnreachable(facts: Facts): Verdict {
  const port = portOf(facts);
  const failed = (facts.tcp ?? []).find((a) => a.kind !== 'open');
  const host = failed?.address ?? facts.target.host;
  const local = failed?.kind === 'error' && failed.errorKind === 'not-permitted';
  return {
    id: 'host-unreachable',
    title: local ? `This machine refuses to send to ${host}` : `${host} is unreachable`,
    summary: local
      ? `The SYN never left this machine: the kernel refused to send it (${failed.errno}). A local firewall rule ` +
        `(iptables/nftables REJECT, pf, Windows Firewall) or a "prohibit" route blocks traffic to ${host}:${port}.`
      : `The connection never reached the service: a router on the way (or this machine) answered that the host ` +
        `cannot be reached (ICMP "host unreachable" or "administratively prohibited"), or the host did not answer ` +
        `address resolution on its local network. The host is down, or a rule rejects the traffic.`,
    confidence: local ? 'certain' : 'likely',
    evidence: connectEvidence(facts),
    nextSteps: [
      local
        ? `Look for the local rule that blocks port ${port}: \`${firewallRules(port, facts.platform)}\``
        : `See which route the traffic takes: \`${showRoutes(host, facts.platform)}\``,
      `See where it stops: \`${traceRoute(host, port, facts.platform)}\``,
      `Check that the host is up and on the network you expect; then: \`${tryConnect(host, port, facts.platform)}\``,
    ],
  };
}

export function networkUnreachable(facts: Facts): Verdict {
  const port = portOf(facts);
  const failed = (facts.tcp ?? []).find((a) => a.kind === 'network-unreachable') ?? facts.tcp?.[0];
  const host = failed?.address ?? facts.target.host;
  return {
    id: 'network-unreachable',
    title: `No route to ${host}`,
    summary:
      `This machine has no route to the network of ${host}, so no packet was even sent (ENETUNREACH). ` +
      `A VPN is down, an interface is not configured, or the address belongs to a network this machine cannot reach.`,
    confidence: 'certain',
    evidence: connectEvidence(facts),
    nextSteps: [
      `See the route this machine would use: \`${showRoutes(host, facts.platform)}\``,
      `Check that the VPN or interface for that network is up; then: \`${tryConnect(host, port, facts.platform)}\``,
    ],
  };
}

/** What this machine's own firewall says about the port: a local DROP explains the silence at once. */
function firewallEvidence(facts: Facts): string[] {
  const reading = facts.firewall;
  if (!reading) return [];
  if (reading.kind === 'read') {
    const relevant = reading.rules.filter((r) => r.action !== 'other').slice(0, 4);
    return relevant.length
      ? relevant.map((r) => `local firewall (${r.source}${r.chain ? ` ${r.chain}` : ''}): ${r.raw}`)
      : [
          `no rule of this machine's firewall (${
            reading.sources
              .filter((s) => s.outcome === 'read')
              .map((s) => s.source)
              .join(', ') || 'none active'
          }) mentions the port`,
        ];
  }
  if (reading.kind === 'unreadable') return [`this machine's firewall could not be read: ${reading.reason}`];
  return [];
}
