import { render } from 'ink';
import type { SweepSession, SweepTarget } from '../engine/run-sweep.js';
import { followRound, stopRound, type SweepController, type SweepRound } from './sweep-actions.js';
import { createSweepStore, initialSweepState } from './sweep-store.js';
import { SweepApp } from './SweepApp.js';
import { makeTheme, ThemeContext } from './theme.js';

export interface SweepTableOptions {
  /** The sweep's rows, in the order given: the table shows them before any has started. */
  targets: readonly Pick<SweepTarget, 'source' | 'input'>[];
  /** The first round, already under way (the CLI starts it before the UI loads). */
  round: SweepRound;
  /** The deadline the rows run under, in ms: an unfinished row's words name it. */
  deadlineMs: number;
  version: string;
  color: boolean;
  ascii: boolean;
  /** Where exported reports are written; the current folder by default. */
  exportDir?: string;
  /** Terminal streams; process.stdin/stdout/stderr by default (tests pass their own). */
  streams?: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream };
}

/**
 * The sweep's live table in the terminal: renders it with Ink, follows the round, and resolves once the user quits
 * (`q`, Esc on the table, Ctrl-C) with the round's sweep: finished, or cancelled when they quit while it ran (its
 * rows still running then are unfinished, `cancelled`). By then Ink has given the terminal back and erased its
 * frame (SweepApp draws nothing once quitting): the caller prints the table as text, which the scrollback keeps,
 * and reads the exit status from it.
 */
export async function runSweepTable(options: SweepTableOptions): Promise<SweepSession> {
  const ctl: SweepController = {
    store: createSweepStore(initialSweepState(options.targets, options.deadlineMs)),
    version: options.version,
    exportDir: options.exportDir ?? process.cwd(),
    round: null,
  };
  const sweep = followRound(ctl, options.round);
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: options.color, ascii: options.ascii })}>
      <SweepApp controller={ctl} />
    </ThemeContext.Provider>,
    // As the single diagnosis's app: Ctrl-C quits through the app, and stray console output goes above it.
    { ...options.streams, exitOnCtrlC: false, patchConsole: options.streams === undefined, maxFps: 30 },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    stopRound(ctl);
    instance.cleanup();
  }
  return sweep;
}
