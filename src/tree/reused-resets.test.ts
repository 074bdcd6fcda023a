import { describe, expect, it } from 'vitest';
import { guards } from './guards.js';
import { attempt, factsFor } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

// "Reused (keep-alive) connections get reset": the idle watch sees only its own window, so a clean watch is no proof.
describe('the answer "reused connections get reset"', () => {
  const answered = factsFor({
    tcp: [attempt('open', '192.0.2.10', 8080)],
    answers: { 'failure.frequency': 'reused-resets' },
  });

  it('ends healthy at likely, not certain, naming the window watched and the pool timeout to compare', () => {
    const verdict = verdictBuilders.healthy(answered);
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('watched for 20 s only');
    expect(verdict.nextSteps.join('\n')).toMatch(/pool's idle timeout/);
    expect(verdictBuilders.healthy(factsFor({ tcp: [attempt('open', '192.0.2.10', 8080)] })).confidence).toBe(
      'certain',
    );
  });

  it('sends an http target to the keep-alive watch once per walk', () => {
    expect(guards['keepalive.answer'].test(answered)).toBe(true);
    const watched = { ...answered, keepalive: { kind: 'aborted' } } as typeof answered;
    expect(guards['keepalive.answer'].test(watched)).toBe(false);
  });
});
