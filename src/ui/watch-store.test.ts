import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import type { EngineEvent } from '../engine/events.js';
import type { Session } from '../engine/session.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import {
  historyLimit,
  initialWatchState,
  watchEvent,
  watchExitCode,
  watchRunFailed,
  watchRunFinished,
  watchRunStarted,
  type WatchState,
} from './watch-store.js';

const lab = createTestLab();
let healthy: { events: EngineEvent[]; session: Session };
let refused: { events: EngineEvent[]; session: Session };
beforeAll(async () => {
  // Real sessions of the two verdicts a watch flips between when a service goes down.
  healthy = await recordDiagnosis(`http://127.0.0.1:${await lab.httpServer(200)}/`);
  refused = await recordDiagnosis(`http://127.0.0.1:${await lab.closedPort()}/`);
});
afterAll(() => lab.close());

const start = (): WatchState => {
  const parsed = parseTarget('http://127.0.0.1:8080/');
  if (!parsed.ok) throw new Error(parsed.error);
  return initialWatchState(parsed.target, null);
};
const runs = (state: WatchState, ...sessions: Session[]) =>
  sessions.reduce((s, session) => watchRunFinished(watchRunStarted(s), session), state);

describe('watch store', () => {
  it('marks the runs where the verdict changed, most recent first, and counts them', () => {
    expect([healthy.session.verdict.id, refused.session.verdict.id]).toEqual(['healthy', 'no-listener']);
    // Given healthy, healthy, refused, refused, healthy
    const state = runs(start(), healthy.session, healthy.session, refused.session, refused.session, healthy.session);

    // Then the history lists them newest first, a change marked only where the verdict differs from the run before
    expect(state.history.map((r) => [r.number, r.verdictId, r.changedFrom])).toEqual([
      [5, 'healthy', 'no-listener'],
      [4, 'no-listener', null],
      [3, 'no-listener', 'healthy'],
      [2, 'healthy', null],
      [1, 'healthy', null],
    ]);
    expect(state.counts).toEqual({ runs: 5, changes: 2, healthy: 3, failed: 2 });
    expect(state.latest).toBe(healthy.session);
    expect(state.history[0]!.durationMs).toBe(
      Date.parse(healthy.session.finishedAt) - Date.parse(healthy.session.startedAt),
    );
  });

  it('exits with the last verdict: 0 healthy, 1 a problem or nothing checked yet, 3 after an internal error', () => {
    expect(watchExitCode(start())).toBe(1);
    expect(watchExitCode(runs(start(), refused.session, healthy.session))).toBe(0);
    expect(watchExitCode(runs(start(), healthy.session, refused.session))).toBe(1);
    const failed = watchRunFailed(watchRunStarted(runs(start(), healthy.session)), 'the engine worker crashed');
    expect([watchExitCode(failed), failed.error, failed.latest]).toEqual([
      3,
      'the engine worker crashed',
      healthy.session,
    ]);
    // A run that succeeds again clears the error
    expect(watchExitCode(runs(failed, healthy.session))).toBe(0);
  });

  it('keeps a bounded history while the counters keep the totals', () => {
    const many = Array.from({ length: historyLimit + 10 }, (_, i) => (i % 2 === 0 ? healthy.session : refused.session));
    const state = runs(start(), ...many);
    expect(state.history).toHaveLength(historyLimit);
    expect(state.history[0]!.number).toBe(historyLimit + 10);
    expect(state.counts).toEqual({ runs: historyLimit + 10, changes: historyLimit + 9, healthy: 30, failed: 30 });
  });

  it('shows the steps of the run under way, dropping the last run’s when the next begins', () => {
    // Given a run under way, half its events delivered
    const half = healthy.events.slice(0, 3);
    const midway = half.reduce(watchEvent, watchRunStarted(start()));
    expect(midway.running).toBe(true);
    expect(midway.steps.map((s) => s.status)).toEqual(['finished', 'running']);

    // When it ends and the next begins
    const done = watchRunFinished(healthy.events.slice(3).reduce(watchEvent, midway), healthy.session);
    expect(done.steps).toHaveLength(healthy.session.steps.length);
    expect(watchRunStarted(done).steps).toEqual([]);
  });
});
