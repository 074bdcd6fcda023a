import type { VerdictId } from '../tree/verdict-ids.js';

/**
 * The exit statuses of SPEC §1, by name. `ok` is a target healthy end to end, or a command that did what was
 * asked (`--help`, `--version`, `--explain`, a demo whose verdicts are all as expected).
 */
export const exitStatus = { ok: 0, problem: 1, usage: 2, internal: 3 } as const;

export type ExitStatus = (typeof exitStatus)[keyof typeof exitStatus];

/**
 * The one rule from how a diagnosis ended to the exit status, for every front end: 0 only for a verdict of
 * `healthy`; 1 for any other verdict, and also when no verdict was reached (an unfinished check must not let a
 * script's `conn-doctor host && deploy` go on); 3 when the run failed with an internal error.
 */
export function exitStatusOf(outcome: { verdict: { id: VerdictId } } | 'failed' | null): ExitStatus {
  if (outcome === 'failed') return exitStatus.internal;
  return outcome?.verdict.id === 'healthy' ? exitStatus.ok : exitStatus.problem;
}
