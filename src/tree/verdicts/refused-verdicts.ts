import { firewallRules, hostPort, traceRoute, tryConnect, whoListens } from '../commands.js';
import { localhostMeaning } from '../../probes/localhost-meaning.js';
import { portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence } from './evidence.js';

/** Verdicts reached when every address answered the SYN with RST, refined by what the user told us. */

const isLoopback = (address: string) => address.startsWith('127.') || address === '::1';
const serverOs = (facts: Facts) => (facts.answers['server.os'] ?? 'linux') as NodeJS.Platform;
const refusedSummary = (where: string) =>
  `Every connection attempt was refused: the client sent a SYN (the first packet of a TCP connection) and ${where} ` +
  `answered at once with RST.`;

/** What the user said about the server, as evidence lines. */
function answerEvidence(facts: Facts): string[] {
  const said: Record<string, string> = {
    container: 'you said the server runs in a container on this machine',
    'other-host': 'you said the server runs on another host',
    'this-machine': 'you said the server runs on this machine',
  };
  const listeners: Record<string, string> = {
    nothing: 'on the server, nothing listens on the port (your reading)',
    'loopback-only': 'on the server, the service listens on 127.0.0.1 or ::1 only (your reading)',
    'all-addresses': 'on the server, the service listens on all addresses (your reading)',
    'other-port': 'on the server, the service listens on another port (your reading)',
  };
  const location = said[facts.answers['server.location'] ?? ''];
  const reading = listeners[facts.answers['server.listeners'] ?? ''];
  return [location, reading].filter((line): line is string => line !== undefined);
}

export function noListener(facts: Facts): Verdict {
  const port = portOf(facts);
  const { host } = facts.target;
  const local = (facts.tcp ?? []).every((a) => isLoopback(a.address));
  const container = facts.answers['server.location'] === 'container';
  const otherPort = facts.answers['server.listeners'] === 'other-port';
  const confirmed = facts.answers['server.listeners'] === 'nothing';
  const checkHere = `See what listens on port ${port} on this machine: \`${whoListens(port, facts.platform)}\``;
  const checkThere = `On the server, see what listens on port ${port}: \`${whoListens(port, serverOs(facts))}\``;
  return {
    id: 'no-listener',
    title: container
      ? `The container's port ${port} is not published on this machine`
      : `Nothing listens on port ${port}`,
    summary:
      `${refusedSummary(local ? 'this machine' : 'the host')} No program listens on port ${port} there. ` +
      (container
        ? `A service in a container is reachable from the host only when its port is published (docker run -p ${port}:${port}); ` +
          `without that, nothing on the host listens on ${port}.`
        : otherPort
          ? `The service runs, but on another port than the one the client uses.`
          : `The service is not running, crashed, or listens on a different port.`),
    confidence: confirmed || local ? 'certain' : 'likely',
    evidence: [...connectEvidence(facts), ...localEvidence(facts), ...answerEvidence(facts)],
    nextSteps: container
      ? [
          "List the running containers and their published ports: `docker ps --format '{{.Names}}\\t{{.Ports}}'`",
          `Publish the port when starting the container: \`docker run -p ${port}:${port} <image>\` (or \`ports: ["${port}:${port}"]\` in compose)`,
          checkHere,
        ]
      : [
          local ? checkHere : checkThere,
          `Start the service, or fix the port in its configuration or the client's; then: \`${tryConnect(host, port, facts.platform)}\``,
        ],
  };
}

export function listenerBoundElsewhere(facts: Facts): Verdict {
  if (facts.local?.kind === 'listeners' && facts.local.listeners.length > 0) return boundElsewhereHere(facts);
  const port = portOf(facts);
  return {
    id: 'listener-bound-elsewhere',
    title: `The service listens on the server's loopback only`,
    summary:
      `${refusedSummary('the server')} The service is running, but it is bound to 127.0.0.1 (or ::1), an address ` +
      `that only the server itself can reach. Connections that arrive on any other address of the server find no ` +
      `listener there, so the server's kernel answers RST.`,
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...answerEvidence(facts)],
    nextSteps: [
      `Make the service listen on all addresses (0.0.0.0 and ::) or on the server's public address, in its configuration (e.g. --host 0.0.0.0, bind-address, listen 0.0.0.0:${port})`,
      `Check on the server afterwards: \`${whoListens(port, serverOs(facts))}\``,
      `Or reach it through an SSH tunnel without exposing it: \`ssh -L ${port}:127.0.0.1:${port} <user>@${facts.target.host}\``,
    ],
  };
}

/**
 * Refused, then a listener on that very address, and a second connect accepted: the service came up while the
 * diagnosis ran. Said as what was seen, not as a fault of the service; the next run (or `--wait`) sees it whole.
 */
export function listenerCameUp(facts: Facts): Verdict {
  const port = portOf(facts);
  const recheck = facts.localRecheck;
  const address = recheck?.address ?? facts.target.host;
  const owner = listenersOn(facts).find((l) => l.process !== null);
  const input = facts.target.input;
  return {
    id: 'listener-came-up',
    title: `Port ${port} started listening during the check`,
    summary:
      `The first connect to ${hostPort(address, port)} was refused: nothing listened there yet, so this machine ` +
      `answered the SYN with RST. Moments later ${owner?.process ?? 'a program'}${owner?.pid != null ? ` (pid ${owner.pid})` : ''} ` +
      `was listening on it, and a second connect was accepted. The service was starting (or restarting) while ` +
      `conn-doctor looked: a client that connects before it is up gets "connection refused". This run saw it come up, ` +
      `so it did not go on to check the service's answer.`,
    confidence: 'certain',
    evidence: [
      ...connectEvidence(facts),
      ...listenersOn(facts).map((l) => `then listening: ${hostPort(l.address, l.port)}, ${ownerText(l)}`),
      ...(recheck?.kind === 'open' ? [`connect again to ${hostPort(recheck.address, recheck.port)}: accepted`] : []),
    ],
    nextSteps: [
      `Diagnose it again now that it listens: \`conn-doctor ${input}\``,
      `If your app or tests start before the service, make them wait for it: \`conn-doctor --wait 60s ${input}\` (exit 0 once it is healthy, with the reason if it never is)`,
    ],
  };
}

/**
 * Refused, a listener on that very address, and a second connect refused too: the refusal does not come from a
 * missing listener, so something on this machine rejects connections to the port (a firewall REJECT rule).
 */
function rejectedHere(facts: Facts): Verdict {
  const port = portOf(facts);
  const recheck = facts.localRecheck;
  const address = recheck?.address ?? facts.target.host;
  return {
    id: 'port-filtered',
    title: `Something on this machine rejects connections to port ${port}`,
    summary:
      `${refusedSummary('this machine')} Yet a program listens on ${hostPort(address, port)}, and a second connect ` +
      `was refused as well. A listening socket accepts, so the RST does not come from the service: a firewall rule on ` +
      `this machine most likely rejects the connection on its behalf (an iptables or nftables REJECT with tcp-reset).`,
    confidence: 'likely',
    evidence: [
      ...connectEvidence(facts),
      ...listenersOn(facts).map((l) => `listening: ${hostPort(l.address, l.port)}, ${ownerText(l)}`),
      ...(recheck ? [`connect again to ${hostPort(recheck.address, recheck.port)}: ${recheck.kind}`] : []),
    ],
    nextSteps: [
      `Look for a rule that matches port ${port}: \`${firewallRules(port, facts.platform)}\``,
      `See who listens, and on which address: \`${whoListens(port, facts.platform)}\``,
    ],
  };
}

/** Whether the refusal is contradicted by a listener on that address that still refuses (see rejectedHere). */
export const refusedDespiteListener = (facts: Facts): Verdict | null =>
  facts.localRecheck !== undefined && facts.localRecheck.kind !== 'open' ? rejectedHere(facts) : null;

const listenersOn = (facts: Facts) => (facts.local?.kind === 'listeners' ? facts.local.listeners : []);
const ownerText = (l: { process: string | null; pid: number | null }) =>
  `${l.process ?? 'unknown process'}${l.pid !== null ? ` (pid ${l.pid})` : ''}`;

/** The server listens on every address, yet the SYN gets RST: something on the way rejects the connection. */
export function rejectedOnTheWay(facts: Facts): Verdict {
  const port = portOf(facts);
  const host = facts.target.host;
  return {
    id: 'port-filtered',
    title: `A firewall rejects connections to port ${port}`,
    summary:
      `${refusedSummary('something')} Yet the service listens on all addresses of the server. So the RST does ` +
      `not come from the server's service: a firewall on the server or on the way rejects the connection on its behalf ` +
      `(e.g. an iptables REJECT rule with tcp-reset, a cloud security group or network ACL).`,
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...answerEvidence(facts)],
    nextSteps: [
      `On the server, look for a rule that matches port ${port}: \`${firewallRules(port, serverOs(facts))}\``,
      `From here, see where the connection stops: \`${traceRoute(host, port, facts.platform)}\``,
      'Check the cloud security group or network ACL in front of the server',
    ],
  };
}

/** Seen on this machine: the port has a listener, but on another address than the one connected to. */
function boundElsewhereHere(facts: Facts): Verdict {
  const port = portOf(facts);
  const listeners = facts.local?.kind === 'listeners' ? facts.local.listeners : [];
  const tried = [...new Set((facts.tcp ?? []).map((a) => a.address))].join(', ');
  const where = listeners.map((l) => hostPort(l.address, l.port)).join(', ');
  const owner = listeners.find((l) => l.process !== null);
  return {
    id: 'listener-bound-elsewhere',
    title: `Port ${port} listens on ${listeners[0]?.address ?? 'another address'}, not on ${tried}`,
    summary:
      `${refusedSummary('this machine')} Yet ${owner?.process ?? 'a program'}${owner?.pid != null ? ` (pid ${owner.pid})` : ''} listens on ` +
      `port ${port} here, bound to ${where}. A socket bound to one address receives only connections to that address; ` +
      `connections to ${tried} find no listener, so the kernel answers RST.`,
    confidence: 'certain',
    evidence: [
      ...connectEvidence(facts),
      ...listeners.map(
        (l) =>
          `listener: ${hostPort(l.address, l.port)}, ${l.process ?? 'unknown process'}${l.pid !== null ? ` (pid ${l.pid})` : ''}${l.hidden ? ` [owner hidden: ${l.hidden}]` : ''}`,
      ),
    ],
    nextSteps: [
      `Connect to the address it listens on: \`${tryConnect(listeners[0]?.address === '0.0.0.0' || listeners[0]?.address === '::' ? '127.0.0.1' : (listeners[0]?.address ?? '127.0.0.1'), port, facts.platform)}\``,
      `Or make it listen on all addresses (0.0.0.0 and ::) in its configuration; check with \`${whoListens(port, facts.platform)}\``,
    ],
  };
}

/** What this machine's listener table and its place (host, container, WSL) add to a refused local target. */
function localEvidence(facts: Facts): string[] {
  const lines: string[] = [];
  const local = facts.local;
  if (local?.kind === 'listeners' && local.listeners.length === 0) {
    lines.push(
      `no socket on this machine listens on port ${local.port} (read from ${local.source}${local.complete ? '' : "; other users' sockets may be hidden"})`,
    );
  } else if (local?.kind === 'unavailable') {
    lines.push(`this machine's listeners could not be read: ${local.reason}`);
  }
  if (facts.place && facts.place.kind !== 'host') lines.push(...localhostMeaning(facts.place));
  return lines;
}
