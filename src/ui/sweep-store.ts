/**
 * The live sweep table's state, fed by the sweep's events (engine/run-sweep.ts). Pure functions of the state, and
 * store actions around them, as store.ts does for one diagnosis.
 *
 * Row order: while a round runs, rows keep their places (the order given in the first round, the last round's
 * order after it), so that a row never moves under the cursor; once every row of the round is done, they are put
 * in the reports' order, problems first (report/sweep-rows.ts `problemsFirst`). The cursor names a row, not a
 * place: it follows its row when they are sorted (until the user moves it, it stays on the first row).
 *
 * Rounds: a front end that runs the same targets again (a watch, a wait) calls `startSweepRound`, then
 * `recordSweepEvent` for each event of that round's sweep, then `finishSweepRound` with its session. A row keeps
 * its last verdict while it runs again, and is marked when its new verdict differs from the round before.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Session } from '../engine/session.js';
import type { SweepEvent, SweepResult, SweepSession, SweepTarget } from '../engine/run-sweep.js';
import { showControls } from '../report/show-controls.js';
import { problemsFirst, type SweepRowView, sourceLabel, sweepRowView } from '../report/sweep-rows.js';
import type { ExportStatus } from './store.js';

/** Where a row is in the current round. */
export type SweepRowStatus =
  /** Waiting for a place in the pool (the sweep runs a few diagnoses at once). */
  | 'queued'
  /** Its diagnosis runs: a spinner. */
  | 'running'
  /** It has this round's result: a verdict, or why there is none. */
  | 'done';

export interface SweepRowState {
  /** Its place in the sweep's targets: what the cursor and the events name. */
  index: number;
  /** `.env:3 DATABASE_URL`, `arg`: never a value. */
  source: string;
  /** The target as given, secrets replaced by `***`, controls made visible. */
  target: string;
  status: SweepRowStatus;
  /** The latest result: this round's once done, else the round before's (kept while it runs again); null before any. */
  result: SweepResult | null;
  /** The latest result as the reports show it (verdict, title, confidence, time); null before any. */
  view: SweepRowView | null;
  /** Its latest result is healthy: a verdict of `healthy`, and nothing else. */
  healthy: boolean;
  /** The verdict of the round before, when this round's differs from it (`unfinished` counts as a verdict); else null. */
  changedFrom: string | null;
}

/** Which screen the sweep app shows. */
export type SweepScreen =
  /** The table. */
  | { kind: 'table' }
  /** A row's full verdict, the single diagnosis's screen; the session is kept, so a new round does not change it. */
  | { kind: 'verdict'; index: number; session: Session };

export interface SweepState {
  /** Every target's row, in the order shown. */
  rows: readonly SweepRowState[];
  /** Rounds started: 0 before the first. */
  round: number;
  /** A round is under way. */
  running: boolean;
  /** The deadline rows run under, in ms: unfinished rows' words name it. */
  deadlineMs: number;
  /** The last finished round's sweep: what `e` exports and the exit status is read from; null before. */
  sweep: SweepSession | null;
  /** The row under the cursor, by its index in the targets. */
  cursor: number;
  screen: SweepScreen;
  /** A report format is being picked (the sweep's on the table, the row's on its verdict). */
  exporting: boolean;
  /** What became of the last export of the whole sweep. */
  sweepExport: ExportStatus;
  /** What became of the last export of the open row's report. */
  rowExport: ExportStatus;
  /** On a row's verdict: which half is shown when both do not fit (`d`), and every evidence line (`v`). */
  verdictView: 'findings' | 'exchange';
  evidenceExpanded: boolean;
  /** The user moved the cursor: until then it stays on the first row, whichever that is once the rows are sorted. */
  cursorMoved: boolean;
  /** The user quit: the app draws nothing more, so its last frame is erased before the table is printed as text. */
  quitting: boolean;
  /** The rounds repeat (`--wait`, `--watch`): how often, and until when; null for one round. */
  repeat: SweepRepeat | null;
  /**
   * A wait ended by itself (every row healthy, or its time up): the app draws this last frame, without keys, and
   * exits; the frame stays in the scrollback above what the CLI prints.
   */
  ended: boolean;
}

/** How the rounds repeat, for the line under the header. */
export interface SweepRepeat {
  /** From the start of one round to the start of the next, in ms. */
  intervalMs: number;
  /**
   * `--wait`: when it gives up, in ms on the monotonic clock (`nowMs`, as the wait's own deadline: a wall-clock jump
   * changes neither), and how long it waits in all; null for `--watch`.
   */
  wait: { endsAt: number; waitMs: number } | null;
}

export type SweepStore = StoreApi<SweepState>;

/** The table before its first round: a row per target, queued, in the order given. */
export function initialSweepState(
  targets: readonly Pick<SweepTarget, 'source' | 'input'>[],
  deadlineMs: number,
  repeat: SweepRepeat | null = null,
): SweepState {
  return {
    rows: targets.map((target, index) => ({
      index,
      source: sourceLabel(target.source),
      target: showControls(target.input),
      status: 'queued',
      result: null,
      view: null,
      healthy: false,
      changedFrom: null,
    })),
    round: 0,
    running: false,
    deadlineMs,
    sweep: null,
    cursor: 0,
    screen: { kind: 'table' },
    exporting: false,
    sweepExport: { kind: 'none' },
    rowExport: { kind: 'none' },
    verdictView: 'findings',
    evidenceExpanded: false,
    cursorMoved: false,
    quitting: false,
    repeat,
    ended: false,
  };
}

export function createSweepStore(state: SweepState): SweepStore {
  return createStore<SweepState>()(() => state);
}

/** A new round of the same targets: every row waits again, keeping its last result and its place. */
export function roundStarted(state: SweepState): SweepState {
  return {
    ...state,
    round: state.round + 1,
    running: true,
    rows: state.rows.map((row) => ({ ...row, status: 'queued' })),
  };
}

/** Folds one event of the round's sweep into the state; the engine's own events of a row change nothing shown. */
export function sweepEventApplied(state: SweepState, event: SweepEvent): SweepState {
  if (event.type === 'target-event') return state;
  const at = state.rows.findIndex((row) => row.index === event.index);
  const row = state.rows[at];
  if (row === undefined) return state;
  const rows = [...state.rows];
  if (event.type === 'target-started') {
    rows[at] = { ...row, status: 'running' };
    return { ...state, rows };
  }
  const { result } = event;
  const verdict = verdictOf(result);
  const before = row.result === null ? null : verdictOf(row.result);
  rows[at] = {
    ...row,
    status: 'done',
    result,
    view: sweepRowView(result, row.index, state.deadlineMs),
    healthy: verdict === 'healthy',
    // Only against the round before: the first round has nothing to change from.
    changedFrom: before !== null && before !== verdict ? before : null,
  };
  const allDone = rows.every((r) => r.status === 'done');
  return allDone ? sorted(state, rows) : { ...state, rows };
}

/** The round's sweep ended: it is what `e` exports; the rows take the reports' order. */
export function roundFinished(state: SweepState, sweep: SweepSession): SweepState {
  return { ...sorted(state, state.rows), running: false, sweep };
}

/** The rows in the reports' order; a cursor the user never moved goes to the first of them. */
function sorted(state: SweepState, rows: readonly SweepRowState[]): SweepState {
  const ordered = inReportOrder(rows);
  return { ...state, rows: ordered, cursor: state.cursorMoved ? state.cursor : (ordered[0]?.index ?? 0) };
}

/** The verdict id, or `unfinished`: what a changed mark compares. */
function verdictOf(result: SweepResult): string {
  return result.session?.verdict.id ?? 'unfinished';
}

function inReportOrder(rows: readonly SweepRowState[]): SweepRowState[] {
  return problemsFirst([...rows].sort((a, b) => a.index - b.index));
}

/** The row under the cursor; undefined only for a sweep without rows. */
export function cursorRow(state: Pick<SweepState, 'rows' | 'cursor'>): SweepRowState | undefined {
  return state.rows.find((row) => row.index === state.cursor) ?? state.rows[0];
}

/** Why a row cannot be opened, in a few words for the key bar; null when it has a verdict to open. */
export function whyNotOpenable(row: SweepRowState | undefined): string | null {
  if (row === undefined) return 'no rows';
  if (row.result?.session) return null;
  if (row.result?.unfinished) {
    const reasons = { deadline: 'the deadline passed', cancelled: 'it was stopped', failed: 'conn-doctor failed' };
    return `no verdict: ${reasons[row.result.unfinished.reason]}`;
  }
  return row.status === 'running' ? 'no verdict yet: running' : 'no verdict yet: waiting for its turn';
}

/** How many rows run, wait, and ended healthy or not, in this round. */
export function sweepTallies(rows: readonly SweepRowState[]): {
  running: number;
  queued: number;
  healthy: number;
  problems: number;
} {
  const tally = { running: 0, queued: 0, healthy: 0, problems: 0 };
  for (const row of rows) {
    if (row.status === 'running') tally.running++;
    else if (row.status === 'queued') tally.queued++;
    else if (row.healthy) tally.healthy++;
    else tally.problems++;
  }
  return tally;
}

// Actions on a store: what the front ends and the screens call.

/** Starts a round of the same targets: call before running the sweep again. */
export function startSweepRound(store: SweepStore): void {
  store.setState(roundStarted);
}

/** Records one event of the round's sweep: pass it as runSweep's `onEvent`. */
export function recordSweepEvent(store: SweepStore, event: SweepEvent): void {
  if (event.type === 'target-event') return;
  store.setState((state) => sweepEventApplied(state, event));
}

/** Records the round's sweep once runSweep resolves. */
export function finishSweepRound(store: SweepStore, sweep: SweepSession): void {
  store.setState((state) => roundFinished(state, sweep));
}

/** A wait ended by itself: back to the table, whose last frame says why, and the app exits. */
export function endSweepWait(store: SweepStore): void {
  store.setState({ ended: true, screen: { kind: 'table' }, exporting: false });
}

/** ↑ ↓ (by `step` rows), Home and End: the cursor moves to a row at that distance, stopping at the ends. */
export function moveCursor(store: SweepStore, step: number): void {
  store.setState((state) => {
    const at = Math.max(
      0,
      state.rows.findIndex((row) => row.index === state.cursor),
    );
    const next = state.rows[Math.min(state.rows.length - 1, Math.max(0, at + step))];
    return next === undefined ? state : { cursor: next.index, cursorMoved: true };
  });
}

/** Enter: the cursor's row's verdict, if it has one. */
export function openCursorRow(store: SweepStore): void {
  const state = store.getState();
  const row = cursorRow(state);
  const session = row?.result?.session;
  if (row === undefined || !session || state.screen.kind !== 'table') return;
  store.setState({
    cursor: row.index,
    cursorMoved: true,
    screen: { kind: 'verdict', index: row.index, session },
    exporting: false,
    rowExport: { kind: 'none' },
    verdictView: 'findings',
    evidenceExpanded: false,
  });
}

/** Esc or q on a row's verdict: back to the table, the cursor on that row. */
export function backToTable(store: SweepStore): void {
  store.setState((state) => ({
    screen: { kind: 'table' },
    exporting: false,
    cursor: state.screen.kind === 'verdict' ? state.screen.index : state.cursor,
  }));
}

/** `e`: pick a format, for the whole sweep on the table (once a round has finished), for the row on its verdict. */
export function beginSweepExport(store: SweepStore): void {
  const state = store.getState();
  if (state.screen.kind === 'table' && state.sweep === null) return;
  store.setState({ exporting: true });
}

export function cancelSweepExport(store: SweepStore): void {
  store.setState({ exporting: false });
}

export function toggleRowVerdictView(store: SweepStore): void {
  store.setState((s) => ({ verdictView: s.verdictView === 'findings' ? 'exchange' : 'findings' }));
}

export function toggleRowEvidence(store: SweepStore): void {
  store.setState((s) => ({ evidenceExpanded: !s.evidenceExpanded }));
}
