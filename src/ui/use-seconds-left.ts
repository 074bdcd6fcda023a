import { useEffect, useState } from 'react';

/** How often the countdown looks at the clock: a fifth of its unit, so a shown second is never late by much. */
const TICK_MS = 200;

/**
 * Whole seconds until `at` on `now`'s clock, re-rendering only when that number changes; null without `at`.
 * The ticker stops when `at` does (paused, running) and on unmount, so it never keeps the process alive.
 */
export function useSecondsLeft(at: number | null, now: () => number): number | null {
  // The state only makes React re-render when the shown second changes; the value shown is computed fresh.
  const [, setShown] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return;
    const ticker = setInterval(() => setShown(secondsUntil(at, now())), TICK_MS);
    return () => clearInterval(ticker);
  }, [at, now]);
  return at === null ? null : secondsUntil(at, now());
}

const secondsUntil = (at: number, now: number) => Math.max(0, Math.ceil((at - now) / 1000));
