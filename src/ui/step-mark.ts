import type { Step } from '../engine/session.js';

/** How a finished step reads at a glance. */
export type StepMark = 'pass' | 'fail' | 'info';

/**
 * Outcomes (the engine's stable words) that read as a pass or a failure; any other (`mixed`, `silent`,
 * `host-answers`, …) is information, not a judgement on the step. The same words as the text summary's.
 */
const passOutcomes = new Set(['resolved', 'open', 'response']);
const failOutcomes = new Set([
  'no-such-host', 'no-address', 'resolver-failure', 'refused', 'timeout', 'host-unreachable', 'network-unreachable',
  'error', 'reset', 'closed', 'reset-before-response', 'closed-without-response', 'no-response', 'not-http',
  'truncated-response', 'connect-failed',
]);

export function stepMark(step: Step): StepMark {
  // An HTTP answer proves the connection, but a 4xx/5xx one is still the failure the user sees.
  const status = (step.details as { status?: unknown } | null | undefined)?.status;
  if (step.outcome === 'response' && typeof status === 'number' && status >= 400) return 'fail';
  if (passOutcomes.has(step.outcome)) return 'pass';
  if (failOutcomes.has(step.outcome)) return 'fail';
  return 'info';
}
