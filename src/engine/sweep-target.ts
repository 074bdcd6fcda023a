import type { SweepTarget } from './run-sweep.js';
import type { ParsedTarget } from '../shared/target.js';
import type { TargetSource } from '../shared/target-source.js';

/**
 * A target the user gave, parsed, as a row of a sweep: the one place the CLI's sweep (every source) and the
 * library's `sweep` build a row, so that both hand the engine the same fields. `input` is what the row shows,
 * secrets already hidden; the credentials and the request path as typed go to the engine only, never shown.
 */
export function sweepTargetOf(
  parsed: Extract<ParsedTarget, { ok: true }>,
  source: TargetSource,
  input: string,
): SweepTarget {
  return { source, input, target: parsed.target, credentials: parsed.credentials, requestPath: parsed.requestPath };
}
