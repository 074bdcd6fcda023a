import { curlVerbose, serverLogs, tryConnect } from '../commands.js';
import { portOf, type Facts, startTlsSessionOf } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';
import { forwarderEvidence } from './forwarder-evidence.js';
import { quietReading } from './listener-readings.js';
import { answerOf, protocolAnswerEvidence, protocolNames } from './protocol-evidence.js';
import { mysqlPlainClientsReading } from './mysql-plain-clients.js';
import { mysqlUnverifiedReading } from './mysql-unverified.js';
import { smtpHealthyReading } from './smtp-submission.js';
import { defaultMaxIdleMs } from '../../probes/keepalive-idle.js';

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
  const answer = answerOf(facts);
  const spoken =
    facts.protocol && answer ? `${protocolNames[facts.protocol.protocol]} answered ${answer.answer}` : null;
  const unheard = !facts.http && !service && !spoken ? unheardService(facts) : null;
  // The user said reused connections fail: the idle watch covers only its own window, and a pool may idle longer.
  const reusedResets = facts.answers['failure.frequency'] === 'reused-resets';
  const loginUntested = facts.protocol !== undefined && !facts.protocol.passwordSent;
  // MySQL: a password was sent, but the server asked for what this probe cannot give (TLS or an RSA key, a plugin).
  const loginUnjudged = answer?.answer === 'login-untested';
  const quiet = quietReading(facts, portOf(facts));
  // SMTP on the submission port without STARTTLS, or a TLS certificate a client checks and this run did not, or a
  // MySQL login over TLS that a driver starting in plain text would not make: it works here, and a client set
  // otherwise may fail.
  const submission = smtpHealthyReading(facts) ?? mysqlUnverifiedReading(facts) ?? mysqlPlainClientsReading(facts);
  const startTls = facts.tls ? null : startTlsSessionOf(facts);
  const layers = [
    'the name resolves',
    'the TCP handshake completes',
    ...(facts.tls?.kind === 'secure' ? ['the TLS handshake completes with a trusted certificate for this name'] : []),
    facts.http
      ? 'the server answers in HTTP'
      : spoken
        ? spoken
        : service
          ? `the port speaks ${service}`
          : (unheard?.layer ?? ''),
    // SMTP's STARTTLS, after the 250 to EHLO: its certificate judged (a bad one never reaches this verdict).
    ...(startTls ? [`STARTTLS completes with a trusted certificate for ${startTls.verification.checkedName}`] : []),
  ].filter((layer) => layer !== '');
  return {
    id: 'healthy',
    title: unheard ? unheard.title : 'The connection works end to end',
    summary:
      `${layers.join(', ').replace(/^./, (c) => c.toUpperCase())}. ` +
      (unheard
        ? `${unheard.summary}${quiet?.summary ?? ''}`
        : 'Nothing is wrong at the network or protocol level right now. If your client still fails, compare its ' +
          'target, proxy settings and timing with this run.' +
          (loginUntested ? ' No password was tried, so whether your credentials are accepted was not tested.' : '') +
          (loginUnjudged
            ? ` The password from the URL was sent, but the server could not judge it here (${answer?.message}), so whether your credentials are accepted was not tested.`
            : '') +
          (reusedResets
            ? ` An idle connection was watched for ${defaultMaxIdleMs / 1000} s only: a server or load balancer that closes idle connections later than that would not show here.`
            : '') +
          (submission?.sentence ?? '')),
    // What was never heard cannot be vouched for: the connection works, what answers on it is not known; behind a
    // forwarder whose backend was not seen to accept, the silence may be the forwarder waiting on a dead one.
    confidence: unheard
      ? quiet && facts.backend?.kind !== 'accepted'
        ? 'possible'
        : 'likely'
      : reusedResets || submission?.doubt
        ? 'likely'
        : 'certain',
    evidence: [
      ...connectEvidence(facts),
      ...exchangeEvidence(facts),
      ...protocolAnswerEvidence(facts),
      ...(unheard ? forwarderEvidence(facts) : []),
      ...stableEvidence(facts),
    ],
    nextSteps: [
      ...(unheard && quiet ? quiet.nextSteps : []),
      ...(submission?.nextSteps ?? []),
      ...(reusedResets
        ? [
            `Compare your client pool's idle timeout with the server's (and any load balancer's) idle timeout: set the pool's below the server's, or retry once on ECONNRESET for a reused connection`,
          ]
        : []),
      // curl speaks http:// and https://; for tcp:// and a protocol's own scheme, a bare connect is the comparison.
      facts.target.scheme === 'http' || facts.target.scheme === 'https'
        ? `Compare with your client's view: \`${curlVerbose(targetUrl(facts), facts.platform)}\``
        : `Compare with your client's view: \`${tryConnect(facts.target.host, portOf(facts), facts.platform)}\``,
      facts.answers['failure.frequency'] === 'every-time'
        ? 'It works from here but fails from your client every time: compare what differs (proxy variables, DNS, VPN, the exact URL and port, the machine it runs on)'
        : 'If the failure comes and goes, run conn-doctor again when it happens, with --symptom and the exact error text',
    ],
  };
}

const greetingNames = {
  'tls-hello': 'TLS',
  'http-hello': 'HTTP',
  'redis-ping': 'Redis',
  'postgres-ssl-request': 'PostgreSQL',
} as const;

/**
 * A port whose service conn-doctor never recognised: it stayed silent (it waits for a client that speaks its
 * protocol, or it is stuck), or it answered in bytes no known protocol matches. Null when nothing was tried.
 */
function unheardService(facts: Facts): { layer: string; title: string; summary: string } | null {
  if (facts.service?.kind !== 'unknown') return null;
  const replied = facts.service.tried.find((t) => t.reply !== null);
  const greetings = facts.service.tried.flatMap((t) => (t.how === 'banner' ? [] : [greetingNames[t.how]]));
  const port = portOf(facts);
  if (replied?.reply) {
    return {
      layer: 'and the server answers, in a protocol conn-doctor does not recognise',
      title: `Port ${port} accepts connections and answers in a protocol conn-doctor does not know`,
      summary:
        `It answered "${replied.reply.text.slice(0, 40)}". The connection works; whether that is the service you ` +
        'meant, conn-doctor cannot tell: check the port against your client configuration.',
    };
  }
  return {
    layer: 'and the server holds the connection open without a word',
    title: `Port ${port} accepts connections; the service there said nothing`,
    summary:
      `It sent no byte: none unprompted${greetings.length ? `, none in answer to the greetings conn-doctor tried (${greetings.join(', ')})` : ''}. ` +
      'It speaks only when spoken to, in a protocol not tried here, or it is stuck; from ' +
      'here the two look the same. The network path is fine; test the service with its own client.',
  };
}

/** After repeated connects that all worked, say so: it is what rules out an intermittent fault. */
function stableEvidence(facts: Facts): string[] {
  if (facts.repeatHttp) return [`repeated requests: all ${facts.repeatHttp.length} answered`];
  const repeat = facts.repeat;
  return repeat ? [`repeated connects: all ${repeat.attempts.length} succeeded`] : [];
}
