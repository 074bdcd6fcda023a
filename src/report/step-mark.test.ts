import { describe, expect, it } from 'vitest';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import { stepMark } from './step-mark.js';

describe('stepMark', () => {
  it('reads resolved, open and a 2xx response as passes, refused as a failure', () => {
    expect(healthyHttpSession().steps.map(stepMark)).toEqual(['pass', 'pass', 'pass']);
    expect(noListenerSession().steps.map(stepMark)).toEqual(['pass', 'fail']);
  });

  it('reads an HTTP answer with an error status as a failure', () => {
    const session = healthyHttpSession();
    (session.steps[2]!.details as { status: number }).status = 503;
    expect(stepMark(session.steps[2]!)).toBe('fail');
  });

  it('gives outcomes it does not judge the neutral mark', () => {
    const step = { ...healthyHttpSession().steps[1]!, outcome: 'mixed' };
    expect(stepMark(step)).toBe('info');
    expect(stepMark({ ...step, outcome: 'silent' })).toBe('info');
  });
});
