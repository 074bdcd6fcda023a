import { isIP } from 'node:net';
import { checkBackend, type BackendCheck } from '../../probes/backend-check.js';
import { visibleText } from '../../probes/visible-bytes.js';
import { hostPort } from '../../tree/commands.js';
import { forwarderListener } from '../../tree/facts.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';

function summarise(check: BackendCheck): string {
  switch (check.kind) {
    case 'accepted':
    case 'failed': {
      // An IP literal is in every attempt's line already; a name is said once, before the addresses it gave.
      const name = isIP(check.backend.host)
        ? ''
        : `${visibleText(hostPort(check.backend.host, check.backend.port), 80)}: `;
      return `backend ${name}${check.attempts.map(attemptLine).join('; ')}`;
    }
    case 'unresolved':
      return `backend ${visibleText(check.backend.host, 80)} does not resolve here (${check.errno})`;
    case 'aborted':
      return 'cancelled';
  }
}

/** One connect to the backend the port's forwarder names (socat, docker-proxy, ssh -L to this machine). */
export const backendStep: StepRunner<'forwarder.backend'> = async ({ facts, budget }) => {
  const backend = forwarderListener(facts)?.forwarder?.backend;
  if (backend?.kind !== 'address') throw new Error('forwarder.backend reached without a backend address');
  const check = await checkBackend({ host: backend.host, port: backend.port }, budget);
  return { patch: { backend: check }, outcome: check.kind, summary: summarise(check), details: check };
};
