import { exitStatus } from '../engine/exit-status.js';
import { sweepExitStatus } from '../engine/run-sweep.js';
import { stringifyJson } from '../report/json-report.js';
import { showControls } from '../report/show-controls.js';
import { toSweepDocument } from '../report/sweep-json.js';
import { sourceLabel } from '../report/sweep-rows.js';
import { renderSweepText } from '../report/sweep-text.js';
import type { Options } from '../shared/options.js';
import { type RepeatRound, repeatSweep, verdictKey } from './repeat-sweep.js';
import { type SweepIo, sweepRequest, sweepTargetsOf, writeSweepOutput } from './sweep-once.js';
import { untilInterrupted } from './until-interrupted.js';
import { writeStdout } from './write-stdout.js';

/**
 * `--watch` over a sweep: the sweep again every `--interval` until interrupted (Ctrl-C, SIGTERM). Each round
 * prints its table as text with the rows whose verdict changed listed above it (`--json`: one sweep document a
 * line). In a terminal, the live table instead (src/cli/run-sweep-app.ts), rows whose verdict changed marked,
 * until q; then the last whole round's table as text. Exits with the last whole round's status.
 */
export async function watchSweep(options: Options, version: string, io: SweepIo): Promise<number> {
  const targets = await sweepTargetsOf(options, io);
  if (options.interactive) {
    // The live table round after round until q; then the last finished round's table as text, which the
    // scrollback keeps (and --report), and its exit status.
    const outcome = await (await import('./run-sweep-app.js')).runRepeatTable(options, version, targets, null);
    if (outcome.lastRound === null) return exitStatus.problem;
    return writeSweepOutput(options, outcome.lastRound.sweep, version);
  }
  const outcome = await untilInterrupted((signal) =>
    repeatSweep({
      sweep: sweepRequest(options, targets),
      intervalMs: options.intervalMs,
      waitMs: null,
      signal,
      onRound: (round) => writeStdout(roundOutput(round, options, version)),
    }),
  );
  return outcome.lastRound === null ? 1 : sweepExitStatus(outcome.lastRound.sweep);
}

/** A round as `--watch` prints it: one sweep document a line, or the changes then the table. */
export function roundOutput(round: RepeatRound, options: Pick<Options, 'json' | 'color' | 'ascii'>, version: string) {
  if (options.json) return `${stringifyJson(toSweepDocument(round.sweep, { version }))}\n`;
  const paint = (text: string) => (options.color ? `\x1b[1m${text}\x1b[0m` : text);
  const arrow = options.ascii ? '->' : '→';
  const heading = `${options.ascii ? '--' : '──'} run ${round.number} at ${round.sweep.finishedAt.slice(11, 19)}`;
  const changes = [...round.changed]
    .sort(([a], [b]) => a - b)
    .map(([index, before]) => {
      const row = round.sweep.results[index]!;
      return paint(
        `changed: ${sourceLabel(row.source)}  ${showControls(row.input)}  ${before} ${arrow} ${verdictKey(row)}`,
      );
    });
  return `${[heading, ...changes].join('\n')}\n${renderSweepText(round.sweep, { color: options.color, ascii: options.ascii })}\n`;
}
