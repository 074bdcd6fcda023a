// The worker-thread entry of `runInWorker` (dist/engine-worker.js): loads the engine (serve-engine.ts) and serves
// one diagnosis. Built, it runs dist/engine.js from this user's V8 code cache, as the CLI runs main.js: compiling
// the engine was a good share of the worker's start, which is on the way to the app's first result.
import { join } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { codeCacheFile, runWithCodeCache } from '../shared/code-cache.js';

/** A hash of dist/engine.js, put into this bundle by scripts/build.mjs; undefined when bundled by a test. */
declare const __CONN_DOCTOR_ENGINE_HASH__: string | undefined;

type EngineModule = typeof import('./serve-engine.js');

const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
// Events go back on the channel runInWorker hands over (it can read them synchronously); answers come on parentPort.
const events = (workerData as { events?: MessagePort } | null)?.events ?? port;

if (typeof __CONN_DOCTOR_ENGINE_HASH__ === 'string') {
  const engine = { exports: {} } as NodeJS.Module;
  // The cache is written once the first diagnosis is done, so that it holds the functions that run compiled: a
  // worker is terminated, not exited, so an exit handler would never run.
  let writeCache = () => {};
  runWithCodeCache(
    join(__dirname, 'engine.js'),
    codeCacheFile('engine', __CONN_DOCTOR_ENGINE_HASH__),
    require,
    engine,
    (write) => {
      writeCache = write;
    },
  );
  (engine.exports as EngineModule).serveEngine(port, events, () => {
    writeCache();
    writeCache = () => {};
  });
} else {
  // Bundled from source (tests): the engine is part of this file.
  void import('./serve-engine.js').then(({ serveEngine }) => serveEngine(port, events));
}
