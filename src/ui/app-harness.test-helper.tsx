import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { runInProcess } from '../engine/run-in-process.js';
import { createAppController, startIfReady, stopWalk, type AppController } from './app-actions.js';
import { App } from './App.js';
import { makeTheme, ThemeContext } from './theme.js';
import { waitFor } from './wait-for.test-helper.js';

/**
 * A few turns of the event loop: Ink subscribes input handlers in passive effects, which React runs after the
 * frame is written, so a key sent the moment a frame appears could reach the previous screen's handler.
 */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Keys as a terminal sends them. */
export const keys = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  ctrlC: '\u0003',
  backspace: '\u007F',
};

export interface AppHarness {
  ctl: AppController;
  frame: () => string;
  /** Every frame drawn so far, oldest first. */
  frames: string[];
  /** Sends each key in turn, letting React subscribe the new screen's input handlers in between. */
  press: (...keys: string[]) => Promise<void>;
  waitForText: (text: string | RegExp) => Promise<void>;
  exportDir: string;
  close: () => Promise<void>;
}

/** The whole App under ink-testing-library (100 columns), driving the real engine in process. */
export async function renderApp(given: {
  target: string | null;
  symptom: string | null;
  color?: boolean;
  ascii?: boolean;
  timeoutMs?: number;
}): Promise<AppHarness> {
  const exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-ui-'));
  const ctl = createAppController(
    { runner: runInProcess, timeoutMs: given.timeoutMs ?? 2000, dnsServer: null, version: '0.0.0-test', exportDir },
    { target: given.target, symptom: given.symptom },
  );
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: given.color ?? false, ascii: given.ascii ?? false })}>
      <App controller={ctl} version="0.0.0-test" />
    </ThemeContext.Provider>,
  );
  startIfReady(ctl);
  const frame = () => instance.lastFrame() ?? '';
  return {
    ctl,
    frame,
    frames: instance.frames,
    press: async (...sent) => {
      for (const key of sent) {
        await settle();
        instance.stdin.write(key);
      }
      await settle();
    },
    waitForText: (text) =>
      waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), frame),
    exportDir,
    close: async () => {
      stopWalk(ctl);
      instance.unmount();
      instance.cleanup();
      await rm(exportDir, { recursive: true, force: true });
    },
  };
}
