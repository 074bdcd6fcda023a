import { derivePhaseDurations } from '../../shared/phase-durations.js';
import type { PhaseMarks } from '../../shared/phase-timings.js';
import type { Facts } from '../facts.js';
import { describeAttempt, ms } from './evidence.js';
import { serviceEvidence, tlsEvidence } from './tls-evidence.js';

/** Phase timings as one line: "connect 0.4 ms, first byte 2.1 ms, total 2.3 ms". */
export function timingLine(marks: PhaseMarks, dnsMs: number | null): string {
  const d = derivePhaseDurations(marks, dnsMs);
  const parts = [
    d.dnsMs !== null ? `DNS ${ms(d.dnsMs)}` : null,
    d.connectMs !== null ? `connect ${ms(d.connectMs)}` : null,
    d.tlsMs !== null ? `TLS ${ms(d.tlsMs)}` : null,
    d.firstByteMs !== null ? `first byte ${ms(d.firstByteMs)}` : null,
    `total ${ms(d.totalMs)}`,
  ];
  return `timing: ${parts.filter(Boolean).join(', ')}`;
}

const dnsMsOf = (facts: Facts) => (facts.dns && facts.dns.mode !== 'ip-literal' ? facts.dns.durationMs : null);

/** What the TLS handshake, the HTTP request and the service identification measured, in the order they ran. */
export function exchangeEvidence(facts: Facts): string[] {
  const tls = tlsEvidence(facts.tls);
  const service = serviceEvidence(facts.service);
  return facts.target.scheme === 'https'
    ? [...tls, ...httpEvidence(facts), ...service]
    : [...httpEvidence(facts), ...tls, ...service];
}

function httpEvidence(facts: Facts): string[] {
  const http = facts.http;
  if (!http) return [];
  switch (http.kind) {
    case 'response':
      return [
        `HTTP answer: HTTP/${http.httpVersion} ${http.status} ${http.reason}`,
        ...http.headers
          .filter((h) => /^(server|via|content-type|retry-after|x-cache)$/i.test(h.name))
          .map((h) => `header ${h.name}: ${h.value}`),
        timingLine(http.marks, dnsMsOf(facts)),
      ];
    case 'reset-before-response':
      return [
        'request sent; the server answered with RST before any byte of response',
        timingLine(http.marks, dnsMsOf(facts)),
      ];
    case 'closed-without-response':
      return [
        'request sent; the server closed with FIN and zero bytes of response',
        timingLine(http.marks, dnsMsOf(facts)),
      ];
    case 'no-response':
      return [`request sent; no byte came back within ${ms(http.waitedMs)}`, timingLine(http.marks, dnsMsOf(facts))];
    case 'not-http':
      return [
        `first bytes of the answer: "${http.firstBytes.text}" (${http.firstBytes.length} bytes; hex ${http.firstBytes.hex})`,
        ...(http.protocol ? [`identified as ${http.protocol.name}: ${http.protocol.evidence}`] : []),
      ];
    case 'truncated-response':
      return [`the answer started like HTTP ("${http.firstBytes.text}") but its head never completed (${http.how})`];
    case 'connect-failed':
      return [`second connection for the request: ${describeAttempt(http.connect)}`];
    case 'aborted':
      return ['the HTTP request was cancelled'];
  }
}
