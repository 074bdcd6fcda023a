import { tcpConnectAll, type TcpConnectResult } from '../../probes/tcp-connect.js';
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

export const tcpConnectStep: StepRunner<'tcp.connect-all'> = async ({ facts, budget }) => {
  const port = portOf(facts);
  const endpoints = (facts.dns?.addresses ?? []).map((a) => ({ ...a, port }));
  const tcp = await tcpConnectAll(endpoints, budget);
  return { patch: { tcp }, outcome: overallOutcome(tcp), summary: tcp.map(attemptLine).join('; '), details: tcp };
};
