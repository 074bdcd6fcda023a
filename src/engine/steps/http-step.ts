import { httpRequest } from '../../probes/http-request.js';
import type { HttpResult } from '../../probes/http-result.js';
import { hostHeaderOf, portOf } from '../../tree/facts.js';
import { ms, openAttempt } from '../../tree/verdicts/evidence.js';
import type { Credentials } from '../../shared/target.js';
import { attemptLine } from './tcp-connect-step.js';
import type { StepRunner } from './step-runner.js';

function summarise(http: HttpResult): string {
  switch (http.kind) {
    case 'response':
      return `${`HTTP/${http.httpVersion} ${http.status} ${http.reason}`.trim()} in ${ms(http.marks.doneAt)}`;
    case 'reset-before-response':
      return `reset (RST) before any response, after ${ms(http.marks.doneAt)}`;
    case 'closed-without-response':
      return `closed (FIN) with no byte of response, after ${ms(http.marks.doneAt)}`;
    case 'no-response':
      return `no byte of response within ${ms(http.waitedMs)}`;
    case 'not-http':
      return `not HTTP${http.protocol ? ` (${http.protocol.name})` : ''}: "${http.firstBytes.text.slice(0, 60)}"`;
    case 'truncated-response':
      return `incomplete HTTP head (${http.how}): "${http.firstBytes.text.slice(0, 60)}"`;
    case 'connect-failed':
      return `connect failed this time: ${attemptLine(http.connect)}`;
    case 'aborted':
      return 'cancelled';
  }
}

const basicAuth = (credentials: Credentials | null) =>
  credentials ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` : null;

export const httpStep: StepRunner<'http.request'> = async ({ facts, budget, credentials, requestPath }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('http.request reached without an open address');
  const port = portOf(facts);
  const http = await httpRequest(
    { address: open.address, family: open.family, port },
    { hostHeader: hostHeaderOf(facts), path: requestPath ?? facts.target.path, authorization: basicAuth(credentials) },
    budget,
    // node:tls loads only for https targets: plain runs start without it.
    facts.target.scheme === 'https' ? await (await import('./lazy-steps.js')).tlsSockets(facts) : undefined,
  );
  return { patch: { http }, outcome: http.kind, summary: summarise(http), details: http };
};
