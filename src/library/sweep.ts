import { parseTarget } from '../engine/parse-target.js';
import { runSweep, type SweepTarget } from '../engine/run-sweep.js';
import { type SweepDocument, toSweepDocument } from '../report/sweep-json.js';
import { version } from '../version.js';
import { checkOptions } from './check-options.js';
import { asPrinted } from './diagnose-event-of.js';
import type { DiagnoseOptions } from './diagnose-options.js';
import { TargetError } from './library-errors.js';

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
  const rows = targets.map((input, index): SweepTarget => {
    const parsed = parseTarget(typeof input === 'string' ? input : '');
    if (!parsed.ok) throw new TargetError(`target ${index + 1}: ${parsed.error}`);
    const { target, credentials, requestPath } = parsed;
    return { source: { kind: 'arg' }, input: target.input, target, credentials, requestPath };
  });
  signal?.throwIfAborted();
  const session = await runSweep({ targets: rows, symptom, ...settings, signal, deadlineMs: options?.deadlineMs });
  signal?.throwIfAborted();
  return asPrinted(toSweepDocument(session, { version }));
}
