import { curlVerbose, serverLogs } from '../commands.js';
import type { Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';

const statusOf = (facts: Facts) => (facts.http?.kind === 'response' ? facts.http : null);

const upstreamMeaning: Record<number, string> = {
  502: 'Bad Gateway: the proxy or gateway got an invalid answer (or none) from the server behind it',
  503: 'Service Unavailable: the server or the proxy in front of it has no healthy backend, or is overloaded or in maintenance',
  504: 'Gateway Timeout: the proxy or gateway waited too long for the server behind it',
};

export function httpUpstreamError(facts: Facts): Verdict {
  const response = statusOf(facts);
  const status = response?.status ?? 502;
  const server = response?.headers.find((h) => h.name.toLowerCase() === 'server')?.value;
  return {
    id: 'http-upstream-error',
    title: `${status} from ${server ? `the proxy (${server})` : 'a proxy or gateway'}: its upstream failed`,
    summary:
      `The network path is fine: the connection was accepted and an HTTP answer came back. But the answer is ` +
      `${status} ${upstreamMeaning[status] ?? ''}. The fault is behind the proxy, not between you and it.`,
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts)],
    nextSteps: [
      `See the whole answer, headers and body: \`${curlVerbose(targetUrl(facts), facts.platform)}\``,
      `Check the proxy's error log and the upstream service it forwards to: \`${serverLogs('linux')}\``,
      'Check that the upstream address and port in the proxy configuration are right and that the upstream is running',
    ],
  };
}

export function httpErrorStatus(facts: Facts): Verdict {
  const response = statusOf(facts);
  const status = response?.status ?? 0;
  const client = status < 500;
  return {
    id: 'http-error-status',
    title: `The application answered ${status} ${response?.reason ?? ''}`.trim(),
    summary:
      `The connection is fine end to end: name, TCP handshake and HTTP all work. The application itself answered ` +
      `with an error status (${status}). ${client ? 'A 4xx status means it rejected this request: wrong path, missing credentials, or a method or input it does not accept.' : 'A 5xx status means the application failed while handling the request.'}`,
    confidence: 'certain',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts)],
    nextSteps: [
      `See the whole answer, headers and body: \`${curlVerbose(targetUrl(facts), facts.platform)}\``,
      client
        ? `Check the path (${facts.target.path}), the method and the credentials the client sends`
        : `Check the application's log for the error: \`${serverLogs('linux')}\``,
    ],
  };
}

export function healthy(facts: Facts): Verdict {
  const service = facts.service?.kind === 'identified' ? facts.service.protocol.name : null;
  const layers = [
    'the name resolves',
    'the TCP handshake completes',
    ...(facts.tls?.kind === 'secure' ? ['the TLS handshake completes with a trusted certificate for this name'] : []),
    facts.http
      ? 'the server answers in HTTP'
      : service
        ? `the port speaks ${service}`
        : 'the server accepts the connection and keeps it open',
  ];
  return {
    id: 'healthy',
    title: 'The connection works end to end',
    summary:
      `${layers.join(', ').replace(/^./, (c) => c.toUpperCase())}. Nothing is wrong at the network or protocol level ` +
      'right now. If your client still fails, compare its target, proxy settings and timing with this run.',
    confidence: 'certain',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts), ...stableEvidence(facts)],
    nextSteps: [
      `Compare with your client's view: \`${curlVerbose(targetUrl(facts), facts.platform)}\``,
      facts.answers['failure.frequency'] === 'every-time'
        ? 'It works from here but fails from your client every time: compare what differs (proxy variables, DNS, VPN, the exact URL and port, the machine it runs on)'
        : 'If the failure comes and goes, run conn-doctor again when it happens, with --symptom and the exact error text',
    ],
  };
}

/** After repeated connects that all worked, say so: it is what rules out an intermittent fault. */
function stableEvidence(facts: Facts): string[] {
  if (facts.repeatHttp) return [`repeated requests: all ${facts.repeatHttp.length} answered`];
  const repeat = facts.repeat;
  return repeat ? [`repeated connects: all ${repeat.attempts.length} succeeded`] : [];
}
