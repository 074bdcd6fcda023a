import {
  runSweep,
  type SweepEvent,
  type SweepOptions,
  type SweepSession,
  type SweepTarget,
  sweepDeadlineMs,
} from '../engine/run-sweep.js';
import { type Options, probeSettingsOf } from '../shared/options.js';
import type { SweepRound } from '../ui/sweep-actions.js';
import { writeSweepOutput } from './sweep-once.js';

/**
 * A sweep in a terminal: the live table (src/ui/SweepApp.tsx) while it runs, a row's verdict on Enter, `e` to
 * export it. Once the user quits, the table as text on stdout (the same as without a terminal), which the
 * scrollback keeps, and `--report` if asked. The exit status is the sweep's: 0 only when every row is healthy;
 * quitting while it runs stops it, and its unfinished rows make it 1.
 */
export async function runSweepApp(options: Options, version: string, targets: readonly SweepTarget[]): Promise<number> {
  const settings = probeSettingsOf(options);
  const deadlineMs = sweepDeadlineMs(settings.timeoutMs, settings.repeat);
  // The probes start first: they run while the UI bundle loads.
  const round = startRound({ ...settings, targets, symptom: options.symptom, deadlineMs });
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
 * Starts one round of the sweep, keeping its events until a listener comes: the table's store may be built a
 * little after the first rows started. A later round (a watch, a wait) is another call with the same options.
 */
export function startRound(options: Omit<SweepOptions, 'onEvent' | 'signal'>): SweepRound {
  const stop = new AbortController();
  const kept: SweepEvent[] = [];
  let listener: ((event: SweepEvent) => void) | null = null;
  const session: Promise<SweepSession> = runSweep({
    ...options,
    signal: stop.signal,
    onEvent: (event) => (listener === null ? kept.push(event) : listener(event)),
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
