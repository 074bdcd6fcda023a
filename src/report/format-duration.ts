/**
 * A duration for people: two decimals under 10 ms (loopback connects take tenths of a millisecond),
 * one decimal under a second, then seconds. The bounds sit where rounding would carry into the next unit.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const clamped = Math.max(0, ms);
  if (clamped < 9.995) return `${clamped.toFixed(2)} ms`;
  if (clamped < 999.95) return `${clamped.toFixed(1)} ms`;
  return `${(clamped / 1000).toFixed(2)} s`;
}
