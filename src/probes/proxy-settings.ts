import { isIPv4 } from 'node:net';
import { hideUserinfo } from '../shared/redact-secrets.js';
import { ignoredNoProxyEntries, noProxyMatch, type IgnoredNoProxyEntry } from './no-proxy.js';
import { parseProxyUrl, type ProxyProtocol, type ProxyUrlProblem } from './proxy-url.js';
import { visibleText } from './visible-bytes.js';

export type { IgnoredNoProxyEntry } from './no-proxy.js';
export type { ProxyProtocol, ProxyUrlProblem } from './proxy-url.js';

/** The variables that name a proxy. */
export type ProxyVariableName = 'http_proxy' | 'HTTP_PROXY' | 'https_proxy' | 'HTTPS_PROXY' | 'all_proxy' | 'ALL_PROXY';
/** The variables that exempt hosts from the proxy. */
export type NoProxyVariableName = 'no_proxy' | 'NO_PROXY';

/** What the proxy decision needs of a target (a `ResolvedTarget` fits). */
export interface ProxyTarget {
  scheme: 'http' | 'https' | 'tcp';
  /** ASCII name or IP literal without brackets. */
  host: string;
  port: number;
}

/** Where a connection to the target goes, as one client would send it. */
export type ProxyRoute =
  /** Straight to the target: no proxy variable applies to its scheme, or NO_PROXY exempts its host. */
  | {
      kind: 'direct';
      reason: 'no proxy set' | `excluded by NO_PROXY entry "${string}"`;
      /** The variable and entry that exempted the host; null when no proxy was set. */
      excludedBy: { variable: NoProxyVariableName; entry: string } | null;
    }
  /** Through a proxy. Only `http` proxies are probed; socks and https proxies are reported, not probed. */
  | {
      kind: 'proxy';
      /** `http://***@proxy:3128`: credentials replaced, port always shown. */
      url: string;
      via: ProxyVariableName;
      protocol: ProxyProtocol;
      /** Lower-case name or IP literal without brackets. */
      host: string;
      port: number;
      hasCredentials: boolean;
    }
  /** A proxy variable applies but its value cannot be used: curl fails the transfer rather than going direct. */
  | { kind: 'unusable'; via: ProxyVariableName /** Redacted. */; value: string; problem: ProxyUrlProblem };

/** One proxy variable found in the environment, and what curl makes of it for this target. */
export interface ProxyVariable {
  name: ProxyVariableName | NoProxyVariableName;
  /** The value with any credentials replaced by `***`, made visible and bounded. */
  value: string;
  /**
   * `selected`: the one curl reads for this target. `shadowed`: same role, but a variable curl prefers is set
   * (lower case before upper case, the scheme's own before ALL_PROXY). `ignored`: curl never reads it (HTTP_PROXY).
   * `other-scheme`: for another scheme than the target's.
   */
  curl: 'selected' | 'shadowed' | 'ignored' | 'other-scheme';
}

/** Where clients that read upper-case HTTP_PROXY send an http target that curl routes otherwise. */
export interface UpperCaseHttpProxy {
  /** The clients that would, e.g. `Go net/http` (which also never proxies loopback targets). */
  clients: string[];
  route: Extract<ProxyRoute, { kind: 'proxy' | 'unusable' }>;
}

/** curl's route for the target, with the evidence a report shows beside it. Holds no credentials. */
export type ProxyDecision = ProxyRoute & {
  /** Every proxy variable that is set (empty counts as unset, as for curl), in a fixed order. */
  variables: ProxyVariable[];
  /** Entries of the NO_PROXY list curl reads that it can never match. */
  ignoredNoProxyEntries: IgnoredNoProxyEntry[];
  /** Set when HTTP_PROXY would send this target elsewhere in other clients than curl. */
  upperCaseHttpProxy: UpperCaseHttpProxy | null;
};

/** Proxy credentials from a variable: sent as `Proxy-Authorization`, never stored in a result. */
export interface ProxyCredentials {
  username: string;
  password: string;
}

/**
 * curl's order of preference for each scheme. It never reads upper-case HTTP_PROXY: under CGI, a request's
 * `Proxy:` header arrives as HTTP_PROXY, so any client could redirect the server's own requests ("httpoxy").
 * A `tcp://` target has no scheme variable: only ALL_PROXY, which curl applies to every protocol, can carry it.
 */
const CURL_ORDER: Record<ProxyTarget['scheme'], readonly ProxyVariableName[]> = {
  http: ['http_proxy', 'all_proxy', 'ALL_PROXY'],
  https: ['https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'],
  tcp: ['all_proxy', 'ALL_PROXY'],
};
const NO_PROXY_ORDER: readonly NoProxyVariableName[] = ['no_proxy', 'NO_PROXY'];
const PROXY_NAMES: readonly ProxyVariableName[] = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'all_proxy',
  'ALL_PROXY',
];

/** Decides, as curl does, whether the target goes through a proxy from `env`, and collects what a report shows. */
export function proxyFor(target: ProxyTarget, env: NodeJS.ProcessEnv): ProxyDecision {
  const set = (name: string): string | null => (env[name] ? env[name]! : null);
  const via = CURL_ORDER[target.scheme].find((name) => set(name) !== null) ?? null;
  const noProxyVariable = NO_PROXY_ORDER.find((name) => set(name) !== null) ?? null;
  const noProxy = noProxyVariable === null ? '' : set(noProxyVariable)!;
  const entry = noProxyVariable === null ? null : noProxyMatch(target.host, noProxy);
  const excludedBy = entry === null ? null : { variable: noProxyVariable!, entry: visibleText(entry, 256) };

  let route: ProxyRoute;
  if (via === null) route = { kind: 'direct', reason: 'no proxy set', excludedBy: null };
  else if (excludedBy)
    route = { kind: 'direct', reason: `excluded by NO_PROXY entry "${excludedBy.entry}"`, excludedBy };
  else route = routeThrough(via, set(via)!);

  const roleOf = (name: ProxyVariableName): ProxyVariable['curl'] => {
    if (name === 'HTTP_PROXY') return 'ignored';
    if (!CURL_ORDER[target.scheme].includes(name)) return 'other-scheme';
    return name === via ? 'selected' : 'shadowed';
  };
  const variables: ProxyVariable[] = [];
  for (const name of PROXY_NAMES) {
    const value = set(name);
    if (value !== null) variables.push({ name, value: visibleText(hideUserinfo(value), 512), curl: roleOf(name) });
  }
  for (const name of NO_PROXY_ORDER) {
    const value = set(name);
    const curl = name === noProxyVariable ? 'selected' : 'shadowed';
    if (value !== null) variables.push({ name, value: visibleText(value, 512), curl });
  }

  const curlValue = via === null ? null : set(via);
  return {
    ...route,
    variables,
    ignoredNoProxyEntries: ignoredNoProxyEntries(noProxy).map(({ entry, why }) => ({
      entry: visibleText(entry, 256),
      why,
    })),
    upperCaseHttpProxy:
      target.scheme === 'http' && !excludedBy ? upperCaseHttpProxy(target.host, set, curlValue) : null,
  };
}

/** The credentials in the proxy variable `via`, for the probe to send; null when it has none. */
export function proxyCredentials(env: NodeJS.ProcessEnv, via: ProxyVariableName): ProxyCredentials | null {
  const value = env[via];
  if (!value) return null;
  const parsed = parseProxyUrl(value);
  if (!parsed.ok) return null;
  const { username, password } = parsed.proxy;
  return username === '' && password === '' ? null : { username, password };
}

function routeThrough(via: ProxyVariableName, value: string): Extract<ProxyRoute, { kind: 'proxy' | 'unusable' }> {
  const parsed = parseProxyUrl(value);
  if (!parsed.ok)
    return { kind: 'unusable', via, value: visibleText(hideUserinfo(value), 512), problem: parsed.problem };
  const { protocol, host, port, username, password, redactedUrl } = parsed.proxy;
  const hasCredentials = username !== '' || password !== '';
  return {
    kind: 'proxy',
    url: visibleText(redactedUrl, 512),
    via,
    protocol,
    host: visibleText(host, 256),
    port,
    hasCredentials,
  };
}

/**
 * Other clients read HTTP_PROXY: Python's urllib and requests and Node's undici (EnvHttpProxyAgent) when
 * http_proxy is unset, Go's net/http even before http_proxy. Go never proxies `localhost` or a loopback address.
 */
function upperCaseHttpProxy(
  host: string,
  set: (name: string) => string | null,
  curlValue: string | null,
): UpperCaseHttpProxy | null {
  const upper = set('HTTP_PROXY');
  if (upper === null || upper === curlValue) return null;
  const loopback = host === 'localhost' || (isIPv4(host) && host.startsWith('127.')) || host === '::1';
  const go = loopback ? [] : ['Go net/http'];
  const clients = set('http_proxy') === null ? ['Python urllib/requests', 'Node undici EnvHttpProxyAgent', ...go] : go;
  return clients.length === 0 ? null : { clients, route: routeThrough('HTTP_PROXY', upper) };
}
