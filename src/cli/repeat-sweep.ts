/**
 * The one loop behind `--wait` (one target or a sweep) and `--watch` over a sweep: rounds of runSweep over the
 * same targets until a signal, the wait's deadline, or (waiting) every row healthy. No terminal code: the front
 * ends (src/cli/run-wait.ts, src/cli/watch-sweep.ts) print what it tells them.
 *
 *     const outcome = await repeatSweep({
 *       sweep: { targets, timeoutMs: 3000, dnsServer: null },
 *       intervalMs: 1000, waitMs: 60_000, signal,
 *       onChange: (c) => console.error(c.index, c.before, '→', c.after),
 *     });
 *     outcome.endedBy; // 'healthy' | 'deadline' | 'signal'
 */
import {
  isHealthyRow,
  runSweep,
  type SweepEvent,
  type SweepOptions,
  type SweepResult,
  type SweepSession,
  sweepDeadlineMs,
} from '../engine/run-sweep.js';
import { nowMs } from '../shared/monotonic-clock.js';
import { isoTimestamp } from '../shared/iso-timestamp.js';
import { pause } from './pause.js';

export interface RepeatSweepOptions {
  /** What each round runs: the same targets and probe settings every time. */
  sweep: Omit<SweepOptions, 'signal' | 'deadlineMs' | 'onEvent'>;
  /**
   * From the start of one round to the start of the next (a round that takes longer is followed at once): a
   * target that comes up is then seen by the round starting at most one interval later, whatever a round takes.
   */
  intervalMs: number;
  /**
   * Waiting: stop as soon as a round finds every row healthy, or this many ms after the start, cutting the round
   * in flight (its rows unfinished, never healthy). Null: run until the signal (`--watch`).
   */
  waitMs: number | null;
  /** Stops the loop; the round in flight is cut and not counted. */
  signal: AbortSignal;
  /** Every event of every round's sweep, as it happens. */
  onEvent?: (event: SweepEvent, round: number) => void;
  /** A row reached a verdict different from its last one (or its first): as it happens, mid-round. */
  onChange?: (change: RowChange) => void;
  /** A round ran to its end (not cut by the signal or the wait's deadline); awaited before the next one. */
  onRound?: (round: RepeatRound) => void | Promise<void>;
  /**
   * Runs one round: runSweep by default. The live table (cli/run-sweep-app.ts) passes its own, which starts the
   * round and hands it to the table, so that this loop alone decides when rounds start and end.
   */
  runRound?: (options: SweepOptions) => Promise<SweepSession>;
}

/** A row's verdict changed: `no-listener → healthy`. */
export interface RowChange {
  /** The row's place in the targets. */
  index: number;
  result: SweepResult;
  /** Its verdict before (`verdictKey`); null for its first. */
  before: string | null;
  after: string;
  /** When the row finished (ISO-8601). */
  at: string;
}

/** One round that ran to its end. */
export interface RepeatRound {
  /** 1 for the first round. */
  number: number;
  sweep: SweepSession;
  /** The rows whose verdict differs from their verdict before (none in the first round), with that verdict (`verdictKey`). */
  changed: ReadonlyMap<number, string>;
}

export interface RepeatOutcome {
  /** Why it stopped: every row healthy (waiting only), the wait's deadline, or the signal. */
  endedBy: 'healthy' | 'deadline' | 'signal';
  /** The last round that ran to its end; null when none did. */
  lastRound: RepeatRound | null;
  /**
   * Each row's latest verdict: from the last round that gave the row one, else the row unfinished. A round cut
   * short leaves its unfinished rows at their verdict of before: older, but seen by a probe.
   */
  latest: SweepSession | null;
  rounds: number;
}

/**
 * What a row's verdict is, for telling a change: the verdict's id, or why the row has none (`unfinished
 * (deadline)`, `unfinished (failed)`).
 */
export const verdictKey = (row: SweepResult): string =>
  row.session !== null ? row.session.verdict.id : `unfinished (${row.unfinished.reason})`;

/** Runs rounds of the sweep until the signal, the deadline or (waiting) every row healthy. Never rejects for a row. */
export async function repeatSweep(options: RepeatSweepOptions): Promise<RepeatOutcome> {
  const { signal, waitMs } = options;
  // Deadlines and pauses on the monotonic clock: a wall-clock jump (NTP, a suspended laptop) must not end the
  // wait early or stretch it. Date is for the instants shown (`at`).
  const started = nowMs();
  const endsAt = waitMs === null ? Number.POSITIVE_INFINITY : started + waitMs;
  const ownDeadline = sweepDeadlineMs(options.sweep.timeoutMs, options.sweep.repeat ?? null);
  const lastKey: (string | null)[] = options.sweep.targets.map(() => null);
  const latest: (SweepResult | null)[] = options.sweep.targets.map(() => null);
  let lastRound: RepeatRound | null = null;
  let latestSweep: SweepSession | null = null;
  let rounds = 0;
  /** When the next round is to start. */
  let due = started;

  const outcome = (endedBy: RepeatOutcome['endedBy']): RepeatOutcome => ({
    endedBy,
    lastRound,
    latest: latestSweep,
    rounds,
  });

  while (true) {
    if (signal.aborted) return outcome('signal');
    // A timer may fire a fraction of a millisecond before it is due (it counts whole ms): the round counts as started
    // when due, so that a pause to the deadline ends the wait rather than starting a round the deadline cuts at once.
    const roundStart = Math.max(nowMs(), due);
    const left = endsAt - roundStart;
    if (left <= 0) return outcome('deadline');
    const number = ++rounds;
    // The wait's deadline cuts the round: rows it stops are the wait's end, not the rows' own outcome.
    const cutByWait = left < ownDeadline;
    const changed = new Map<number, string>();
    const sweep = await (options.runRound ?? runSweep)({
      ...options.sweep,
      deadlineMs: cutByWait ? left : ownDeadline,
      signal,
      onEvent: (event) => {
        options.onEvent?.(event, number);
        if (event.type !== 'target-finished') return;
        const { index, result } = event;
        const reason = result.unfinished?.reason;
        if (reason === 'cancelled' || (reason === 'deadline' && cutByWait)) {
          // A verdict from an earlier round stands for a row cut short: stopped by the user (q, a signal), the output
          // is the verdicts so far. At the wait's deadline a healthy one does not stand: the wait ended because it did
          // not see every row healthy, and the output must not say this one is.
          const before = latest[index];
          if (!before || (reason === 'deadline' && before.session?.verdict.id === 'healthy')) latest[index] = result;
          return;
        }
        latest[index] = result;
        const key = verdictKey(result);
        const before = lastKey[index] ?? null;
        if (key === before) return;
        lastKey[index] = key;
        if (before !== null) changed.set(index, before);
        options.onChange?.({ index, result, before, after: key, at: isoTimestamp(new Date()) });
      },
    });
    latestSweep = { ...sweep, results: sweep.results.map((row, i) => latest[i] ?? row) };
    if (signal.aborted) return outcome('signal');
    if (cutByWait && sweep.results.some((row) => row.unfinished?.reason === 'deadline')) return outcome('deadline');
    lastRound = { number, sweep, changed };
    await options.onRound?.(lastRound);
    if (waitMs !== null && sweep.results.every(isHealthyRow)) return outcome('healthy');
    due = Math.min(roundStart + options.intervalMs, endsAt);
    if (!(await pause(due - nowMs(), signal))) return outcome('signal');
  }
}
