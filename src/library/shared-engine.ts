// dist/shared-engine.js: loads dist/engine.js, the engine's one shared copy (engine-bundle.ts), for the bundles built
// to share it (scripts/build.mjs, `shareEngine`): the demo and `--watch` in the CLI's process, and the library. It
// runs from this user's V8 code cache, as the engine's worker runs it; Node's require cache makes it once a process.
import { join } from 'node:path';
import { codeCacheFile, runWithCodeCache } from '../shared/code-cache.js';

/** A hash of dist/engine.js, put here by scripts/build.mjs once engine.js is built. */
declare const __CONN_DOCTOR_ENGINE_HASH__: string;

runWithCodeCache(join(__dirname, 'engine.js'), codeCacheFile('engine', __CONN_DOCTOR_ENGINE_HASH__), require, module);
