import { isIP } from 'node:net';
import { resolveName } from '../../probes/dns-resolve.js';
import { proxyCredentials } from '../../probes/proxy-settings.js';
import { requestThroughProxy } from '../../probes/proxy-request.js';
import type { ProxyResult } from '../../probes/proxy-result.js';
import { hostHeaderOf, portOf, proxyRoute, type Facts } from '../../tree/facts.js';
import type { StepContext, StepRunner } from './step-runner.js';
import { serverNameOf } from './tls-step.js';
import { transportScheme } from '../../shared/target.js';
import { trustStoreFor } from './trust.js';

function summarise(result: ProxyResult): string {
  switch (result.kind) {
    case 'tunnel-established':
      return `the proxy opened a tunnel${result.tls ? `; TLS through it: ${result.tls.kind}` : ''}`;
    case 'proxy-auth-required':
      return `the proxy wants credentials (407)${result.credentialsSent ? '; it refused those sent' : ''}`;
    case 'proxy-answered':
      return `the proxy answered ${result.status} to ${result.method}`;
    case 'proxy-refused-connect':
      return 'nothing listens where the proxy variable points (RST)';
    case 'proxy-unreachable':
      return `the proxy cannot be reached (${result.connect.kind})`;
    case 'proxy-closed':
      return 'the proxy closed the connection without answering';
    case 'proxy-reset':
      return 'the proxy reset the connection without answering';
    case 'proxy-silent':
      return 'the proxy never answered';
    case 'not-a-proxy':
      return `the proxy port speaks ${result.protocol?.name ?? 'something else'}, not HTTP`;
    case 'proxy-truncated':
      return `the proxy's answer broke off (${result.how})`;
    case 'aborted':
      return 'cancelled';
  }
}

/** The proxy the environment names, as an address to connect to (resolved like any target name). */
async function proxyEndpoint(host: string, port: number, facts: Facts, context: StepContext) {
  const family = isIP(host);
  if (family) return { address: host, family: family as 4 | 6, port };
  const hostKind = host === 'localhost' || host.endsWith('.localhost') ? 'localhost' : 'name';
  const resolve = context.resolveName ?? resolveName;
  const dns = await resolve({ host, hostKind }, { dnsServer: facts.dnsServer }, context.budget);
  const first = dns.addresses[0];
  return first ? { address: first.address, family: first.family, port } : null;
}

export const proxyStep: StepRunner<'proxy.check'> = async (context) => {
  const { facts, budget, requestPath } = context;
  const route = proxyRoute(facts);
  if (route?.kind !== 'proxy') throw new Error('proxy.check reached without a proxy');
  const endpoint = await proxyEndpoint(route.host, route.port, facts, context);
  if (!endpoint) {
    const via: ProxyResult = {
      kind: 'proxy-unreachable',
      connect: {
        address: route.host,
        family: 4,
        port: route.port,
        kind: 'error',
        connectMs: 0,
        errorKind: 'other',
        errno: 'ENOTFOUND',
      },
    };
    return {
      patch: { viaProxy: via },
      outcome: via.kind,
      summary: `the proxy's name ${route.host} does not resolve`,
      details: via,
    };
  }
  const target = { scheme: transportScheme(facts.target.scheme), host: facts.target.host, port: portOf(facts) };
  const request =
    facts.target.scheme === 'http'
      ? { hostHeader: hostHeaderOf(facts), path: requestPath ?? facts.target.path, authorization: null }
      : null;
  const tls =
    facts.target.scheme === 'https'
      ? { servername: serverNameOf(facts), ca: (await trustStoreFor(facts.caFile)).ca }
      : undefined;
  const viaProxy = await requestThroughProxy(
    endpoint,
    target,
    request,
    budget,
    proxyCredentials(facts.env, route.via),
    { tls },
  );
  return {
    patch: { viaProxy },
    outcome: viaProxy.kind,
    summary: `through ${route.url}: ${summarise(viaProxy)}`,
    details: viaProxy,
  };
};
