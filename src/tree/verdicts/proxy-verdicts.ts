import { curlVerbose } from '../commands.js';
import type { Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, openAttempt, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';
import { proxyCarries } from './proxy-carries.js';
import { proxyNamed, routeLine, throughProxy } from './proxy-evidence.js';
import { nameUnresolved, proxyResolves } from './proxy-resolves.js';

/** The direct path works, and the proxy the environment names breaks it. */
function proxyBreaks(facts: Facts): Verdict {
  const { url, variable: via } = proxyNamed(facts);
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
      routeLine(facts),
      `through the proxy: ${throughProxy(facts.viaProxy)}`,
    ],
    nextSteps: [
      `Compare with the proxy bypassed: \`${curlVerbose(targetUrl(facts), facts.platform, 10, { noProxy: true })}\``,
      `Exclude the target from the proxy: \`${facts.platform === 'win32' ? `$env:NO_PROXY = "${host}"` : `export NO_PROXY=${host}`}\` (lower-case no_proxy too), or fix the proxy address or credentials in ${via}`,
    ],
  };
}

/** The direct and the proxied paths differ: whichever of them works, the words say what the other one did. */
export function proxyInterference(facts: Facts): Verdict {
  if (openAttempt(facts)) return proxyBreaks(facts);
  // The direct path failed before any connect: the name does not resolve here, and the proxy resolved it.
  return nameUnresolved(facts) ? proxyResolves(facts) : proxyCarries(facts);
}
