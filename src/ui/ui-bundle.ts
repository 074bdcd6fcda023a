/**
 * The entry of the UI bundle (dist/ui.js), which the CLI runs from a V8 code cache. In that bundle Ink lays out
 * with deferred-yoga.ts, so the app waits for yoga's wasm before it draws; run from source (tests), Ink uses
 * yoga-layout as published and `run-app.js` is imported directly.
 */
import { runApp as runAppNow, type RunAppOptions } from './run-app.js';
import { yogaLoaded } from './deferred-yoga.js';

export async function runApp(options: RunAppOptions): Promise<number> {
  await yogaLoaded;
  return runAppNow(options);
}
