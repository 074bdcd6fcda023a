#!/usr/bin/env node
/**
 * The installed command (dist/cli.js): runs the CLI bundle (dist/main.js) from this user's V8 code cache.
 * Compiling the bundle was a good share of a short run: a refused loopback `--json` went from 1.36× to 1.28×
 * the time of `node -e 0` with the cache.
 */
import { join } from 'node:path';
import { codeCacheFile, runWithCodeCache } from './shared/code-cache.js';

/** A hash of dist/main.js, put here by scripts/build.mjs once main.js is built. */
declare const __CONN_DOCTOR_MAIN_HASH__: string;

runWithCodeCache(join(__dirname, 'main.js'), codeCacheFile('main', __CONN_DOCTOR_MAIN_HASH__), require, module);
