import { parseTarget } from '../engine/parse-target.js';
import { runSweep, type SweepTarget } from '../engine/run-sweep.js';
import { type SweepDocument, toSweepDocument } from '../report/sweep-json.js';
import { sweepTargetOf } from '../engine/sweep-target.js';
import { version } from '../version.js';
import { checkOptions, wholeNumber } from './check-options.js';
import { asPrinted } from './diagnose-event-of.js';
import type { DiagnoseOptions } from './diagnose-options.js';
import { OptionError, TargetError } from './library-errors.js';

/** A sweep's deadline, when given: up to a day, a bound of our choosing (a timer itself holds ~24.8 days). */
const DEADLINE_RANGE = { min: 1, max: 86_400_000 };

/** The options of `diagnose` for every target, and the sweep's deadline (ms; the CLI's default when absent). */
export interface SweepOptions extends Omit<DiagnoseOptions, 'onEvent'> {
  deadlineMs?: number;
}

/**
 * Diagnoses several targets side by side, as `conn-doctor <target>… --json` does, and resolves with the sweep
 * document it prints: a report per target, in their order. Rejects with a `TargetError` naming the first bad target.
 */
export async function sweep(targets: readonly string[], options?: SweepOptions): Promise<SweepDocument> {
  const { symptom, signal, onEvent: _, ...settings } = checkOptions(options);
  if (!Array.isArray(targets)) throw new OptionError('the targets must be an array of strings');
  const deadlineMs =
    options?.deadlineMs == null ? undefined : wholeNumber('deadlineMs', options.deadlineMs, DEADLINE_RANGE);
  const rows = targets.map((input, index): SweepTarget => {
    const parsed = parseTarget(typeof input === 'string' ? input : '');
    if (!parsed.ok) throw new TargetError(`target ${index + 1}: ${parsed.error}`);
    return sweepTargetOf(parsed, { kind: 'arg' }, parsed.target.input);
  });
  signal?.throwIfAborted();
  const session = await runSweep({ targets: rows, symptom, ...settings, signal, deadlineMs });
  signal?.throwIfAborted();
  return asPrinted(toSweepDocument(session, { version }));
}
