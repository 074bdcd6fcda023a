import { defaultAnswers } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import { type JsonReport, toJsonReport } from '../report/json-report.js';
import { version } from '../version.js';
import { asPrinted, diagnoseEventOf } from './diagnose-event-of.js';
import { checkOptions } from './check-options.js';
import type { DiagnoseOptions } from './diagnose-options.js';
import { TargetError } from './library-errors.js';

/**
 * Diagnoses one target as `conn-doctor <target> --json` does, every question answered with its default, and
 * resolves with the report that command prints (the JSON report, `schemaVersion: 1`). A target that refuses,
 * resets or times out is a report with its verdict, not a rejection. Writes nothing to stdout or stderr.
 *
 *     const report = await diagnose('postgres://localhost:5432', { timeoutMs: 2000 });
 *     if (report.verdict.id !== 'healthy') console.error(report.verdict.title, report.verdict.nextSteps);
 *
 * Rejects with a `TargetError` for a target the CLI would refuse (with the CLI's words), an `OptionError` for a bad
 * option, and the signal's reason once `signal` aborts.
 */
export async function diagnose(target: string, options?: DiagnoseOptions): Promise<JsonReport> {
  const { symptom, signal, onEvent, ...settings } = checkOptions(options);
  if (typeof target !== 'string') throw new TargetError(`the target must be a string, not ${typeof target}`);
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new TargetError(parsed.error);
  signal?.throwIfAborted();
  const session = await runDiagnosis({
    target: parsed.target,
    credentials: parsed.credentials,
    requestPath: parsed.requestPath,
    symptom,
    ...settings,
    answer: defaultAnswers,
    signal,
    onEvent:
      onEvent &&
      ((event) => {
        const told = diagnoseEventOf(event);
        if (told !== null) onEvent(told);
      }),
  });
  // Probes cut short by the signal end in outcomes of their own: a verdict drawn from them would not be true.
  signal?.throwIfAborted();
  return asPrinted(toJsonReport(session, { version }));
}
