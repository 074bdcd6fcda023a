import { tcpConnectAll, type TcpConnectResult } from '../../probes/tcp-connect.js';
import { protocolOverTls, type Scheme, schemeProtocol } from '../../shared/target.js';
import { portOf } from '../../tree/facts.js';
import { hostPort } from '../../tree/commands.js';
import { ms } from '../../tree/verdicts/evidence.js';
import type { StepOutcome } from '../../tree/step-kinds.js';
import type { StepRunner } from './step-runner.js';

/** "127.0.0.1:8080 refused (RST) in 0.3 ms": the key measurement of one attempt. */
export function attemptLine(attempt: TcpConnectResult): string {
  const where = hostPort(attempt.address, attempt.port);
  switch (attempt.kind) {
    case 'open':
      return `${where} open in ${ms(attempt.connectMs)}`;
    case 'refused':
      return `${where} refused (RST) in ${ms(attempt.connectMs)}`;
    case 'timeout':
      return `${where} silent (no SYN-ACK in ${ms(attempt.waitedMs)})`;
    case 'host-unreachable':
    case 'network-unreachable':
      return `${where} ${attempt.kind} (${attempt.errno}) in ${ms(attempt.connectMs)}`;
    case 'error':
      return `${where} failed (${attempt.errno}) in ${ms(attempt.connectMs)}`;
    case 'aborted':
      return `${where} cancelled`;
  }
}

/** One word for a set of attempts: the common kind, or `mixed`. */
export function overallOutcome(attempts: readonly TcpConnectResult[]): StepOutcome<'tcp.connect-all'> {
  const kinds = new Set(attempts.map((a) => a.kind));
  return kinds.size === 1 ? ([...kinds][0] ?? 'none') : 'mixed';
}

/**
 * Whether the step after a successful connect speaks in plain TCP on the same address: service identification
 * (tcp://) or a protocol handshake outside TLS. Only then is the connection kept for it; HTTP and TLS connect anew.
 */
function speaksNextInPlainTcp(scheme: Scheme): boolean {
  return scheme === 'tcp' || (schemeProtocol(scheme) !== null && !protocolOverTls(scheme));
}

export const tcpConnectStep: StepRunner<'tcp.connect-all'> = async ({ facts, budget, parking }) => {
  const port = portOf(facts);
  const endpoints = (facts.dns?.addresses ?? []).map((a) => ({ ...a, port }));
  const keep = parking && speaksNextInPlainTcp(facts.target.scheme) ? parking.park.bind(parking) : undefined;
  const tcp = await tcpConnectAll(endpoints, budget, undefined, keep);
  // The next step speaks on the first open address only (openAttempt): the others' connections go now, as without
  // keeping, not at the end of the diagnosis (a MySQL would count each, closed after its greeting, anyway).
  const first = tcp.find((attempt) => attempt.kind === 'open');
  if (keep && first) parking?.keepOnly(first);
  return { patch: { tcp }, outcome: overallOutcome(tcp), summary: tcp.map(attemptLine).join('; '), details: tcp };
};
