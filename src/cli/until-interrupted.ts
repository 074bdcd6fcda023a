/**
 * Runs `run` with a signal that Ctrl-C (SIGINT) or SIGTERM aborts: how `--watch` and `--wait` stop without a
 * terminal, ending their loop with the output so far instead of dying mid-line. The listeners go once `run` ends,
 * so that a signal after that has its usual effect.
 */
export async function untilInterrupted<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await run(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
