import type { ProxyResult } from '../../probes/proxy-result.js';
import { curlVerbose } from '../commands.js';
import { proxyRoute, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, describeAttempt, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';

/** What went wrong through the proxy, in plain words. */
function throughProxy(via: ProxyResult | undefined): string {
  if (!via) return 'the request through the proxy was not made';
  switch (via.kind) {
    case 'tunnel-established':
      return via.tls?.kind === 'secure'
        ? `the proxy's tunnel works, but the certificate seen through it does not verify (${via.tls.session.verification.chainError}): the proxy intercepts TLS with its own CA`
        : `the proxy's tunnel opened, but the TLS handshake through it failed (${via.tls?.kind ?? 'no handshake'})`;
    case 'proxy-auth-required':
      return via.credentialsSent ? 'the proxy refused the credentials in the variable (407)' : 'the proxy wants credentials and the variable has none (407)';
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

export function proxyInterference(facts: Facts): Verdict {
  const route = proxyRoute(facts);
  const url = route.kind === 'proxy' ? route.url : 'the proxy';
  const via = route.kind === 'proxy' ? route.via : 'a proxy variable';
  const host = facts.target.host;
  return {
    id: 'proxy-interference',
    title: `The proxy from ${via} breaks this connection`,
    summary:
      `Directly, the target works. But ${via} sends this target through ${url}, as curl and most clients that read ` +
      `the variable would, and there it fails: ${throughProxy(facts.viaProxy)}.`,
    confidence: 'likely',
    evidence: [
      ...connectEvidence(facts),
      ...exchangeEvidence(facts),
      `${via} → ${url}; NO_PROXY does not exclude ${host}`,
      `through the proxy: ${throughProxy(facts.viaProxy)}`,
    ],
    nextSteps: [
      `Compare with the proxy bypassed: \`${curlVerbose(targetUrl(facts), facts.platform, 10, { noProxy: true })}\``,
      `Exclude the target from the proxy: \`${facts.platform === 'win32' ? `$env:NO_PROXY = "${host}"` : `export NO_PROXY=${host}`}\` (lower-case no_proxy too), or fix the proxy address or credentials in ${via}`,
    ],
  };
}
