import type { SweepResult, SweepSession } from '../engine/run-sweep.js';
import { shellQuote } from '../shared/shell-quote.js';
import type { TargetSource } from '../shared/target-source.js';
import { formatDuration } from './format-duration.js';
import { showControls } from './show-controls.js';

/** One row of a sweep as every sweep report shows it: the text table, Markdown and HTML. */
export interface SweepRowView {
  /** The row's place in the sweep's targets. */
  index: number;
  /** Where the target came from: `.env:3 DATABASE_URL`, `compose.yaml:12 web`, `targets.txt:4`, `arg`. */
  source: string;
  /** The target as given, secrets already replaced by `***`, controls made visible. */
  target: string;
  healthy: boolean;
  /** The verdict id, or `unfinished`. */
  verdict: string;
  /** The verdict's title, or why there is none. */
  title: string;
  /** The verdict's confidence, or `-`. */
  confidence: string;
  /** How long the diagnosis took, or `-` when it never finished. */
  time: string;
  /** A few words on what is wrong, for the problems list; the verdict's summary when there is one. */
  summary: string;
  /** The first next step; null when there is none to give. */
  nextStep: string | null;
}

/**
 * The time between two ISO-8601 instants, which count whole milliseconds: `139 ms`, `1.04 s`. Not
 * `formatDuration`'s `139.0 ms`, which would claim a tenth of a millisecond the instants do not hold.
 */
export function elapsed(from: string, to: string): string {
  const ms = Date.parse(to) - Date.parse(from);
  return ms < 1000 ? `${Math.max(0, ms)} ms` : formatDuration(ms);
}

/** `.env:3 DATABASE_URL`, `compose.yaml:12 web`, `targets.txt:4`, `arg`. Names only: never a value. */
export function sourceLabel(source: TargetSource): string {
  switch (source.kind) {
    case 'arg':
      return 'arg';
    case 'env':
      return showControls(`${source.file}:${source.line} ${source.name}`);
    case 'compose':
      return showControls(`${source.file}:${source.line} ${source.service}`);
    case 'list':
      return showControls(`${source.file}:${source.line}`);
    default: {
      const unknown: never = source;
      return String(unknown);
    }
  }
}

/** The rows, problems first (unfinished ones too: they are not healthy), each group in the order given. */
export function sweepRows(sweep: SweepSession): SweepRowView[] {
  return problemsFirst(sweep.results.map((result, index) => sweepRowView(result, index, sweep.deadlineMs)));
}

/**
 * The one order of a sweep's rows, in every report and in the terminal's live table: problems first, each group
 * in the order given (`rows` is in that order).
 */
export function problemsFirst<Row extends { healthy: boolean }>(rows: readonly Row[]): Row[] {
  return [...rows.filter((row) => !row.healthy), ...rows.filter((row) => row.healthy)];
}

/** How many rows, healthy and not: the sweep document's `summary`. */
export function sweepCounts(sweep: SweepSession): { total: number; healthy: number; problems: number } {
  const healthy = sweep.results.filter((row) => row.session?.verdict.id === 'healthy').length;
  return { total: sweep.results.length, healthy, problems: sweep.results.length - healthy };
}

/** One row as the reports show it; `index` is its place in the sweep's targets. */
export function sweepRowView(result: SweepResult, index: number, deadlineMs: number): SweepRowView {
  const common = { index, source: sourceLabel(result.source), target: showControls(result.input) };
  if (result.session !== null) {
    const { verdict, startedAt, finishedAt } = result.session;
    return {
      ...common,
      healthy: verdict.id === 'healthy',
      verdict: verdict.id,
      title: showControls(verdict.title),
      confidence: verdict.confidence,
      time: elapsed(startedAt, finishedAt),
      summary: showControls(verdict.summary),
      nextStep: verdict.nextSteps[0] === undefined ? null : showControls(verdict.nextSteps[0]),
    };
  }
  const { reason, started, message } = result.unfinished;
  return {
    ...common,
    healthy: false,
    verdict: 'unfinished',
    title: unfinishedTitle[reason],
    confidence: '-',
    time: '-',
    summary: unfinishedSummary(reason, started, message, deadlineMs),
    nextStep:
      reason === 'failed'
        ? 'Run it alone with CONN_DOCTOR_DEBUG=1 and report the error'
        : `Diagnose it alone, which runs until its verdict: \`conn-doctor ${shellQuote(common.target)}\`${
            /\*\*\*|\[redacted\]/.test(common.target) ? ' (with the hidden secret put back in)' : ''
          }`,
  };
}

const unfinishedTitle = {
  deadline: "No verdict: the sweep's deadline passed first",
  cancelled: 'No verdict: the sweep was stopped',
  failed: 'No verdict: conn-doctor failed on this target',
} as const;

function unfinishedSummary(
  reason: keyof typeof unfinishedTitle,
  started: boolean,
  message: string | null,
  deadlineMs: number,
): string {
  const nothingKnown = 'Nothing is known about this target, so it does not count as healthy.';
  switch (reason) {
    case 'deadline':
      return started
        ? `Its diagnosis was still running when the sweep's deadline (${formatDuration(deadlineMs)}) passed, and was stopped. ${nothingKnown}`
        : `It was still waiting for its turn (the sweep runs a few diagnoses at once) when the sweep's deadline (${formatDuration(deadlineMs)}) passed. ${nothingKnown}`;
    case 'cancelled':
      return `The sweep was stopped before this diagnosis finished. ${nothingKnown}`;
    case 'failed':
      return `An internal error stopped its diagnosis: ${showControls(message ?? 'unknown')}. ${nothingKnown}`;
  }
}
