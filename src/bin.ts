#!/usr/bin/env node
/**
 * The installed command (dist/cli.js): runs the CLI bundle (dist/main.js) from this user's V8 code cache.
 * Compiling the bundle was a good share of a short run: a refused loopback `--json` went from 1.36× to 1.28×
 * the time of `node -e 0` with the cache. When the run is likely the guided app, the engine's worker thread is
 * started first, so that its start overlaps the loading of the CLI and the UI (cli/start-engine-early.ts).
 */
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { likelyTheApp, startEngineEarly } from './cli/start-engine-early.js';
import { codeCacheFile, runWithCodeCache } from './shared/code-cache.js';

/** A hash of dist/main.js, put here by scripts/build.mjs once main.js is built. */
declare const __CONN_DOCTOR_MAIN_HASH__: string;

// node:worker_threads is loaded only then: a headless run never loads it (test/lean-start.e2e.test.ts).
if (likelyTheApp(process.argv.slice(2), process.env, isatty(0) && isatty(1)))
  startEngineEarly(__dirname, require('node:worker_threads'));
runWithCodeCache(join(__dirname, 'main.js'), codeCacheFile('main', __CONN_DOCTOR_MAIN_HASH__), require, module);
