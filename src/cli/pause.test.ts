import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pause } from './pause.js';

describe('pause', () => {
  it('resolves true when the time is up, and leaves no listener on the signal', async () => {
    const stop = new AbortController();
    // More pauses than Node's leak warning allows listeners: a long watch makes one a run.
    for (let i = 0; i < 12; i++) expect(await pause(1, stop.signal)).toBe(true);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('resolves false as soon as the signal comes, however long it was to wait', async () => {
    const stop = new AbortController();
    const paused = pause(3_600_000, stop.signal);
    stop.abort();
    expect(await paused).toBe(false);
  });

  it('an aborted signal: false at once; no time to wait: true at once', async () => {
    expect(await pause(1000, AbortSignal.abort())).toBe(false);
    expect(await pause(0, new AbortController().signal)).toBe(true);
    expect(await pause(-5, new AbortController().signal)).toBe(true);
  });
});
