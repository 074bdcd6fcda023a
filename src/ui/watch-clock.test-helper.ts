import { runInProcess } from '../engine/run-in-process.js';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import type { WatchClock } from './watch-actions.js';

/** A clock whose timers fire only when the test says so: what is scheduled can be seen instead of waited for. */
export function manualClock(start = 1_700_000_000_000) {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: WatchClock = {
    now: () => now,
    set: (callback, ms) => {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clear: (handle) => {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    /** Timers set and neither fired nor cleared. */
    pending: () => timers.size,
    /** When the earliest pending timer is due, or null. */
    nextAt: () => Math.min(...[...timers.values()].map((t) => t.at)),
    /** Moves time to the earliest pending timer and fires it; false when none is pending. */
    fire(): boolean {
      const [id, timer] = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !timer) return false;
      timers.delete(id);
      now = Math.max(now, timer.at);
      timer.callback();
      return true;
    },
  };
}

/** The real engine in process, counting the runs it starts and the most that were ever under way at once. */
export function countingRunner() {
  const counts = { started: 0, active: 0, maxActive: 0 };
  const runner: DiagnosisRunner = (request, handlers) => {
    counts.started++;
    counts.maxActive = Math.max(counts.maxActive, ++counts.active);
    const running = runInProcess(request, handlers);
    running.session.then(
      () => counts.active--,
      () => counts.active--,
    );
    return running;
  };
  return { runner, counts };
}
