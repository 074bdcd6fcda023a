import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultOptions } from '../cli/option-table.js';
import type { Session } from '../engine/session.js';

// A user's terminal, whatever runs the tests: Ink draws nothing until it exits when it sees CI, and colours
// must be on for `color: false` to be tested.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  process.env.FORCE_COLOR = '1';
});

const { runInProcess } = await import('../engine/run-in-process.js');
const { runApp } = await import('./run-app.js');
const { keys, settle } = await import('./app-harness.test-helper.js');
const { fakeTerminal } = await import('./fake-terminal.test-helper.js');
const { createTestLab } = await import('./lab-events.test-helper.js');
const { waitFor } = await import('./wait-for.test-helper.js');

const lab = createTestLab();
let exportDir = '';
beforeEach(async () => {
  exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-run-app-watch-'));
});
afterEach(async () => {
  await lab.close();
  await rm(exportDir, { recursive: true, force: true });
});

/** runApp's watch screen on a fake 80×24 terminal, on the real clock: a short interval, real runs. */
function launchWatch(given: {
  target: string;
  color?: boolean;
  timeoutMs?: number;
  onSession?: (session: Session) => void;
}) {
  const terminal = fakeTerminal();
  const exit = runApp({
    options: {
      ...defaultOptions(),
      target: given.target,
      timeoutMs: given.timeoutMs ?? 2000,
      color: given.color ?? true,
      watch: true,
      intervalMs: 200,
    },
    version: '0.0.0-test',
    runner: runInProcess,
    exportDir,
    streams: terminal.streams,
    onSession: given.onSession,
  });
  return {
    ...terminal,
    exit,
    waitForText: (text: string) =>
      waitFor(
        () => terminal.stdout.frame().includes(text),
        () => terminal.stdout.frame(),
      ),
    press: async (...sent: string[]) => {
      for (const key of sent) {
        await settle();
        terminal.stdin.write(key);
      }
      await settle();
    },
  };
}

describe('runApp with watch', () => {
  it('re-runs on its own, hands each session to the caller, and q resolves 0 on a healthy verdict', async () => {
    // Given a watch of a healthy server
    const sessions: Session[] = [];
    const app = launchWatch({
      target: `http://127.0.0.1:${await lab.httpServer(200)}/`,
      onSession: (s) => sessions.push(s),
    });

    // When it has run three times by itself and the user quits
    await app.waitForText('3 runs · 0 changes · 3 healthy');
    await app.press('q');

    // Then the status is the healthy verdict's, the terminal is handed back, and every session was passed on
    expect(await app.exit).toBe(0);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
    expect(app.stdin.listenerCount('readable')).toBe(0);
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    expect(new Set(sessions.map((s) => s.verdict.id))).toEqual(new Set(['healthy']));
  });

  it('draws healthy in green and the problem it turns into in red, and Ctrl-C resolves 1 after that change', async () => {
    // Given a healthy server, watched in colour
    const app = launchWatch({ target: `http://127.0.0.1:${await lab.httpServer(200)}/` });
    await app.waitForText('1 healthy');
    const green = /\u001B\[32m[^\u001B]*The connection works end to end/;
    expect(app.stdout.raw()).toMatch(green);

    // When the server goes away
    await lab.close();
    await app.waitForText('← changed from healthy');

    // Then the verdict is red, and quitting gives the problem's status
    expect(app.stdout.raw()).toMatch(/\u001B\[31m[^\u001B]*Nothing listens on port/);
    await app.press(keys.ctrlC);
    expect(await app.exit).toBe(1);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
  });

  it('draws no colour when asked', async () => {
    const app = launchWatch({ target: `http://127.0.0.1:${await lab.closedPort()}/`, color: false });
    await app.waitForText('no-listener');
    expect(app.stdout.raw()).not.toMatch(/\u001B\[(3[0-79]|9[0-7])m/);
    await app.press('q');
    expect(await app.exit).toBe(1);
  });

  it('quits at once while a run waits, cancelling it', async () => {
    // Given a run waiting on a server that never answers, with a budget far longer than the test
    const app = launchWatch({ target: `http://127.0.0.1:${await lab.silentServer()}/`, timeoutMs: 60_000 });
    await app.waitForText('Send an HTTP request');

    // When the user presses q, the app exits without waiting for the probe: no verdict, so 1
    await app.press('q');
    expect(await app.exit).toBe(1);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
  });
});
