import { describe, expect, it } from 'vitest';
import type { SweepEvent, SweepResult, SweepSession, SweepTarget } from '../engine/run-sweep.js';
import { healthyHttpSession, noListenerSession } from '../report/session-fixture.test-helper.js';
import {
  backToTable,
  beginSweepExport,
  createSweepStore,
  cursorRow,
  endSweepWait,
  finishSweepRound,
  initialSweepState,
  moveCursor,
  openCursorRow,
  recordSweepEvent,
  startSweepRound,
  sweepTallies,
  whyNotOpenable,
} from './sweep-store.js';

// The live table's state from the sweep's events alone: rows keep their places while a round runs and take the
// reports' order (problems first) once it is done; the cursor follows its row; a second round keeps the last
// verdicts while the rows run again and marks those that changed.
const targets: Pick<SweepTarget, 'source' | 'input'>[] = [
  { source: { kind: 'arg' }, input: 'http://127.0.0.1:8080/' },
  { source: { kind: 'env', file: '.env', line: 3, name: 'DATABASE_URL' }, input: 'postgres://***@127.0.0.1:5432/app' },
  { source: { kind: 'compose', file: 'compose.yaml', line: 12, service: 'web' }, input: 'localhost:9000' },
];

const healthy = (index: number): SweepResult => ({
  source: targets[index]!.source,
  input: targets[index]!.input,
  session: healthyHttpSession(),
  unfinished: null,
});
const refused = (index: number): SweepResult => ({
  source: targets[index]!.source,
  input: targets[index]!.input,
  session: noListenerSession(),
  unfinished: null,
});
const cancelled = (index: number): SweepResult => ({
  source: targets[index]!.source,
  input: targets[index]!.input,
  session: null,
  unfinished: { reason: 'cancelled', started: true, message: null },
});
const started = (index: number): SweepEvent => ({ type: 'target-started', index });
const finished = (result: SweepResult, index: number): SweepEvent => ({ type: 'target-finished', index, result });
const sweepOf = (results: SweepResult[]): SweepSession => ({
  startedAt: '2026-12-05T10:00:00.000Z',
  finishedAt: '2026-12-05T10:00:01.000Z',
  deadlineMs: 30_000,
  results,
});

function runRound(store: ReturnType<typeof createSweepStore>, results: SweepResult[]): void {
  startSweepRound(store);
  for (const index of results.keys()) recordSweepEvent(store, started(index));
  for (const [index, result] of results.entries()) recordSweepEvent(store, finished(result, index));
  finishSweepRound(store, sweepOf(results));
}

const order = (store: ReturnType<typeof createSweepStore>) => store.getState().rows.map((row) => row.index);

describe('the sweep store', () => {
  it('starts with a row per target, queued, in the order given, sources named and nothing open', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    const { rows } = store.getState();
    expect(rows.map((row) => [row.source, row.target, row.status])).toEqual([
      ['arg', 'http://127.0.0.1:8080/', 'queued'],
      ['.env:3 DATABASE_URL', 'postgres://***@127.0.0.1:5432/app', 'queued'],
      ['compose.yaml:12 web', 'localhost:9000', 'queued'],
    ]);
    expect(whyNotOpenable(cursorRow(store.getState()))).toBe('no verdict yet: waiting for its turn');
  });

  it('keeps the rows in place while the round runs, then puts problems first; the cursor follows its row', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    startSweepRound(store);
    for (const index of [0, 1, 2]) recordSweepEvent(store, started(index));
    recordSweepEvent(store, { type: 'target-event', index: 0, event: { type: 'step-started', id: 'x', title: 'x' } });
    expect(sweepTallies(store.getState().rows)).toEqual({ running: 3, queued: 0, healthy: 0, problems: 0 });
    moveCursor(store, 0);
    // The healthy row finishes first, then the refused one: nothing moves yet.
    recordSweepEvent(store, finished(healthy(0), 0));
    recordSweepEvent(store, finished(refused(1), 1));
    expect(order(store)).toEqual([0, 1, 2]);
    expect(whyNotOpenable(cursorRow(store.getState()))).toBeNull();
    expect(store.getState().sweep).toBeNull();
    // The last row is done: problems first, each group in the order given, as the reports have them.
    recordSweepEvent(store, finished(cancelled(2), 2));
    expect(order(store)).toEqual([1, 2, 0]);
    expect(store.getState().cursor).toBe(0);
    expect(cursorRow(store.getState())?.healthy).toBe(true);
    finishSweepRound(store, sweepOf([healthy(0), refused(1), cancelled(2)]));
    expect(store.getState()).toMatchObject({ running: false, round: 1 });
    expect(store.getState().sweep?.results).toHaveLength(3);
    expect(sweepTallies(store.getState().rows)).toEqual({ running: 0, queued: 0, healthy: 1, problems: 2 });
    // An unfinished row is a problem, and cannot be opened: the key bar says why.
    expect(whyNotOpenable(store.getState().rows.find((row) => row.index === 2))).toBe('no verdict: it was stopped');
  });

  it('puts a cursor the user never moved on the first row once the rows are sorted', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    runRound(store, [healthy(0), refused(1), healthy(2)]);
    expect(order(store)).toEqual([1, 0, 2]);
    expect(store.getState().cursor).toBe(1);
  });

  it('moves the cursor by rows in the order shown, stopping at the ends', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    runRound(store, [healthy(0), refused(1), refused(2)]);
    expect(order(store)).toEqual([1, 2, 0]);
    moveCursor(store, 1);
    expect(store.getState().cursor).toBe(2);
    moveCursor(store, 5);
    expect(store.getState().cursor).toBe(0);
    moveCursor(store, -10);
    expect(store.getState().cursor).toBe(1);
  });

  it('opens the cursor row’s session and returns to the table with the cursor on it', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    runRound(store, [healthy(0), refused(1), cancelled(2)]);
    moveCursor(store, 2);
    openCursorRow(store);
    const { screen } = store.getState();
    expect(screen.kind).toBe('verdict');
    expect(screen.kind === 'verdict' && screen.session.verdict.id).toBe('healthy');
    backToTable(store);
    expect(store.getState()).toMatchObject({ screen: { kind: 'table' }, cursor: 0 });
    // The unfinished row has no session: Enter does nothing there.
    moveCursor(store, -1);
    expect(store.getState().cursor).toBe(2);
    openCursorRow(store);
    expect(store.getState().screen.kind).toBe('table');
  });

  it('a wait that ends by itself goes back to the table (from a row’s verdict or an export choice) and says so', () => {
    const repeat = { intervalMs: 1000, wait: { endsAt: 60_000, waitMs: 60_000 } };
    const store = createSweepStore(initialSweepState(targets, 30_000, repeat));
    expect(store.getState()).toMatchObject({ repeat, ended: false });
    runRound(store, [healthy(0), healthy(1), healthy(2)]);
    openCursorRow(store);
    beginSweepExport(store);
    expect(store.getState()).toMatchObject({ screen: { kind: 'verdict' }, exporting: true });
    endSweepWait(store);
    expect(store.getState()).toMatchObject({ ended: true, screen: { kind: 'table' }, exporting: false });
  });

  it('keeps the last verdicts while a new round runs, and marks the rows whose verdict changed', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    runRound(store, [healthy(0), refused(1), healthy(2)]);
    const before = order(store);
    startSweepRound(store);
    recordSweepEvent(store, started(1));
    const rows = store.getState().rows;
    // Same places as the round before; each row still shows its last verdict while it waits or runs again.
    expect(order(store)).toEqual(before);
    expect(rows.map((row) => [row.index, row.status, row.view?.verdict])).toEqual([
      [1, 'running', 'no-listener'],
      [0, 'queued', 'healthy'],
      [2, 'queued', 'healthy'],
    ]);
    expect(store.getState()).toMatchObject({ running: true, round: 2 });
    // The database came up, the web service went away.
    recordSweepEvent(store, finished(healthy(1), 1));
    recordSweepEvent(store, finished(healthy(0), 0));
    recordSweepEvent(store, finished(refused(2), 2));
    const after = store.getState().rows;
    expect(after.map((row) => [row.index, row.view?.verdict, row.changedFrom])).toEqual([
      [2, 'no-listener', 'healthy'],
      [0, 'healthy', null],
      [1, 'healthy', 'no-listener'],
    ]);
  });

  it('ignores an event for a row it does not have', () => {
    const store = createSweepStore(initialSweepState(targets, 30_000));
    const state = store.getState();
    recordSweepEvent(store, started(7));
    expect(store.getState()).toBe(state);
  });
});
