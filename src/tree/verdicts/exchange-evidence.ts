import { derivePhaseDurations } from '../../probes/phase-durations.js';
import type { PhaseMarks } from '../../probes/phase-timings.js';
import type { Facts } from '../facts.js';
import { describeAttempt, ms } from './evidence.js';

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

/** What the HTTP request or the banner read measured, as evidence lines. */
export function exchangeEvidence(facts: Facts): string[] {
  const http = facts.http;
  if (http) {
    switch (http.kind) {
      case 'response':
        return [
          `HTTP answer: HTTP/${http.httpVersion} ${http.status} ${http.reason}`,
          ...http.headers.filter((h) => /^(server|via|content-type|retry-after|x-cache)$/i.test(h.name)).map((h) => `header ${h.name}: ${h.value}`),
          timingLine(http.marks, dnsMsOf(facts)),
        ];
      case 'reset-before-response':
        return ['request sent; the server answered with RST before any byte of response', timingLine(http.marks, dnsMsOf(facts))];
      case 'closed-without-response':
        return ['request sent; the server closed with FIN and zero bytes of response', timingLine(http.marks, dnsMsOf(facts))];
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
  const banner = facts.banner;
  if (banner) {
    switch (banner.kind) {
      case 'banner':
        return [
          `the server spoke first after ${ms(banner.afterMs)}: "${banner.bytes.text}"`,
          ...(banner.protocol ? [`identified as ${banner.protocol.name}`] : []),
        ];
      case 'silent':
        return [`the server said nothing for ${ms(banner.waitedMs)} (normal for protocols where the client speaks first)`];
      case 'closed':
        return [`the server closed the connection (FIN, no byte) after ${ms(banner.afterMs)}`];
      case 'reset':
        return [`the server reset the connection (RST) after ${ms(banner.afterMs)}`];
      case 'connect-failed':
        return [`second connection: ${describeAttempt(banner.connect)}`];
      case 'aborted':
        return ['the banner read was cancelled'];
    }
  }
  return [];
}
