import {
  runSweep,
  type SweepEvent,
  type SweepOptions,
  type SweepSession,
  type SweepTarget,
  sweepDeadlineMs,
} from '../engine/run-sweep.js';
import { nowMs } from '../shared/monotonic-clock.js';
import type { Options } from '../shared/options.js';
import type { SweepRound } from '../ui/sweep-actions.js';
import { type RepeatOutcome, repeatSweep } from './repeat-sweep.js';
import { sweepRequest, writeSweepOutput } from './sweep-once.js';

/**
 * A sweep in a terminal: the live table (src/ui/SweepApp.tsx) while it runs, a row's verdict on Enter, `e` to
 * export it. Once the user quits, the table as text on stdout (the same as without a terminal), which the
 * scrollback keeps, and `--report` if asked. The exit status is the sweep's: 0 only when every row is healthy;
 * quitting while it runs stops it, and its unfinished rows make it 1.
 */
export async function runSweepApp(options: Options, version: string, targets: readonly SweepTarget[]): Promise<number> {
  const request = sweepRequest(options, targets);
  const deadlineMs = sweepDeadlineMs(request.timeoutMs, request.repeat);
  // The probes start first: they run while the UI bundle loads.
  const round = startRound({ ...request, deadlineMs });
  const { loadUi } = await import('./run-interactive.js');
  const { runSweepTable } = await loadUi();
  const sweep = await runSweepTable({
    targets,
    round,
    deadlineMs,
    version,
    color: options.color,
    ascii: options.ascii,
  });
  // What a sweep without a terminal prints (the --report file, then the table as text), so the scrollback keeps it.
  return writeSweepOutput(options, sweep, version);
}

/**
 * The live table over rounds of the same targets: `--wait` (waitMs) or `--watch` over a sweep (null). The rounds
 * are repeatSweep's, the one loop of rounds (when each starts, the wait's deadline, stopping once all are healthy):
 * each round it runs is started here and handed to the table. Resolves once the table has closed, by itself at
 * the wait's end or because the user quit (then the rounds stop: the outcome says `signal`), with how it ended.
 */
export async function runRepeatTable(
  options: Options,
  version: string,
  targets: readonly SweepTarget[],
  waitMs: number | null,
): Promise<RepeatOutcome> {
  const request = sweepRequest(options, targets);
  const stop = new AbortController();
  const rounds = roundQueue();
  // The table's time left runs on the clock the wait's deadline does (repeat-sweep.ts).
  const startedAt = nowMs();
  let linked = false;
  const repeating = repeatSweep({
    sweep: request,
    intervalMs: options.intervalMs,
    waitMs,
    signal: stop.signal,
    runRound: (sweepOptions) => {
      const round = startRound(sweepOptions);
      // The table cancels the round in flight when the user quits: that stops the rounds, so that repeatSweep
      // counts the cut round as stopped (not as the last finished one, whose output and status are printed).
      rounds.put({ ...round, cancel: () => stop.abort() });
      return round.session;
    },
  }).finally(() => rounds.close());
  try {
    // The first round started at once, before the UI bundle loads.
    const first = await rounds.next();
    if (first === null) return await repeating;
    const { loadUi } = await import('./run-interactive.js');
    const { runSweepTable } = await loadUi();
    await runSweepTable({
      targets,
      round: first,
      nextRound: (_last, quit) => {
        // The user quit: the rounds stop (the one in flight is cut), and the queue then gives null.
        if (!linked) quit.addEventListener('abort', () => stop.abort(), { once: true });
        linked = true;
        return rounds.next();
      },
      repeat: {
        intervalMs: options.intervalMs,
        wait: waitMs === null ? null : { endsAt: startedAt + waitMs, waitMs },
      },
      deadlineMs: sweepDeadlineMs(request.timeoutMs, request.repeat),
      version,
      color: options.color,
      ascii: options.ascii,
    });
  } finally {
    // The table closed: the user quit (a round in flight is cut), or the rounds had already ended.
    stop.abort();
  }
  return repeating;
}

/** Rounds handed from repeatSweep to the table, one at a time; null once repeatSweep has returned. */
function roundQueue() {
  const waiting: SweepRound[] = [];
  let taker: ((round: SweepRound | null) => void) | null = null;
  let closed = false;
  return {
    put(round: SweepRound) {
      if (taker === null) waiting.push(round);
      else {
        taker(round);
        taker = null;
      }
    },
    close() {
      closed = true;
      taker?.(null);
      taker = null;
    },
    next(): Promise<SweepRound | null> {
      const round = waiting.shift();
      if (round !== undefined) return Promise.resolve(round);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        taker = resolve;
      });
    },
  };
}

/**
 * Starts one round of the sweep, keeping its events until a listener comes: the table's store may be built a
 * little after the first rows started. A later round (a watch, a wait) is another call with the same options;
 * `signal` (repeatSweep's) stops it as `cancel` does, and `onEvent` hears every event as it happens.
 */
export function startRound(options: Omit<SweepOptions, 'signal'> & { signal?: AbortSignal }): SweepRound {
  const stop = new AbortController();
  const kept: SweepEvent[] = [];
  let listener: ((event: SweepEvent) => void) | null = null;
  const session: Promise<SweepSession> = runSweep({
    ...options,
    signal: options.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.signal]),
    onEvent: (event) => {
      options.onEvent?.(event);
      if (listener === null) kept.push(event);
      else listener(event);
    },
  });
  return {
    listen: (next) => {
      for (const event of kept.splice(0)) next(event);
      listener = next;
    },
    session,
    cancel: () => stop.abort(),
  };
}
