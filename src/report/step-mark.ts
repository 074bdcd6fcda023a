import type { Step } from '../engine/session.js';

/** How a step reads at a glance. */
export type StepMark =
  /** It measured what a working connection shows. */
  | 'pass'
  /** It measured a failure. */
  | 'fail'
  /** Information, not a verdict on the step (`mixed`, `silent`, `host-answers`, `identified`, `skipped`, …). */
  | 'info';

/** Step outcomes (the engine's stable words, mostly probe `kind`s) that read as a pass or a failure. */
const passOutcomes = new Set(['resolved', 'open', 'response', 'banner', 'secure', 'all-open', 'host-answers']);
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
  'alert',
  'plaintext-reply',
  'closed-during-handshake',
  'handshake-error',
]);

/**
 * Takes a session step or a JSON report step: only the id, the outcome and the details are read. What
 * `service.identify` found (`identified`, `unknown`) is information: whether that protocol is the right one
 * is the verdict's call.
 */
export function stepMark(step: Pick<Step, 'id' | 'outcome' | 'details'>): StepMark {
  // An HTTP answer proves the connection, but a 4xx/5xx one is still the failure the user sees.
  if (step.outcome === 'response' && errorStatus(step.details)) return 'fail';
  // The port check asks whether an http:// port speaks TLS: any answer is information, not a failure of the step.
  if (step.id === 'tls.port-check') return step.outcome === 'connect-failed' ? 'fail' : 'info';
  // A handshake that completed with a certificate the client refuses is the failure the user sees.
  if (step.outcome === 'secure' && refusedCertificate(step.details)) return 'fail';
  // Repeated connects: some failing is the intermittent failure (the connect step's `mixed` is a family split).
  if (step.id === 'tcp.repeat' && step.outcome === 'mixed') return 'fail';
  if (passOutcomes.has(step.outcome)) return 'pass';
  if (failOutcomes.has(step.outcome)) return 'fail';
  return 'info';
}

function errorStatus(details: unknown): boolean {
  const status = (details as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status >= 400;
}

function refusedCertificate(details: unknown): boolean {
  const verification = (
    details as { session?: { verification?: { chainError?: unknown; hostnameError?: unknown } } } | null | undefined
  )?.session?.verification;
  return Boolean(verification?.chainError) || Boolean(verification?.hostnameError);
}
