import { render } from 'ink';
import type { ReactElement } from 'react';
import { exitStatus } from '../engine/exit-status.js';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import { type Options, probeSettingsOf } from '../shared/options.js';
import { createAppController, startIfReady, stopWalk, type AppActionOptions } from './app-actions.js';
import { App } from './App.js';
import type { UiStore } from './store.js';
import { makeTheme, ThemeContext } from './theme.js';
import { createWatchController, runNow, stopWatch, type WatchClock } from './watch-actions.js';
import { WatchApp } from './WatchApp.js';

// The demo's scenario list is loaded with the app (run-interactive imports this module, or dist/ui.js).
export { pickScenario } from './pick-scenario.js';
// A sweep's live table is loaded with the app too: one UI bundle, which a sweep loads only in a terminal.
export { runSweepTable } from './sweep-table-app.js';

export interface RunAppOptions {
  /**
   * The command line's options, as parsed, passed on untouched: the target (null to ask for it; an invalid one is
   * shown in the prompt with its error), the symptom (null to ask "What did you see?"), the probe settings,
   * colours and ASCII marks (the caller decided), and `watch` with its interval.
   */
  options: Options;
  version: string;
  runner: DiagnosisRunner;
  /** Where exported reports are written; the current folder by default. */
  exportDir?: string;
  /**
   * Told of every session that reaches a verdict, the last one being what was on screen at exit: for
   * `--report <file>`, which the caller writes (after the app exits, or on each call).
   */
  onSession?: (session: Session) => void;
  /** The watch screen's clock, for tests; the system's by default. */
  clock?: WatchClock;
  /** Terminal streams; process.stdin/stdout/stderr by default (tests pass their own). */
  streams?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
  /** How long the first frame waits for the verdict of a walk under way (FIRST_FRAME_WAIT_MS by default). */
  firstFrameWaitMs?: number;
}

/**
 * How long the guided app holds its first frame while the probes it started run, so that a verdict known by then
 * is the first frame. Nothing is asked before the probes, and a refused or reset target has its verdict a few ms
 * after the UI has loaded: drawing the step list first cost a cold render of it, Ink's input set-up and a render
 * per step before the verdict's own (measured 15-25 ms on a loaded 2-core machine). Meanwhile the header line is
 * on screen (src/cli/first-frame.ts); a longer walk shows its steps after this wait, a question at once.
 */
export const FIRST_FRAME_WAIT_MS = 100;

/**
 * The interactive app: renders it with Ink, lets the user walk the diagnosis (or watch it, with `watch`), and
 * resolves with the exit status once they quit (`q`, Esc or Ctrl-C): 0 when the verdict on screen is healthy, 1
 * for a diagnosed problem and also when they quit before any verdict, 3 after an internal error. By then Ink
 * has unmounted and given the terminal back (raw mode off, cursor shown); the last frame stays on screen. The
 * caller exits the process.
 */
export async function runApp(options: RunAppOptions): Promise<number> {
  // `--watch`: instead of the guided walk, the watch screen diagnoses the target (required) again and again,
  // questions answered with their defaults.
  const screen = options.options.watch ? watchScreen(options) : guidedScreen(options);
  await screen.drawable(options.firstFrameWaitMs ?? FIRST_FRAME_WAIT_MS);
  const { color, ascii } = options.options;
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color, ascii })}>{screen.element}</ThemeContext.Provider>,
    // Stray console output goes above the app rather than through it; with streams of its own (tests, an
    // embedding host) the console is not the app's to take over. Ink's default 30 frames a second held the verdict
    // back by up to 34 ms when it came just after a frame of the step list (traced in a pty); at 120 that wait is
    // at most 9 ms, and the app's few updates (a step, a key) still come together in one frame.
    { ...options.streams, exitOnCtrlC: false, patchConsole: options.streams === undefined, maxFps: 120 },
  );
  try {
    const code: unknown = await instance.waitUntilExit();
    return typeof code === 'number' ? code : exitStatus.problem;
  } finally {
    // However the app ended (quit, or an error thrown while rendering), no probe or timer may outlive it.
    screen.stop();
    instance.cleanup();
  }
}

/** What runApp renders, already started, and how to stop whatever it runs. */
interface Screen {
  element: ReactElement;
  stop: () => void;
  /** Resolves when the first frame should be drawn, waiting at most `waitMs`. */
  drawable: (waitMs: number) => Promise<void>;
}

/** What both screens' actions take from the app's options. */
function actionOptions(options: RunAppOptions): AppActionOptions {
  return {
    runner: options.runner,
    ...probeSettingsOf(options.options),
    version: options.version,
    exportDir: options.exportDir ?? process.cwd(),
    onSession: options.onSession,
  };
}

function guidedScreen(options: RunAppOptions): Screen {
  const { target, symptom } = options.options;
  const controller = createAppController(actionOptions(options), { target, symptom });
  // Start the probes first: they run on the engine's thread while this one paints the first frame.
  startIfReady(controller);
  return {
    element: <App controller={controller} version={options.version} />,
    stop: () => stopWalk(controller),
    drawable: (waitMs) => untilPastRunning(controller.store, waitMs),
  };
}

/** Resolves once the walk is past its probes (a verdict, a question, an error), or after `waitMs`. */
function untilPastRunning(store: UiStore, waitMs: number): Promise<void> {
  if (store.getState().phase !== 'running') return Promise.resolve();
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    unsubscribe = store.subscribe((state) => {
      if (state.phase !== 'running') done();
    });
  });
}

function watchScreen(options: RunAppOptions): Screen {
  const { target, symptom, intervalMs } = options.options;
  if (target === null) throw new Error('the watch screen needs a target');
  const controller = createWatchController({
    ...actionOptions(options),
    target,
    symptom,
    intervalMs,
    clock: options.clock,
  });
  runNow(controller);
  return {
    element: <WatchApp controller={controller} version={options.version} />,
    stop: () => stopWatch(controller),
    drawable: () => Promise.resolve(),
  };
}
