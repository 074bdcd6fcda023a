/**
 * What dist/engine.js holds: the one copy of the engine that every bundle but the CLI's own dist/main.js shares.
 * The engine's worker thread runs it (engine-worker.ts, from the code cache), and so do the lazily loaded bundles
 * that drive the engine — the demo, `--watch`, the library — instead of each carrying a copy of their own: the
 * build (scripts/build.mjs, `shareEngine`) points their imports of the modules below at this bundle. main.js keeps
 * its own copy, so that a single `--json` run loads one file. A module added here is shared from the next build on;
 * `export *` keeps every name of a module, and tsc refuses two modules exporting the same name.
 */
export * from '../engine/events.js';
export * from '../engine/exit-status.js';
export * from '../engine/parse-target.js';
export * from '../engine/run-diagnosis.js';
export * from '../engine/run-in-process.js';
export * from '../engine/run-in-worker.js';
export * from '../engine/serve-engine.js';
export * from '../report/json-report.js';
export * from '../report/render-report.js';
export * from '../engine/run-sweep.js';
export * from '../report/sweep-json.js';
export * from '../shared/redact-secrets.js';
