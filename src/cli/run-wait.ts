import { exitStatus } from '../engine/exit-status.js';
import type { SweepTarget } from '../engine/run-sweep.js';
import { showControls } from '../report/show-controls.js';
import { sourceLabel } from '../report/sweep-rows.js';
import type { Options } from '../shared/options.js';
import { writeSessionOutput } from './diagnose-once.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { isSweep } from './option-table.js';
import { durationText } from './option-values.js';
import { type RepeatOutcome, type RowChange, repeatSweep } from './repeat-sweep.js';
import { type SweepIo, sweepRequest, sweepTargetsOf, writeSweepOutput } from './sweep-once.js';
import { untilInterrupted } from './until-interrupted.js';

/**
 * `--wait <duration>`: diagnoses every target again every `--interval` until all are healthy (exit 0) or the
 * time is up (exit 1), the job of wait-for-it with the reason said. While waiting, stderr gets a line each time a
 * target's verdict changes; at the end, stdout gets the usual output of the last verdicts: one target's text
 * summary or JSON report, exactly as without --wait, or a sweep's table or document. SIGINT and SIGTERM end the
 * wait as they end --watch: the output of the verdicts so far, and their exit status. In a terminal, the live
 * table instead of the stderr lines (src/cli/run-sweep-app.ts), with the same output once it closes; q ends the
 * wait as SIGINT does.
 */
export async function runWait(options: Options, version: string, io: SweepIo): Promise<number> {
  const sweep = isSweep(options);
  // One target: the same usage errors as a single diagnosis (no target, a bad one).
  if (!sweep) diagnosisRequest(options);
  const targets = await sweepTargetsOf(options, io);
  const waitMs = options.waitMs!;
  const outcome = options.interactive
    ? // In a terminal, the live table round after round; it closes by itself at the wait's end, or on q.
      await (await import('./run-sweep-app.js')).runRepeatTable(options, version, targets, waitMs)
    : await waitHeadless(options, targets, waitMs, io);
  if (outcome.endedBy === 'deadline') {
    const still = outcome.latest?.results.filter((row) => row.session?.verdict.id !== 'healthy').length ?? 0;
    io.warn(
      `still not healthy after ${durationText(waitMs)}: ${sweep ? `${still} of ${targets.length} targets` : showControls(targets[0]!.input)}`,
    );
  }
  const latest = outcome.latest;
  if (!sweep) {
    const session = latest?.results[0]?.session ?? null;
    // Cut at the deadline before its first verdict: there is no report to print, only that.
    if (session === null) {
      io.warn(`no diagnosis of ${showControls(targets[0]!.input)} finished within ${durationText(waitMs)}`);
      return exitStatus.problem;
    }
    return writeSessionOutput(options, session, version);
  }
  if (latest === null) return exitStatus.problem;
  const status = await writeSweepOutput(options, latest, version);
  // Rows cut short at the deadline count as not healthy whatever they had before: the wait did not see them healthy.
  return outcome.endedBy === 'healthy' || status !== exitStatus.ok ? status : exitStatus.problem;
}

/** The wait without a terminal: a line when it starts, then one each time a target's verdict changes, on stderr. */
async function waitHeadless(
  options: Options,
  targets: readonly SweepTarget[],
  waitMs: number,
  io: SweepIo,
): Promise<RepeatOutcome> {
  io.warn(
    `waiting up to ${durationText(waitMs)} for ${isSweep(options) ? `${targets.length} targets` : 'the target'} to be healthy, ` +
      `diagnosing every ${durationText(options.intervalMs)}`,
  );
  return untilInterrupted((signal) =>
    repeatSweep({
      sweep: sweepRequest(options, targets),
      intervalMs: options.intervalMs,
      waitMs,
      signal,
      onChange: (change) => process.stderr.write(changeLine(change)),
    }),
  );
}

/** `12:00:03  .env:3 DATABASE_URL  no-listener → healthy`; a target typed on the command line is named as typed. */
export function changeLine(change: RowChange): string {
  const { source, input } = change.result;
  const name = source.kind === 'arg' ? showControls(input) : sourceLabel(source);
  const verdicts = change.before === null ? change.after : `${change.before} → ${change.after}`;
  return `${change.at.slice(11, 19)}  ${name}  ${verdicts}\n`;
}
