import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineEvent } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import type { Session } from '../engine/session.js';
import type { Target } from '../shared/target.js';
import type { VerdictId } from '../tree/verdict-ids.js';
import { stepsAfter, type ExportStatus, type StepView } from './store.js';

/** One finished run, as the history shows it. */
export interface WatchRun {
  /** 1 for the first run of this watch. */
  number: number;
  /** When the run ended (ISO-8601, from the session). */
  finishedAt: string;
  verdictId: VerdictId;
  durationMs: number;
  /** The verdict of the run before, when this run's differs from it; null when it is the same (or the first). */
  changedFrom: VerdictId | null;
}

/** Totals since the watch began; `healthy + failed === runs`. */
export interface WatchCounts {
  runs: number;
  /** Runs whose verdict differs from the run before. */
  changes: number;
  healthy: number;
  /** Runs that diagnosed a problem. */
  failed: number;
}

export interface WatchState {
  /** The watched target, credentials redacted. */
  target: Target;
  symptom: string | null;
  /** A run is under way (runs never overlap). */
  running: boolean;
  /** `p`: no run is scheduled until resumed. A run under way when pausing still finishes. */
  paused: boolean;
  /** When the next run starts (the controller's clock, ms); null while a run is under way or paused. */
  nextRunAt: number | null;
  /** The steps of the run under way, or of the last one once it ended. */
  steps: readonly StepView[];
  /** The last session that reached a verdict: the screen's verdict, and what `e` exports. */
  latest: Session | null;
  /** Finished runs, most recent first, at most `historyLimit`. */
  history: readonly WatchRun[];
  counts: WatchCounts;
  /** Why the last run failed (a bug, never a network outcome); null once a run succeeds again. */
  error: string | null;
  /** A report format is being picked (`e`). */
  exporting: boolean;
  exportStatus: ExportStatus;
}

export type WatchStore = StoreApi<WatchState>;

/** More than any terminal shows; the counters keep the totals. */
export const historyLimit = 50;

export function initialWatchState(target: Target, symptom: string | null): WatchState {
  return {
    target,
    symptom,
    running: false,
    paused: false,
    nextRunAt: null,
    steps: [],
    latest: null,
    history: [],
    counts: { runs: 0, changes: 0, healthy: 0, failed: 0 },
    error: null,
    exporting: false,
    exportStatus: { kind: 'none' },
  };
}

export function createWatchStore(state: WatchState): WatchStore {
  return createStore<WatchState>()(() => state);
}

/** A run begins: its step list replaces the last one's. */
export function watchRunStarted(state: WatchState): WatchState {
  return { ...state, running: true, nextRunAt: null, steps: [] };
}

/** Only steps change the screen during a run: questions are answered with their defaults, unseen. */
export function watchEvent(state: WatchState, event: EngineEvent): WatchState {
  if (event.type === 'step-started' || event.type === 'step-finished')
    return { ...state, steps: stepsAfter(state.steps, event) };
  return state;
}

/** The run ended with this session: it becomes the verdict on screen and the head of the history. */
export function watchRunFinished(state: WatchState, session: Session): WatchState {
  const id = session.verdict.id;
  const before = state.latest?.verdict.id ?? null;
  const changedFrom = before !== null && before !== id ? before : null;
  const { counts } = state;
  const run: WatchRun = {
    number: counts.runs + 1,
    finishedAt: session.finishedAt,
    verdictId: id,
    durationMs: Math.max(0, Date.parse(session.finishedAt) - Date.parse(session.startedAt)),
    changedFrom,
  };
  return {
    ...state,
    running: false,
    latest: session,
    error: null,
    history: [run, ...state.history].slice(0, historyLimit),
    counts: {
      runs: counts.runs + 1,
      changes: counts.changes + (changedFrom === null ? 0 : 1),
      healthy: counts.healthy + (id === 'healthy' ? 1 : 0),
      failed: counts.failed + (id === 'healthy' ? 0 : 1),
    },
  };
}

/** The engine failed (one line): said on screen; the watch goes on, and the last verdict stays. */
export function watchRunFailed(state: WatchState, message: string): WatchState {
  return { ...state, running: false, error: message };
}

/**
 * The exit status if the user quits now, as `--watch` without a terminal: the last verdict's (0 healthy, 1 a
 * problem); 1 before any verdict (nothing was checked healthy); 3 when the last run failed with an internal error.
 */
export function watchExitCode(state: WatchState): number {
  return exitStatusOf(state.error !== null ? 'failed' : state.latest);
}

export function beginWatchExport(store: WatchStore): void {
  if (store.getState().latest !== null) store.setState({ exporting: true });
}

export function cancelWatchExport(store: WatchStore): void {
  store.setState({ exporting: false });
}
