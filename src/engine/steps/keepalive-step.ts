import { defaultMaxIdleMs, measureIdleClose, type KeepAliveResult } from '../../probes/keepalive-idle.js';
import { hostHeaderOf, portOf } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import type { StepRunner } from './step-runner.js';

function summarise(result: KeepAliveResult): string {
  switch (result.kind) {
    case 'closed-after-idle':
      return `the server closed the idle connection after ${ms(result.idleMs)} (${result.how === 'fin' ? 'FIN' : 'RST'})${result.keepAliveHeader ? `; it announced Keep-Alive: ${result.keepAliveHeader}` : ''}`;
    case 'kept-open':
      return `the idle connection stayed open for ${ms(result.waitedMs)}`;
    case 'not-keepalive':
      return `the server ends each connection after its answer (${result.reason})`;
    case 'connect-failed':
      return `connect failed this time (${result.connect.kind})`;
    case 'failed':
      return `no complete answer to measure from (${result.reason})`;
    case 'aborted':
      return 'cancelled';
  }
}

export const keepaliveStep: StepRunner<'http.keepalive'> = async ({ facts, budget, requestPath }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('http.keepalive reached without an open address');
  const port = portOf(facts);
  const keepalive = await measureIdleClose(
    { address: open.address, family: open.family, port },
    { hostHeader: hostHeaderOf(facts), path: requestPath ?? facts.target.path },
    { timeoutMs: budget.timeoutMs, signal: budget.signal, maxIdleMs: defaultMaxIdleMs },
  );
  return { patch: { keepalive }, outcome: keepalive.kind, summary: summarise(keepalive), details: keepalive };
};
