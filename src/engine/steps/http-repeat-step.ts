import { httpRequest } from '../../probes/http-request.js';
import type { HttpResult } from '../../probes/http-result.js';
import { hostHeaderOf, portOf } from '../../tree/facts.js';
import { openAttempt } from '../../tree/verdicts/evidence.js';
import type { StepRunner } from './step-runner.js';

/** Without --repeat: enough tries to catch a failure that happens one time in a few, quick enough to wait for. */
const defaultCount = 10;
const gapMs = 100;

/**
 * The stability check for http targets: whole requests, one after another, because a server that accepts and
 * then resets shows as "open" to a bare connect.
 */
export const httpRepeatStep: StepRunner<'http.repeat'> = async ({ facts, budget, requestPath }) => {
  const open = openAttempt(facts);
  if (!open) throw new Error('http.repeat reached without an open address');
  const port = portOf(facts);
  const endpoint = { address: open.address, family: open.family, port };
  const request = { hostHeader: hostHeaderOf(facts), path: requestPath ?? facts.target.path, authorization: null };
  const repeatHttp: HttpResult[] = [];
  for (let i = 0; i < (facts.repeatCount ?? defaultCount) && !budget.signal?.aborted; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    repeatHttp.push(await httpRequest(endpoint, request, budget));
  }
  const failed = repeatHttp.filter((r) => r.kind !== 'response' || r.status >= 500).length;
  return {
    patch: { repeatHttp },
    outcome: failed === 0 ? 'all-open' : failed === repeatHttp.length ? 'all-failed' : 'mixed',
    summary: `${repeatHttp.length - failed} of ${repeatHttp.length} requests answered${failed ? `; ${failed} failed (${[...new Set(repeatHttp.filter((r) => r.kind !== 'response').map((r) => r.kind))].join(', ')})` : ''}`,
    details: repeatHttp,
  };
};
