import { localAddressKind } from '../../probes/local-listeners/is-local-address.js';
import { curlVerbose, hostPort, shellQuote, tryConnect } from '../commands.js';
import { portOf, proxyRoute, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, describeAttempt, targetUrl } from './evidence.js';
import { timingLine } from './exchange-evidence.js';
import { detourOutcome, proxyNamed, routeLine } from './proxy-evidence.js';

/**
 * proxy-interference, the other way round: the direct connect fails, and the same request through the proxy the
 * environment names gets an answer. curl reads the variable and works; a client that ignores it goes direct and fails.
 */

const isLoopback = (host: string) => host === 'localhost' || localAddressKind(host) === 'loopback';

/** The direct attempts in wire words: at most three, then how many more. */
function directFailure(facts: Facts): string {
  const attempts = facts.tcp ?? [];
  const more = attempts.length > 3 ? `; and ${attempts.length - 3} more` : '';
  return `${attempts.slice(0, 3).map(describeAttempt).join('; ')}${more}`;
}

/** Which common clients go direct for this target although the variable is set. */
export function directClients(facts: Facts, variable: string): string {
  const { scheme } = facts.target;
  if (scheme === 'tcp') {
    return `programs that speak raw TCP (database drivers, ssh, nc, Node.js net.connect) never tunnel through an HTTP proxy from ${variable}`;
  }
  const allProxy = /^all_proxy$/i.test(variable);
  // No attempts (the name did not resolve): nothing says loopback, and Go proxies a name it cannot look up.
  const loopback = (facts.tcp ?? []).length > 0 && (facts.tcp ?? []).every((a) => isLoopback(a.address));
  return [
    `Node.js http, https and fetch, which read proxy variables only with NODE_USE_ENV_PROXY=1 (Node.js 22.21, 24.5 or later${allProxy ? ', and never ALL_PROXY' : ''}) or when the code sets a proxy agent`,
    `Java, unless started with -D${scheme}.proxyHost`,
    `Go programs with their own http.Transport without Proxy: http.ProxyFromEnvironment${allProxy ? ' (Go never reads ALL_PROXY)' : ''}` +
      (loopback ? `, and Go's net/http in any case, since it never proxies a loopback target` : ''),
  ].join('; ');
}

/** A loopback target reached through a proxy elsewhere is the proxy's own loopback: maybe another server altogether. */
function loopbackCaveat(facts: Facts): string {
  const route = proxyRoute(facts);
  const targetLoopback = (facts.tcp ?? []).length > 0 && (facts.tcp ?? []).every((a) => isLoopback(a.address));
  if (!targetLoopback || route.kind !== 'proxy' || isLoopback(route.host)) return '';
  return ` Beware: ${facts.target.host} is a loopback address, so the proxy on ${route.host} connected to port ${portOf(facts)} of its own machine, not of this one; the answer may come from another server than the one you mean.`;
}

/** How to make a Node.js client take the proxy, for the user's shell. Node reads http(s)_proxy, never ALL_PROXY. */
function nodeWithProxy(facts: Facts, variable: string): string {
  const own = `${facts.target.scheme}_proxy`;
  const copy = /^all_proxy$/i.test(variable);
  if (facts.platform === 'win32') {
    return `${copy ? `$env:${own} = $env:${variable}; ` : ''}$env:NODE_USE_ENV_PROXY = "1"; node app.js`;
  }
  return `${copy ? `${own}="$${variable}" ` : ''}NODE_USE_ENV_PROXY=1 node app.js`;
}

/** The first next step: the direct failure, as clients that ignore the proxy meet it. */
function seeDirectFailure(facts: Facts): string {
  const { host, scheme } = facts.target;
  const command =
    scheme === 'tcp'
      ? tryConnect(host, portOf(facts), facts.platform)
      : curlVerbose(targetUrl(facts), facts.platform, 10, { noProxy: true });
  return `See the direct failure, as clients that ignore the proxy meet it: \`${command}\`; if clients are meant to go direct, that is the fault to fix, and the proxy only hides it`;
}

/** The next steps after the direct failure: see the proxied answer, and make each kind of client take the proxy. */
export function takeTheProxySteps(facts: Facts, variable: string): string[] {
  const { host, scheme } = facts.target;
  const port = portOf(facts);
  const route = proxyRoute(facts);
  if (scheme === 'tcp') {
    return [
      `Give raw TCP clients a way through the proxy (ssh: \`-o ProxyCommand=${shellQuote(`nc -X connect -x ${route.kind === 'proxy' ? hostPort(route.host, route.port) : 'proxy:port'} %h %p`)}\`), or open a direct route to ${hostPort(host, port)}`,
    ];
  }
  const url = targetUrl(facts);
  const proxyAt = route.kind === 'proxy' ? { host: route.host, port: route.port } : { host: 'proxy', port: 3128 };
  return [
    `See the answer through the proxy (curl reads ${variable}): \`${curlVerbose(url, facts.platform, 10)}\``,
    `Make a Node.js client take the proxy: \`${nodeWithProxy(facts, variable)}\` (Node.js 22.21, 24.5 or later); on older versions give it an agent: undici's \`setGlobalDispatcher(new EnvHttpProxyAgent())\` for fetch, https-proxy-agent for http and https`,
    `Java: \`java -D${scheme}.proxyHost=${shellQuote(proxyAt.host)} -D${scheme}.proxyPort=${proxyAt.port} …\`; Go: set \`Proxy: http.ProxyFromEnvironment\` on your own http.Transport`,
  ];
}

export function proxyCarries(facts: Facts): Verdict {
  const { url, variable } = proxyNamed(facts);
  const where = hostPort(facts.target.host, portOf(facts));
  const via = facts.viaProxy;
  const response = via?.kind === 'tunnel-established' || via?.kind === 'proxy-answered' ? via.response : null;
  return {
    id: 'proxy-interference',
    title: `Only the proxy from ${variable} gets through: direct connections to ${where} fail`,
    summary:
      `Directly, the connection fails: ${directFailure(facts)}. Through the proxy ${url}, which ${variable} names for ` +
      `this target, the same request gets through: ${detourOutcome(facts)}. curl and other clients that read ${variable} go that way and ` +
      `work; clients that ignore it go direct and fail as above: ${directClients(facts, variable)}.${loopbackCaveat(facts)}`,
    confidence: 'likely',
    evidence: [
      ...connectEvidence(facts),
      routeLine(facts),
      `through the proxy: ${detourOutcome(facts)}`,
      ...(response ? [`through the proxy, ${timingLine(response.marks, null)}`] : []),
    ],
    nextSteps: [seeDirectFailure(facts), ...takeTheProxySteps(facts, variable)],
  };
}
