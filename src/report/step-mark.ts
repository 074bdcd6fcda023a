import type { Step } from '../engine/session.js';

/** How a step reads at a glance. */
export type StepMark =
  /** It measured what a working connection shows. */
  | 'pass'
  /** It measured a failure. */
  | 'fail'
  /** Information, not a verdict on the step (`mixed`, `silent`, `host-answers`, `skipped`, …). */
  | 'info';

/** Step outcomes (the engine's stable words, mostly probe `kind`s) that read as a pass or a failure. */
const passOutcomes = new Set(['resolved', 'open', 'response', 'banner', 'all-open', 'host-answers']);
const failOutcomes = new Set([
  'no-such-host',
  'no-address',
  'resolver-failure',
  'refused',
  'timeout',
  'host-unreachable',
  'network-unreachable',
  'error',
  'reset',
  'closed',
  'reset-before-response',
  'closed-without-response',
  'no-response',
  'not-http',
  'truncated-response',
  'connect-failed',
  'all-failed',
]);

/** Takes a session step or a JSON report step: only the outcome and the details are read. */
export function stepMark(step: Pick<Step, 'outcome' | 'details'>): StepMark {
  // An HTTP answer proves the connection, but a 4xx/5xx one is still the failure the user sees.
  if (step.outcome === 'response' && errorStatus(step.details)) return 'fail';
  if (passOutcomes.has(step.outcome)) return 'pass';
  if (failOutcomes.has(step.outcome)) return 'fail';
  return 'info';
}

function errorStatus(details: unknown): boolean {
  const status = (details as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status >= 400;
}
