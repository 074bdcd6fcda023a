import { render } from 'ink';
import type { SweepSession, SweepTarget } from '../engine/run-sweep.js';
import { followRound, stopRound, type SweepController, type SweepRound } from './sweep-actions.js';
import { createSweepStore, endSweepWait, initialSweepState, type SweepRepeat } from './sweep-store.js';
import { SweepApp } from './SweepApp.js';
import { makeTheme, ThemeContext } from './theme.js';

export interface SweepTableOptions {
  /** The sweep's rows, in the order given: the table shows them before any has started. */
  targets: readonly Pick<SweepTarget, 'source' | 'input'>[];
  /** The first round, already under way (the CLI starts it before the UI loads). */
  round: SweepRound;
  /**
   * For a sweep that repeats (a watch, a wait): called when a round has finished, with its sweep; resolves with the
   * next round, started, or null when there is none (the table then stays until the user quits). It may wait (an
   * interval) and must give up when `signal` aborts: the user quit. Absent: one round.
   */
  nextRound?: (last: SweepSession, signal: AbortSignal) => Promise<SweepRound | null>;
  /**
   * How the rounds repeat, for the line under the header (`--wait`: round, time left; `--watch`: round, interval).
   * With `wait`, the table also closes by itself once `nextRound` gives null (every row healthy, or the time up),
   * its last frame left on screen; without, it stays until the user quits.
   */
  repeat?: SweepRepeat;
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
 * The sweep's live table in the terminal: renders it with Ink, follows the round (and the next ones, with
 * `nextRound`), and resolves once the user quits (`q` on the table, Ctrl-C), or a wait ends by itself, with the last round's sweep:
 * finished, or cancelled when they quit while it ran (its rows still running then are unfinished, `cancelled`). By
 * then Ink has given the terminal back and erased its frame (SweepApp draws nothing once quitting): the caller
 * prints the table as text, which the scrollback keeps, and reads the exit status from it.
 */
export async function runSweepTable(options: SweepTableOptions): Promise<SweepSession> {
  const ctl: SweepController = {
    store: createSweepStore(initialSweepState(options.targets, options.deadlineMs, options.repeat ?? null)),
    version: options.version,
    exportDir: options.exportDir ?? process.cwd(),
    round: null,
  };
  const quit = new AbortController();
  const sweep = followRounds(ctl, options, quit.signal).then((last) => {
    if (options.repeat?.wait && !quit.signal.aborted && !ctl.store.getState().quitting) endSweepWait(ctl.store);
    return last;
  });
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
    quit.abort();
    stopRound(ctl);
    instance.cleanup();
  }
  return sweep;
}

/** The first round, then each next one, until there is none or the user quits; resolves with the last sweep. */
async function followRounds(
  ctl: SweepController,
  options: SweepTableOptions,
  quit: AbortSignal,
): Promise<SweepSession> {
  let last = await followRound(ctl, options.round);
  while (options.nextRound && !quit.aborted) {
    const next = await options.nextRound(last, quit);
    if (next === null) break;
    if (quit.aborted) {
      next.cancel();
      last = await next.session;
      break;
    }
    last = await followRound(ctl, next);
  }
  return last;
}
