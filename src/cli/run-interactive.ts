import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prewarmEngineWorker, runInWorker } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import type { Options } from '../shared/options.js';
import { codeCacheFile, runWithCodeCache } from '../shared/code-cache.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { eraseFirstFrame, firstFrameText } from './first-frame.js';

type UiModule = typeof import('../ui/ui-bundle.js');

/** A hash of dist/ui.js, put into this bundle by scripts/build.mjs; undefined when run from source. */
declare const __CONN_DOCTOR_UI_HASH__: string | undefined;

/**
 * The UI bundle (dist/ui.js, next to this bundle) runs from this user's V8 code cache, as main.js does: compiling
 * Ink and React, and the functions of their first render, was a good share of the time to the first result
 * frame. Run from source (tests), the app's module is imported as it is. Resolves once the app can draw.
 */
export async function loadUi(): Promise<Pick<UiModule, 'runApp' | 'pickScenario' | 'runSweepTable'>> {
  const bundled = typeof __dirname === 'string' ? join(__dirname, 'ui.js') : null;
  if (bundled === null || !existsSync(bundled) || typeof __CONN_DOCTOR_UI_HASH__ !== 'string')
    return import('../ui/run-app.js');
  const ui = { exports: {} } as NodeJS.Module;
  runWithCodeCache(bundled, codeCacheFile('ui', __CONN_DOCTOR_UI_HASH__), require, ui);
  const loaded = ui.exports as UiModule;
  // Ink's layout engine (wasm) finishes loading here, so that the header painted first stays on screen until
  // Ink draws over it.
  await loaded.ready;
  return loaded;
}

/** The guided terminal app, or its watch screen with `--watch`. Returns the exit status once the user quits. */
export async function runInteractive(args: Options, version: string): Promise<number> {
  // Nobody is asked for a target every few seconds: a watch needs one, as it does without a terminal. A bad target
  // on the command line is a usage error, as in every other mode. Parsed once, here.
  const request = args.target !== null || args.watch ? diagnosisRequest(args) : null;
  const target = request?.target ?? null;
  const firstFrame = firstFrameText({
    version,
    target,
    symptom: args.symptom,
    color: args.color,
    ascii: args.ascii,
    columns: process.stdout.columns ?? 80,
  });
  if (firstFrame !== null) process.stdout.write(firstFrame);
  // The engine's worker starts on its own thread while this one loads the UI. With a target the first run's
  // request is known (nothing is asked before the probes), so that run starts in it now.
  // It is the app's first walk: its deferrable questions are deferred, as the app's own request will say.
  prewarmEngineWorker(undefined, request !== null ? { ...request, deferQuestions: true } : undefined);
  const { runApp } = await loadUi();
  if (firstFrame !== null) process.stdout.write(eraseFirstFrame);
  let last: Session | null = null;
  const code = await runApp({
    options: args,
    version,
    runner: runInWorker,
    onSession: (session) => {
      last = session;
    },
  });
  if (args.report && last) await (await import('./write-report-file.js')).writeReportFile(args.report, last, version);
  return code;
}
