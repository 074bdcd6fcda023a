/**
 * conn-doctor as a library: `import { diagnose, explainError } from 'conn-doctor'`. The same engine as the CLI,
 * run without a terminal and with every question answered by its default; results are the JSON report the CLI
 * prints with `--json` (SPEC §2, docs/json-report.md), typed. Nothing is written to stdout or stderr.
 *
 *     import { explainError } from 'conn-doctor';
 *     try {
 *       await pool.query('select 1');
 *     } catch (err) {
 *       const { verdict } = await explainError(err);
 *       throw new Error(`database unreachable: ${verdict.title}\n${verdict.nextSteps.join('\n')}`, { cause: err });
 *     }
 *
 * Built as dist/lib/index.js (ESM) with declarations in dist/lib/types (scripts/build.mjs); the engine it runs is
 * the package's one shared copy, dist/engine.js.
 */
export type { DiagnoseEvent } from './diagnose-events.js';
export type { DiagnoseOptions } from './diagnose-options.js';
export { diagnose } from './diagnose.js';
export { type ExplainErrorOptions, explainError } from './explain-error.js';
export { NoAddressError, OptionError, TargetError } from './library-errors.js';
export type {
  JsonAnswer,
  JsonEnvironment,
  JsonReport,
  JsonStep,
  JsonSymptom,
  JsonTarget,
  JsonVerdict,
} from '../report/json-report.js';
export type { Confidence, VerdictId } from '../tree/verdict-ids.js';
export { type SweepOptions, sweep } from './sweep.js';
export type { SweepDocument, SweepDocumentResult } from '../report/sweep-json.js';
