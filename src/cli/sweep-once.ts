import { parseTarget } from '../engine/parse-target.js';
import {
  runSweep,
  type SweepOptions,
  type SweepSession,
  type SweepTarget,
  sweepExitStatus,
} from '../engine/run-sweep.js';
import { showControls } from '../report/show-controls.js';
import { renderSweepJson } from '../report/sweep-json.js';
import { sourceLabel } from '../report/sweep-rows.js';
import { sweepTargetOf } from '../engine/sweep-target.js';
import { renderSweepText } from '../report/sweep-text.js';
import { type Options, probeSettingsOf } from '../shared/options.js';
import type { SourcedTarget } from '../sources/sourced-target.js';
import { targetsFromArgs } from '../sources/target-list.js';
import { UsageError } from './usage-error.js';
import { writeStdout } from './write-stdout.js';

/** How the sweep reaches the terminal it runs in. */
export interface SweepIo {
  /** Standard input as text, for `--targets -`. */
  readStdin: () => Promise<string>;
  /** One line on stderr: the sources' notes, and the progress lines of `--watch` over a sweep. */
  warn: (line: string) => void;
}

/**
 * A sweep (SPEC §7): every target of every source, in the order given, diagnosed side by side. In a terminal, the
 * live table (run-sweep-app.ts); otherwise the table as text or the sweep document on stdout. Returns the exit
 * status: 0 only when every row is healthy.
 */
export async function sweepOnce(options: Options, version: string, io: SweepIo): Promise<number> {
  const targets = await sweepTargetsOf(options, io);
  if (options.interactive) return (await import('./run-sweep-app.js')).runSweepApp(options, version, targets);
  const sweep = await runSweep(sweepRequest(options, targets));
  return writeSweepOutput(options, sweep, version);
}

/** What every round of a sweep runs, from the command line: its targets, the probe settings, the symptom. */
export function sweepRequest(options: Options, targets: readonly SweepTarget[]) {
  return { ...probeSettingsOf(options), targets, symptom: options.symptom } satisfies SweepOptions;
}

/** A sweep's usual output: the `--report` file, then the table as text or the sweep document. Returns the exit status. */
export async function writeSweepOutput(options: Options, sweep: SweepSession, version: string): Promise<number> {
  if (options.report) await (await import('./write-report-file.js')).writeSweepReport(options.report, sweep, version);
  await writeStdout(
    options.json
      ? renderSweepJson(sweep, { version })
      : renderSweepText(sweep, { color: options.color, ascii: options.ascii }),
  );
  return sweepExitStatus(sweep);
}

/** Every target of every source, parsed, in the order given; a bad one is a usage error naming where it came from. */
export async function sweepTargetsOf(options: Options, io: SweepIo): Promise<SweepTarget[]> {
  return (await targetsOf(options, io)).map(parsed);
}

/** Every source's targets in the order given; the files' notes go to stderr as they are read. */
async function targetsOf(options: Options, io: SweepIo): Promise<SourcedTarget[]> {
  const targets: SourcedTarget[] = [];
  let files: typeof import('./read-target-files.js') | null = null;
  for (const source of options.sources) {
    if (source.kind === 'arg') {
      targets.push(...targetsFromArgs([source.target]));
      continue;
    }
    files ??= await import('./read-target-files.js');
    const read = await files.readTargetFile(source, io.readStdin);
    for (const note of read.notes) io.warn(showControls(note));
    if (read.noTargets !== null) throw new UsageError(read.noTargets);
    targets.push(...read.targets);
  }
  return targets;
}

/** A target the engine can run, or a usage error naming where the bad one came from. */
function parsed(sourced: SourcedTarget): SweepTarget {
  const result = parseTarget(sourced.raw);
  if (!result.ok) {
    const where = sourced.source.kind === 'arg' ? showControls(sourced.input) : sourceLabel(sourced.source);
    throw new UsageError(`${where}: ${result.error}`);
  }
  return sweepTargetOf(result, sourced.source, sourced.input);
}
