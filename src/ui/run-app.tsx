import { render } from 'ink';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import { createAppController, startIfReady, stopWalk } from './app-actions.js';
import { App } from './App.js';
import { makeTheme, ThemeContext } from './theme.js';

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
  /** Terminal streams; process.stdin/stdout/stderr by default (tests pass their own). */
  streams?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
}

/**
 * The interactive app: renders it with Ink, lets the user walk the diagnosis, and resolves with the exit status
 * once they quit (`q`, Esc or Ctrl-C): 0 when the verdict on screen is healthy, 1 for a diagnosed problem and
 * also when they quit before any verdict, 3 after an internal error. By then Ink has unmounted and given the
 * terminal back (raw mode off, cursor shown); the last frame stays on screen. The caller exits the process.
 */
export async function runApp(options: RunAppOptions): Promise<number> {
  const controller = createAppController(
    {
      runner: options.runner,
      timeoutMs: options.timeoutMs,
      dnsServer: options.dnsServer,
      caFile: options.caFile ?? null,
      repeat: options.repeat ?? null,
      version: options.version,
      exportDir: options.exportDir ?? process.cwd(),
      onSession: options.onSession,
    },
    { target: options.target, symptom: options.symptom },
  );
  // Start the probes first: they run on the engine's thread while this one paints the first frame.
  startIfReady(controller);
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: options.color, ascii: options.ascii })}>
      <App controller={controller} version={options.version} />
    </ThemeContext.Provider>,
    // Stray console output goes above the app rather than through it; with streams of its own (tests, an
    // embedding host) the console is not the app's to take over.
    { ...options.streams, exitOnCtrlC: false, patchConsole: options.streams === undefined },
  );
  try {
    const code: unknown = await instance.waitUntilExit();
    return typeof code === 'number' ? code : 1;
  } finally {
    // However the app ended (quit, or an error thrown while rendering), no probe may outlive it.
    stopWalk(controller);
    instance.cleanup();
  }
}
