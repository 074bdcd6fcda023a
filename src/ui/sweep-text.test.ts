import { describe, expect, it } from 'vitest';
import type { SweepRowState } from './sweep-store.js';
import { secondsText, sweepRepeatText } from './sweep-text.js';
import { makeTheme } from './theme.js';

const theme = makeTheme({ color: false, ascii: false });
const row = (healthy: boolean): SweepRowState => ({
  index: 0,
  source: 'arg',
  target: '127.0.0.1:5432',
  status: 'done',
  result: null,
  view: null,
  healthy,
  changedFrom: null,
});
const wait = (endsAt: number, waitMs: number) => ({ intervalMs: 1000, wait: { endsAt, waitMs } });

describe('the line under the sweep header while rounds repeat', () => {
  it('is absent for one round', () => {
    expect(sweepRepeatText({ repeat: null, round: 1, rows: [row(true)], ended: false }, 0, theme)).toBeNull();
  });

  it('waiting: the round, the time left (rounded up) of the whole wait, and the interval', () => {
    const state = { repeat: wait(30_000, 30_000), round: 3, rows: [row(true), row(false)], ended: false };
    expect(sweepRepeatText(state, 5_500, theme)).toBe(
      'Waiting until all are healthy · round 3 · 25 s left of 30 s · every 1 s',
    );
    // Past the end (the last round is being cut): never a negative time.
    expect(sweepRepeatText(state, 31_000, theme)).toContain('0 s left of 30 s');
    expect(sweepRepeatText({ ...state, rows: [row(false)] }, 0, theme)).toMatch(/^Waiting until it is healthy · /);
  });

  it('once a wait ended by itself: why, by the rows', () => {
    const ended = { repeat: wait(30_000, 30_000), round: 4, ended: true };
    expect(sweepRepeatText({ ...ended, rows: [row(true), row(true)] }, 9_000, theme)).toBe(
      'Every target is healthy, after 4 rounds',
    );
    expect(sweepRepeatText({ ...ended, rows: [row(true)], round: 1 }, 9_000, theme)).toBe(
      'The target is healthy, after 1 round',
    );
    expect(sweepRepeatText({ ...ended, rows: [row(true), row(false)] }, 30_000, theme)).toBe(
      'Still not healthy after 30 s (4 rounds): gave up',
    );
  });

  it('watching: the round and the interval, and how to stop', () => {
    const state = { repeat: { intervalMs: 250, wait: null }, round: 7, rows: [row(false)], ended: false };
    expect(sweepRepeatText(state, 0, theme)).toBe('Watching · round 7 · again every 250 ms until q');
  });

  it('says durations in whole seconds and minutes, short ones in ms', () => {
    expect(secondsText(250)).toBe('250 ms');
    expect(secondsText(2_000)).toBe('2 s');
    expect(secondsText(90_000)).toBe('1 m 30 s');
    expect(secondsText(120_000)).toBe('2 m');
    expect(secondsText(1_200, 'up')).toBe('2 s');
    expect(secondsText(0, 'up')).toBe('0 s');
  });
});
