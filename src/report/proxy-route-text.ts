import type { ProxyDecision, ProxyRoute } from '../probes/proxy-settings.js';
import type { Scheme } from '../shared/target.js';

/** Why a proxy variable's value cannot be used, in curl's terms. */
const problemWords = {
  'unsupported-scheme': 'a scheme curl does not support for a proxy',
  malformed: 'not a URL curl can read',
} as const;

/**
 * The proxy route the run evaluated, as curl reads the variables, in one line for the reports' environment
 * sections: the variable used and the proxy URL (credentials already replaced), or why the connection goes
 * direct. Plain text; the caller escapes it for its format.
 */
export function proxyRouteText(proxy: ProxyDecision, scheme: Scheme): string {
  const curl = proxy.kind === 'direct' ? directText(proxy, scheme) : throughText(proxy);
  const other = proxy.upperCaseHttpProxy;
  return other === null
    ? curl
    : `${curl}; ${other.clients.join(', ')} read HTTP_PROXY instead: ${throughText(other.route)}`;
}

function throughText(route: Extract<ProxyRoute, { kind: 'proxy' | 'unusable' }>): string {
  if (route.kind === 'unusable') {
    return `${route.via} is set to "${route.value}", ${problemWords[route.problem]}, so the request fails rather than going direct`;
  }
  // Only an http proxy is probed; the others are named so the reader knows the path was not checked.
  const probed = route.protocol === 'http' ? '' : `, a ${route.protocol} proxy this version names but does not probe`;
  return `through ${route.url} (from ${route.via}${probed})`;
}

function directText(proxy: ProxyDecision & { kind: 'direct' }, scheme: string): string {
  if (proxy.excludedBy) return `direct: ${proxy.excludedBy.variable} matches "${proxy.excludedBy.entry}"`;
  const others = proxy.variables.filter((v) => !/^no_proxy$/i.test(v.name)).map((v) => v.name);
  if (others.length === 0) return 'direct: no proxy variable set';
  return `direct: no proxy variable curl reads for ${scheme} targets is set (set, for other schemes or ignored by curl: ${others.join(', ')})`;
}
