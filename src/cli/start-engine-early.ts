// The installed command (src/bin.ts) starts the engine's worker thread before it loads the CLI when the run is
// likely the guided app: a worker takes ~20-25 ms to start, and with the probes on it and the UI on the main
// thread it was the longer of the two ways to the app's first result. Told from the command line alone, cheaply,
// before any option is parsed: a guess that is wrong costs an idle thread, never a wrong run.
import { join } from 'node:path';
import { offerEarlyEngineThread, startEngineThread, type ThreadModule } from '../engine/engine-thread.js';

/**
 * Options after which the run is certainly not the guided app, or runs no engine worker: the demo's lab, and a
 * sweep or a wait (their rows run in the main thread, beside the table).
 */
const notTheApp = new Set([
  '--json',
  '--no-interactive',
  '--help',
  '-h',
  '--version',
  '-v',
  '--explain',
  '--demo',
  '--env',
  '--compose',
  '--targets',
  '--wait',
]);

/**
 * Whether a run with these arguments, in a terminal on both ends (`terminals`) or not, is likely the guided app
 * (cli-args.ts decides for real): a terminal on both ends, no CI, and none of the options above.
 */
export function likelyTheApp(argv: readonly string[], env: NodeJS.ProcessEnv, terminals: boolean): boolean {
  return terminals && !env.CI && !argv.some((arg) => notTheApp.has(arg.split('=')[0]!));
}

/** Starts dist/engine-worker.js, next to the command, for run-in-worker.ts to take (engine-thread.ts). */
export function startEngineEarly(distDir: string, threads: ThreadModule): void {
  const file = join(distDir, 'engine-worker.js');
  try {
    offerEarlyEngineThread(file, startEngineThread(file, threads));
  } catch {
    // The app starts its own worker, and says what goes wrong with it.
  }
}
