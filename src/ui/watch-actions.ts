import { defaultAnswers } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import type { DiagnosisRequest, RunningDiagnosis } from '../engine/run-in-worker.js';
import { nowMs } from '../shared/monotonic-clock.js';
import type { ReportFormat } from '../report/report-format.js';
import { probeSettingsOf } from '../shared/options.js';
import type { AppActionOptions } from './app-actions.js';
import { exportSession } from './export-session.js';
import {
  createWatchStore,
  initialWatchState,
  watchEvent,
  watchRunFailed,
  watchRunFinished,
  watchRunStarted,
  type WatchStore,
} from './watch-store.js';

/** Timers and time, injectable so that tests can see what is scheduled instead of waiting for it. */
export interface WatchClock {
  now(): number;
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The monotonic clock for the countdown to the next run: a wall-clock jump (NTP, suspend) does not change it. */
export const systemClock: WatchClock = {
  now: nowMs,
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the guided app's actions take, and what only a watch has. */
export interface WatchOptions extends AppActionOptions {
  /** The target as given on the command line; it must parse (the CLI checked it). */
  target: string;
  symptom: string | null;
  /** From the end of one run to the start of the next. */
  intervalMs: number;
  clock?: WatchClock;
}

/**
 * The one place that starts runs and schedules the next: the screen's keys call these actions. It holds what
 * must not be state (the run under way, the timer); the store holds what is shown.
 */
export interface WatchController {
  readonly store: WatchStore;
  readonly options: WatchOptions;
  readonly clock: WatchClock;
  readonly request: DiagnosisRequest;
  /** Bumped by every run started and by stopWatch, so a stopped run's late events are dropped. */
  run: number;
  running: RunningDiagnosis | null;
  timer: unknown;
  /** Set by stopWatch: nothing starts or is scheduled after it. */
  stopped: boolean;
}

export function createWatchController(options: WatchOptions): WatchController {
  const parsed = parseTarget(options.target);
  if (!parsed.ok) throw new Error(`the watch needs a valid target: ${parsed.error}`);
  const request: DiagnosisRequest = {
    target: parsed.target,
    credentials: parsed.credentials,
    requestPath: parsed.requestPath,
    symptom: options.symptom,
    ...probeSettingsOf(options),
  };
  const store = createWatchStore(initialWatchState(parsed.target, options.symptom));
  return {
    store,
    options,
    clock: options.clock ?? systemClock,
    request,
    run: 0,
    running: null,
    timer: null,
    stopped: false,
  };
}

/**
 * `r`, the timer, and the first run: starts a run unless one is under way (runs never overlap). Questions get
 * their default answers, as `--watch` without a terminal gives them: nobody is there to answer every few seconds.
 */
export function runNow(ctl: WatchController): void {
  if (ctl.stopped || ctl.running !== null) return;
  clearTimer(ctl);
  ctl.store.setState(watchRunStarted);
  const run = ++ctl.run;
  const current = () => run === ctl.run;
  const running = ctl.options.runner(ctl.request, {
    onEvent: (event) => {
      if (current()) ctl.store.setState((s) => watchEvent(s, event));
    },
    answer: defaultAnswers,
  });
  ctl.running = running;
  running.session.then(
    (session) => {
      if (!current()) return;
      ctl.running = null;
      ctl.store.setState((s) => watchRunFinished(s, session));
      ctl.options.onSession?.(session);
      scheduleNext(ctl);
    },
    (error: unknown) => {
      if (!current()) return;
      ctl.running = null;
      ctl.store.setState((s) => watchRunFailed(s, firstLine(error)));
      scheduleNext(ctl);
    },
  );
}

/** `p`: no more runs until resumed; resuming runs at once, since the verdict on screen may be stale by then. */
export function togglePause(ctl: WatchController): void {
  if (ctl.stopped) return;
  if (ctl.store.getState().paused) {
    ctl.store.setState({ paused: false });
    if (ctl.running === null) runNow(ctl);
    return;
  }
  clearTimer(ctl);
  ctl.store.setState({ paused: true, nextRunAt: null });
}

/** Writes the latest session's report; the screen says where, or why not. */
export async function exportLatest(ctl: WatchController, format: ReportFormat): Promise<void> {
  const { latest, exporting } = ctl.store.getState();
  if (!latest || !exporting) return;
  ctl.store.setState({ exporting: false });
  const exportStatus = await exportSession(latest, format, ctl.options.exportDir, ctl.options.version);
  ctl.store.setState({ exportStatus });
}

/** Quitting: the run under way is cancelled and no timer is left, so the process can exit at once. */
export function stopWatch(ctl: WatchController): void {
  ctl.stopped = true;
  ctl.run++;
  clearTimer(ctl);
  const { running } = ctl;
  ctl.running = null;
  running?.cancel();
}

function scheduleNext(ctl: WatchController): void {
  clearTimer(ctl);
  if (ctl.stopped || ctl.store.getState().paused) return;
  const { intervalMs } = ctl.options;
  ctl.store.setState({ nextRunAt: ctl.clock.now() + intervalMs });
  ctl.timer = ctl.clock.set(() => {
    ctl.timer = null;
    runNow(ctl);
  }, intervalMs);
}

function clearTimer(ctl: WatchController): void {
  if (ctl.timer !== null) ctl.clock.clear(ctl.timer);
  ctl.timer = null;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
