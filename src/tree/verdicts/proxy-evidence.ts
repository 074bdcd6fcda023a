import type { ProxyResult } from '../../probes/proxy-result.js';
import type { TlsResult } from '../../probes/tls-result.js';
import { hostPort } from '../commands.js';
import { portOf, proxyCarried, proxyRoute, type Facts } from '../facts.js';
import type { VerdictBuilders } from '../tree-types.js';
import { verdictIds } from '../verdict-ids.js';
import { describeAttempt, openAttempt } from './evidence.js';

/** The proxy the environment names for the target, as reports may show it: its URL has no credentials. */
export function proxyNamed(facts: Facts): { url: string; variable: string } {
  const route = proxyRoute(facts);
  return route.kind === 'proxy'
    ? { url: route.url, variable: route.via }
    : { url: 'the proxy', variable: 'a proxy variable' };
}

/** `https_proxy → http://***@proxy:3128; NO_PROXY does not exclude example.com` */
export function routeLine(facts: Facts): string {
  const { url, variable } = proxyNamed(facts);
  return `${variable} → ${url}; NO_PROXY does not exclude ${facts.target.host}`;
}

/** What went wrong through the proxy, in plain words. A secure tunnel is taken as broken: the direct path verified. */
export function throughProxy(via: ProxyResult | undefined): string {
  if (!via) return 'the request through the proxy was not made';
  switch (via.kind) {
    case 'tunnel-established':
      return via.tls?.kind === 'secure'
        ? `the proxy's tunnel works, but the certificate seen through it does not verify (${via.tls.session.verification.chainError}): the proxy intercepts TLS with its own CA`
        : `the proxy's tunnel opened, but the TLS handshake through it failed (${via.tls?.kind ?? 'no handshake'})`;
    case 'proxy-auth-required':
      return via.credentialsSent
        ? 'the proxy refused the credentials in the variable (407)'
        : 'the proxy wants credentials and the variable has none (407)';
    case 'proxy-answered':
      return `the proxy answered ${via.status} to ${via.method}${via.status === 403 ? ': its policy forbids this target' : via.status === 502 || via.status === 504 ? ': it could not reach the target itself' : ''}`;
    case 'proxy-refused-connect':
      return `nothing listens where the proxy variable points: ${describeAttempt(via.connect)}`;
    case 'proxy-unreachable':
      return `the proxy cannot be reached: ${describeAttempt(via.connect)}`;
    case 'proxy-closed':
      return 'the proxy closed the connection without answering (FIN)';
    case 'proxy-reset':
      return 'the proxy reset the connection without answering (RST)';
    case 'proxy-silent':
      return 'the proxy never answered';
    case 'not-a-proxy':
      return `the proxy variable points at a port that speaks ${via.protocol?.name ?? 'something else'}, not an HTTP proxy`;
    case 'proxy-truncated':
      return `the proxy's answer broke off (${via.how})`;
    case 'aborted':
      return 'the request through the proxy was cancelled';
  }
}

/** How the certificate seen through the tunnel was judged; it is the target's, or an intercepting proxy's. */
function certificateWords(tls: Extract<TlsResult, { kind: 'secure' }>): string {
  const { chainError, hostnameError, checkedName } = tls.session.verification;
  if (chainError) return `the certificate does not verify: ${chainError}`;
  if (hostnameError) return `the certificate is not issued for ${checkedName}`;
  return 'the certificate verifies';
}

/**
 * What came back through the proxy, in plain words, whether it reached the target or not. Said where the direct
 * connect failed, so a success is not judged against a direct answer (an untrusted certificate is just reported).
 */
export function detourOutcome(facts: Facts): string {
  const via = facts.viaProxy;
  const where = hostPort(facts.target.host, portOf(facts));
  switch (via?.kind) {
    case 'tunnel-established': {
      const opened = `the proxy answered CONNECT ${where} with ${via.response.status} ${via.response.reason} and opened a tunnel`;
      if (via.tls === null) return `${opened} to the port`;
      if (via.tls.kind !== 'secure') return `${opened}, but the TLS handshake through it failed (${via.tls.kind})`;
      return `${opened}; through it the TLS handshake completed (${via.tls.session.protocol}) and ${certificateWords(via.tls)}`;
    }
    case 'proxy-answered': {
      if (!proxyCarried(facts)) return throughProxy(via);
      const relay = via.response.headers.find((h) => h.name.toLowerCase() === 'via');
      const answer = `HTTP/${via.response.httpVersion} ${via.status} ${via.response.reason}`;
      return `an answer came back, ${answer}${relay ? ` (Via: ${relay.value})` : ''}`;
    }
    default:
      return throughProxy(via);
  }
}

/**
 * The one line a verdict about the direct path carries when the proxy was tried because that path failed; null when
 * it was not tried, or the direct path worked (then proxy-interference speaks about the proxy itself).
 */
export function detourLine(facts: Facts): string | null {
  if (!facts.viaProxy || openAttempt(facts)) return null;
  const { url, variable } = proxyNamed(facts);
  return `through the proxy ${url} (${variable}), which curl would use: ${detourOutcome(facts)}`;
}

/**
 * Adds the detour line to every verdict about the direct path, so its evidence says the proxy was tried and what it
 * did. `proxy-interference` words the proxy itself.
 */
export function withDetourLine(builders: VerdictBuilders): VerdictBuilders {
  const wrapped: VerdictBuilders = { ...builders };
  for (const id of verdictIds) {
    if (id === 'proxy-interference') continue;
    const builder = builders[id];
    wrapped[id] = (facts) => {
      const verdict = builder(facts);
      const line = detourLine(facts);
      return line === null ? verdict : { ...verdict, evidence: [...verdict.evidence, line] };
    };
  }
  return wrapped;
}
