/**
 * Waits for content, not for time: checks `condition` after every turn of the event loop (`setImmediate` lets
 * React 19's scheduler, Ink's render throttle and socket I/O run in between), as cli-kit's `waitForContent`
 * does. Bounded in tries and, as a backstop for slow machines, in time; the error shows what was on screen.
 */
export async function waitFor(
  condition: () => boolean,
  show: () => string = () => '',
  maxTries = 200_000,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (let tries = 0; tries < maxTries && Date.now() < deadline; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (condition()) return;
  throw new Error(`waitFor: the condition never held. Last frame:\n${show()}`);
}
