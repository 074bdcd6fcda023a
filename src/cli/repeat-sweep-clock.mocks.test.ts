import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import type { SweepTarget } from '../engine/run-sweep.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { nowMs } from '../shared/monotonic-clock.js';
import { sweepTargetOf } from '../engine/sweep-target.js';
import { repeatSweep } from './repeat-sweep.js';

// The wait's deadline and pauses run on the monotonic clock: a jump of the wall clock (NTP, a suspended laptop)
// neither ends a wait early nor stretches a pause. Only `Date` is faked here (a mocks file: it replaces a global);
// timers and the monotonic clock stay real, and the rounds run the real sweep on a refused loopback port.

afterEach(() => {
  vi.useRealTimers();
});

async function refusedTarget(): Promise<SweepTarget> {
  const input = `127.0.0.1:${await findClosedPort()}`;
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return sweepTargetOf(parsed, { kind: 'arg' }, input);
}

const settings = { timeoutMs: 1000, dnsServer: null, caFile: null, repeat: null, env: {} };

/** Runs a wait whose first round moves the wall clock by `jumpMs`; the second round stops it. */
async function waitAcrossJump(jumpMs: number) {
  vi.useFakeTimers({ toFake: ['Date'] });
  const stop = new AbortController();
  // A bound on the test, not a pause it relies on: a pause stretched by the jump is cut here, and counted below.
  const bound = setTimeout(() => stop.abort(), 10_000);
  let monotonicMoved = 0;
  try {
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [await refusedTarget()] },
      intervalMs: 50,
      waitMs: 60_000,
      signal: stop.signal,
      onRound: (round) => {
        if (round.number === 1) {
          const before = nowMs();
          vi.setSystemTime(Date.now() + jumpMs);
          monotonicMoved = nowMs() - before;
        } else stop.abort();
      },
    });
    return { outcome, monotonicMoved };
  } finally {
    clearTimeout(bound);
  }
}

describe('repeatSweep across a wall-clock jump', () => {
  it('an hour forward: the wait goes on to its next round instead of ending at its deadline', async () => {
    const { outcome, monotonicMoved } = await waitAcrossJump(3_600_000);
    // The premise: setting the system time leaves the monotonic clock where it was.
    expect(monotonicMoved).toBeLessThan(1000);
    expect(outcome).toMatchObject({ endedBy: 'signal', rounds: 2 });
  });

  it('an hour back: the pause stays one interval, and the next round comes', async () => {
    const { outcome, monotonicMoved } = await waitAcrossJump(-3_600_000);
    expect(monotonicMoved).toBeLessThan(1000);
    expect(outcome).toMatchObject({ endedBy: 'signal', rounds: 2 });
  }, 20_000);
});
