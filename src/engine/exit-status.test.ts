import { describe, expect, it } from 'vitest';
import { exitStatus, exitStatusOf } from './exit-status.js';

describe('exitStatusOf', () => {
  it('is 0 only for a healthy verdict', () => {
    expect(exitStatusOf({ verdict: { id: 'healthy' } })).toBe(0);
    expect(exitStatusOf({ verdict: { id: 'no-listener' } })).toBe(1);
    expect(exitStatusOf({ verdict: { id: 'intermittent-failures' } })).toBe(1);
  });

  it('is 1 when no verdict was reached, and 3 after an internal error', () => {
    expect(exitStatusOf(null)).toBe(1);
    expect(exitStatusOf('failed')).toBe(3);
  });

  it('names the statuses of SPEC §1', () => {
    expect(exitStatus).toEqual({ ok: 0, problem: 1, usage: 2, internal: 3 });
  });
});
