import { isIPv6 } from 'node:net';
import { HIDDEN } from '../shared/redact-secrets.js';

/** The protocol spoken to a proxy: `socks4a` counts as socks4 and `socks5h` as socks5 (they only move DNS to the proxy). */
export type ProxyProtocol = 'http' | 'https' | 'socks4' | 'socks5';

/** A proxy URL taken apart. Holds the credentials: never put one in a result, show `redactedUrl` instead. */
export interface ParsedProxyUrl {
  protocol: ProxyProtocol;
  /** Lower-case host, IPv6 without brackets. */
  host: string;
  port: number;
  /** Percent-decoded, as curl decodes them before sending `Proxy-Authorization`. */
  username: string;
  password: string;
  /** `http://***@proxy:3128`: the scheme as written, the credentials replaced, the port always shown. */
  redactedUrl: string;
}

/** Why a proxy variable cannot be used: curl refuses the transfer ("Unsupported proxy scheme", "Unsupported proxy syntax"). */
export type ProxyUrlProblem = 'unsupported-scheme' | 'malformed';

export type ProxyUrlParse = { ok: true; proxy: ParsedProxyUrl } | { ok: false; problem: ProxyUrlProblem };

const PROTOCOLS: Record<string, ProxyProtocol> = {
  http: 'http',
  https: 'https',
  socks4: 'socks4',
  socks4a: 'socks4',
  socks5: 'socks5',
  socks5h: 'socks5',
};

/**
 * Parses a proxy variable the way curl does: no scheme means `http://`; a missing port is curl's default, 1080,
 * or 443 for an https proxy (Go, Python and Node's undici use the scheme's port, 80, instead). The part before
 * `://` decides the protocol; a path is ignored.
 */
export function parseProxyUrl(value: string): ProxyUrlParse {
  const schemed = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (!schemed && value.includes('://')) return { ok: false, problem: 'malformed' };
  const scheme = (schemed?.[1] ?? 'http').toLowerCase();
  const protocol = PROTOCOLS[scheme];
  if (!protocol) return { ok: false, problem: 'unsupported-scheme' };
  const rest = schemed ? value.slice(schemed[0].length) : value;

  // A scheme the URL parser does not know keeps an explicit default port (`http://proxy:80`), which `http:` drops.
  let url: URL;
  try {
    url = new URL(`conn-doctor-proxy://${rest}`);
  } catch {
    return { ok: false, problem: 'malformed' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const port = url.port === '' ? (protocol === 'https' ? 443 : 1080) : Number(url.port);
  if (host === '' || port === 0) return { ok: false, problem: 'malformed' };
  const username = decoded(url.username);
  const password = decoded(url.password);
  const shownHost = isIPv6(host) ? `[${host}]` : host;
  const credentials = username !== '' || password !== '' ? `${HIDDEN}@` : '';
  const redactedUrl = `${scheme}://${credentials}${shownHost}:${port}`;
  return { ok: true, proxy: { protocol, host, port, username, password, redactedUrl } };
}

function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
