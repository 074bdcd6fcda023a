/**
 * The entry of the UI bundle (dist/ui.js), which the CLI runs from a V8 code cache. In that bundle Ink lays out
 * with deferred-yoga.ts, so the CLI waits for `ready` before the app draws (src/cli/run-interactive.ts). Run
 * from source (tests), Ink uses yoga-layout as published and run-app.js is imported directly.
 */
// First, so that the layout engine's wasm compiles while the rest of the bundle evaluates.
export { yogaLoaded as ready } from './deferred-yoga.js';
export { pickScenario, runApp, runSweepTable } from './run-app.js';
