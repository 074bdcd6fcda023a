import { render } from 'ink';
import type { ReactElement } from 'react';
import { exitStatus } from '../engine/exit-status.js';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import { createAppController, startIfReady, stopWalk, type AppActionOptions } from './app-actions.js';
import { App } from './App.js';
import { makeTheme, ThemeContext } from './theme.js';
import { createWatchController, runNow, stopWatch, type WatchClock } from './watch-actions.js';
import { WatchApp } from './WatchApp.js';

export interface RunAppOptions {
  /** The target from the command line; null to ask for it. An invalid one is shown in the prompt with its error. */
  target: string | null;
  /** `--symptom`; null to ask "What did you see?". */
  symptom: string | null;
  timeoutMs: number;
  dnsServer: string | null;
  /** `--ca`: extra trusted CA certificates (PEM file). */
  caFile?: string | null;
  /** `--repeat`: connects in a row for the stability check. */
  repeat?: number | null;
  /** Colours; false for `--no-color`, `NO_COLOR` or a terminal without them (the caller decides). */
  color: boolean;
  /** ASCII marks, spinner and diagram. */
  ascii: boolean;
  version: string;
  runner: DiagnosisRunner;
  /** Where exported reports are written; the current folder by default. */
  exportDir?: string;
  /**
   * Told of every session that reaches a verdict, the last one being what was on screen at exit: for
   * `--report <file>`, which the caller writes (after the app exits, or on each call).
   */
  onSession?: (session: Session) => void;
  /**
   * `--watch`: instead of the guided walk, the watch screen diagnoses `target` (required) again every
   * `intervalMs`, questions answered with their defaults. `clock` is for tests.
   */
  watch?: { intervalMs: number; clock?: WatchClock };
  /** Terminal streams; process.stdin/stdout/stderr by default (tests pass their own). */
  streams?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
}

/**
 * The interactive app: renders it with Ink, lets the user walk the diagnosis (or watch it, with `watch`), and
 * resolves with the exit status once they quit (`q`, Esc or Ctrl-C): 0 when the verdict on screen is healthy, 1
 * for a diagnosed problem and also when they quit before any verdict, 3 after an internal error. By then Ink
 * has unmounted and given the terminal back (raw mode off, cursor shown); the last frame stays on screen. The
 * caller exits the process.
 */
export async function runApp(options: RunAppOptions): Promise<number> {
  const screen = options.watch ? watchScreen(options, options.watch) : guidedScreen(options);
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: options.color, ascii: options.ascii })}>
      {screen.element}
    </ThemeContext.Provider>,
    // Stray console output goes above the app rather than through it; with streams of its own (tests, an
    // embedding host) the console is not the app's to take over.
    { ...options.streams, exitOnCtrlC: false, patchConsole: options.streams === undefined },
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
}

/** What both screens' actions take from the app's options. */
function actionOptions(options: RunAppOptions): AppActionOptions {
  return {
    runner: options.runner,
    timeoutMs: options.timeoutMs,
    dnsServer: options.dnsServer,
    caFile: options.caFile ?? null,
    repeat: options.repeat ?? null,
    version: options.version,
    exportDir: options.exportDir ?? process.cwd(),
    onSession: options.onSession,
  };
}

function guidedScreen(options: RunAppOptions): Screen {
  const controller = createAppController(actionOptions(options), { target: options.target, symptom: options.symptom });
  // Start the probes first: they run on the engine's thread while this one paints the first frame.
  startIfReady(controller);
  return { element: <App controller={controller} version={options.version} />, stop: () => stopWalk(controller) };
}

function watchScreen(options: RunAppOptions, watch: { intervalMs: number; clock?: WatchClock }): Screen {
  if (options.target === null) throw new Error('the watch screen needs a target');
  const controller = createWatchController({
    ...actionOptions(options),
    target: options.target,
    symptom: options.symptom,
    intervalMs: watch.intervalMs,
    clock: watch.clock,
  });
  runNow(controller);
  return { element: <WatchApp controller={controller} version={options.version} />, stop: () => stopWatch(controller) };
}
