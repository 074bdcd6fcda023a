/**
 * Waits `ms` (at once when not positive); false when the signal came first. The loops of `--watch` and `--wait`
 * pause between runs with it: its abort listener goes when the time is up, so that a long watch does not gather
 * one listener a run on its signal (Node warns of a leak past ten).
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
