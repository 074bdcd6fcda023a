import type { IdentifyMethod } from '../../probes/service-identity.js';
import { curlVerbose, serverLogs, tryConnect, whoListens } from '../commands.js';
import { forwarderListener, portOf, type Facts } from '../facts.js';
import type { Verdict } from '../verdict-ids.js';
import { connectEvidence, describeAttempt, ms, targetUrl } from './evidence.js';
import { exchangeEvidence } from './exchange-evidence.js';
import { forwarderEvidence, forwarderWho } from './forwarder-evidence.js';
import { listenerReading, quietReading } from './listener-readings.js';
import { protocolUnexpected } from './protocol-verdicts.js';

/** Verdicts where the handshake worked and the conversation broke afterwards. */

/** curl speaks the target's scheme: http:// and https://, not tcp:// or a database's, broker's or mail server's. */
const isHttp = (facts: Facts) => facts.target.scheme === 'http' || facts.target.scheme === 'https';

function commonSteps(facts: Facts): string[] {
  const port = portOf(facts);
  return [
    `Reproduce it and watch the exchange: \`${isHttp(facts) ? curlVerbose(targetUrl(facts), facts.platform) : tryConnect(facts.target.host, port, facts.platform)}\``,
    `Look at the server's logs around this time (crash, limit, rejected client): \`${serverLogs('linux')}\``,
    `See which process owns the port on the server: \`${whoListens(port, 'linux')}\``,
  ];
}

export function resetAfterAccept(facts: Facts): Verdict {
  const reading = listenerReading(facts, portOf(facts));
  return {
    id: 'reset-after-accept',
    title: reading
      ? `${listenerName(facts)} accepted the connection, then reset it`
      : 'The server accepted the connection, then reset it',
    summary:
      'The TCP handshake completed (SYN, SYN-ACK, ACK), so something listens on the port. Then, before any answer, ' +
      'the server sent RST: it aborted the connection. Clients report this as "connection reset by peer" (ECONNRESET, ' +
      'curl 56). Typical causes: the server process crashed or rejected this client, a connection limit was hit, or ' +
      `a proxy in front of it has no healthy backend.${reading?.summary ?? ''}`,
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts), ...forwarderEvidence(facts)],
    nextSteps: [...(reading?.nextSteps ?? []), ...commonSteps(facts)],
  };
}

export function closedWithoutResponse(facts: Facts): Verdict {
  const reading = listenerReading(facts, portOf(facts));
  return {
    id: 'closed-without-response',
    title: reading
      ? `${listenerName(facts)} closed the connection without answering`
      : 'The server closed the connection without answering',
    summary:
      'The TCP handshake completed, then the server closed the connection cleanly (FIN) without sending a single ' +
      'byte of answer. Clients report "Empty reply from server" (curl 52), "socket hang up" or ERR_EMPTY_RESPONSE. ' +
      (reading
        ? reading.summary.trimStart()
        : 'The server refused this request without saying why: a protocol it did not expect, a rejected client, or a ' +
          'worker that gave up.'),
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts), ...forwarderEvidence(facts)],
    nextSteps: [...(reading?.nextSteps ?? []), ...commonSteps(facts)],
  };
}

/** "nginx (pid 4242) on port 8080": the program that dropped the connection, where the listeners were read. */
function listenerName(facts: Facts): string {
  return `${forwarderWho(forwarderListener(facts))} on port ${portOf(facts)}`;
}

export function noResponse(facts: Facts): Verdict {
  const reading = quietReading(facts, portOf(facts));
  return {
    id: 'no-response',
    title: `The server accepted the connection but never answered`,
    summary:
      `The TCP handshake completed and the request was sent, but not one byte came back within ${ms(facts.timeoutMs)}. ` +
      'The server is hung (a stuck worker, a deadlock, a full thread pool) or it speaks a protocol that waits for the ' +
      `client to say something else first.${reading?.summary ?? ''}`,
    confidence: 'likely',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts), ...forwarderEvidence(facts)],
    nextSteps: [
      ...(reading?.nextSteps ?? []),
      `Try again with a longer wait to see whether it is only slow: \`${curlVerbose(targetUrl(facts), facts.platform, 60)}\``,
      ...commonSteps(facts).slice(1),
    ],
  };
}

const hellos: Record<IdentifyMethod, string> = {
  banner: 'greeting',
  'tls-hello': 'TLS ClientHello',
  'http-hello': 'HTTP request',
  'redis-ping': 'Redis PING',
  'postgres-ssl-request': 'PostgreSQL SSLRequest',
};

export function unexpectedProtocol(facts: Facts): Verdict {
  const inProtocol = protocolUnexpected(facts);
  if (inProtocol) return inProtocol;
  const protocol =
    facts.service?.kind === 'identified'
      ? facts.service.protocol
      : facts.http?.kind === 'not-http'
        ? facts.http.protocol
        : null;
  const port = portOf(facts);
  const expected = facts.target.scheme === 'https' ? 'TLS' : 'HTTP';
  const how =
    facts.service?.kind === 'identified' && facts.service.how !== 'banner'
      ? ` (it answered our ${hellos[facts.service.how]} in kind)`
      : '';
  return {
    id: 'unexpected-protocol',
    title: protocol
      ? `Port ${port} speaks ${protocol.name}, not ${expected}`
      : `Port ${port} does not answer in ${expected}`,
    summary:
      `The TCP handshake completed, but the program on port ${port} does not speak ${expected}` +
      `${protocol ? `: it speaks ${protocol.name}${how}` : ''}. Another program than the one you meant listens there, ` +
      'or the client uses the wrong port for this service.',
    confidence: protocol ? 'certain' : 'likely',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts)],
    nextSteps: [
      `See which program owns port ${port}: \`${whoListens(port, facts.platform)}\``,
      'Check the port number in the client configuration and in the service you meant to reach',
    ],
  };
}

export function intermittentFailures(facts: Facts): Verdict {
  const repeat =
    facts.repeat ??
    (facts.repeatHttp
      ? {
          failed: facts.repeatHttp.filter((r) => r.kind !== 'response' || r.status >= 500).length,
          attempts: facts.repeatHttp,
        }
      : null);
  const summary = repeat
    ? `The service works, but not every time: ${repeat.failed} of ${repeat.attempts.length} attempts in a row failed ` +
      `while the others succeeded. The service is flapping (restarting, overloaded, hitting a connection or rate ` +
      `limit) or the path to it drops some attempts.`
    : 'The first connection was accepted, but the next one, made a moment later, failed. The service is flapping ' +
      '(restarting, overloaded, hitting a connection or rate limit) or the path to it is unstable.';
  return {
    id: 'intermittent-failures',
    title: 'The connection works only some of the time',
    summary,
    confidence: repeat ? 'likely' : 'possible',
    evidence: [...connectEvidence(facts), ...exchangeEvidence(facts), ...repeatEvidence(facts)],
    nextSteps: [
      `Repeat the check a few times: \`${tryConnect(facts.target.host, portOf(facts), facts.platform)}\``,
      ...commonSteps(facts).slice(1),
    ],
  };
}

/** The repeated connects, one line for the counts and one per distinct failure. */
function repeatEvidence(facts: Facts): string[] {
  const requests = facts.repeatHttp;
  if (requests) {
    const failed = requests.filter((r) => r.kind !== 'response' || r.status >= 500);
    return [
      `repeated requests: ${requests.length - failed.length} of ${requests.length} answered`,
      ...[...new Set(failed.map((r) => (r.kind === 'response' ? `HTTP ${r.status}` : r.kind)))].map(
        (kind) => `failed: ${kind}`,
      ),
    ];
  }
  const repeat = facts.repeat;
  if (!repeat) return [];
  const times = repeat.connectMs;
  const failures = repeat.attempts.filter((a) => a.kind !== 'open').map(describeAttempt);
  return [
    `repeated connects: ${repeat.succeeded} of ${repeat.attempts.length} succeeded` +
      (times
        ? ` (connect min ${ms(times.min)}, median ${ms(times.median)}, p95 ${ms(times.p95)}, max ${ms(times.max)})`
        : ''),
    ...[...new Set(failures)].slice(0, 3).map((line) => `failed: ${line}`),
  ];
}
