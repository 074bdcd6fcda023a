// dist/lazy-steps.js: runs dist/lazy-steps-code.js, the bundle of the steps most runs never reach (lazy-steps.ts),
// from this user's V8 code cache, as dist/cli.js runs main.js. A protocol URL or a tcp:// target on a service loads
// it on every run, and compiling it was ~4–5 ms of a ~90 ms run.
import { join } from 'node:path';
import { codeCacheFile, runWithCodeCache } from '../../shared/code-cache.js';

/** A hash of dist/lazy-steps-code.js, put here by scripts/build.mjs once it is built. */
declare const __CONN_DOCTOR_STEPS_HASH__: string;

runWithCodeCache(
  join(__dirname, 'lazy-steps-code.js'),
  codeCacheFile('steps', __CONN_DOCTOR_STEPS_HASH__),
  require,
  module,
);
