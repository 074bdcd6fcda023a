import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultOptions } from '../cli/option-table.js';
import type { Session } from '../engine/session.js';

// A user's terminal, whatever runs the tests: Ink draws nothing until it exits when it sees CI (the real app
// never runs there: CI implies --no-interactive), and colours must be on for `color: false` to be tested.
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
  exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-run-app-'));
});
afterEach(async () => {
  await lab.close();
  await rm(exportDir, { recursive: true, force: true });
});

/** runApp on a fake 80×24 terminal, with a way to type and to wait for what it draws. */
function launch(given: {
  target: string | null;
  symptom: string | null;
  color?: boolean;
  ascii?: boolean;
  timeoutMs?: number;
  onSession?: (session: Session) => void;
  firstFrameWaitMs?: number;
}) {
  const terminal = fakeTerminal();
  const exit = runApp({
    options: {
      ...defaultOptions(),
      target: given.target,
      symptom: given.symptom,
      timeoutMs: given.timeoutMs ?? 2000,
      color: given.color ?? true,
      ascii: given.ascii ?? false,
    },
    version: '0.0.0-test',
    runner: runInProcess,
    exportDir,
    streams: terminal.streams,
    onSession: given.onSession,
    firstFrameWaitMs: given.firstFrameWaitMs,
  });
  let code: number | null = null;
  void exit.then((c) => (code = c));
  return {
    ...terminal,
    exit,
    exited: () => code !== null,
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

describe('runApp', () => {
  it('resolves 0 when the user quits on a healthy verdict, handing the terminal back', async () => {
    // Given a healthy HTTP server and the app started on it
    const app = launch({ target: `http://127.0.0.1:${await lab.httpServer(200)}/`, symptom: 'ECONNRESET' });
    await app.waitForText('Everything works from here right now.');

    // When the user takes the default answer, then quits on the verdict
    await app.press(keys.enter);
    await app.waitForText('The connection works end to end');
    await app.press('q');

    // Then the exit status says healthy, raw mode is off and the cursor shown again
    expect(await app.exit).toBe(0);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
    expect(app.stdout.raw().lastIndexOf('\u001B[?25h')).toBeGreaterThan(app.stdout.raw().lastIndexOf('\u001B[?25l'));
    expect(app.stdin.listenerCount('readable')).toBe(0);
  });

  it('resolves 1 on Esc at a verdict that names a problem', async () => {
    const app = launch({ target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: null });
    await app.waitForText('502 from a proxy or gateway');
    await app.press(keys.escape);
    expect(await app.exit).toBe(1);
  });

  it('resolves 1 when the user quits with Esc before giving a target', async () => {
    const app = launch({ target: null, symptom: null });
    await app.waitForText('What do you want to connect to?');
    await app.press('q');
    expect(app.exited()).toBe(false); // q is a letter in the target prompt
    await app.press(keys.escape);
    expect(await app.exit).toBe(1);
  });

  it('quits on Ctrl-C in the middle of typing a target', async () => {
    const app = launch({ target: null, symptom: null });
    await app.waitForText('What do you want to connect to?');
    await app.press(...'local', keys.ctrlC);
    expect(await app.exit).toBe(1);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
  });

  it('quits on Ctrl-C while a probe waits, cancelling it, and resolves 1', async () => {
    // Given a probe waiting on a server that never answers, with a budget far longer than the test
    const port = await lab.silentServer();
    const app = launch({ target: `http://127.0.0.1:${port}/`, symptom: 'ETIMEDOUT', timeoutMs: 60_000 });
    await app.waitForText('Send an HTTP request');

    // When the user presses Ctrl-C
    await app.press(keys.ctrlC);

    // Then the app exits without waiting for the probe: no verdict, so 1
    expect(await app.exit).toBe(1);
    expect(app.stdin.rawModes.at(-1)).toBe(false);
  });

  it('draws the verdict as its first frame when the probes end during the first-frame wait', async () => {
    // Given a target the probes diagnose on their own, and a wait longer than the walk can take
    const port = await lab.closedPort();
    const app = launch({ target: `127.0.0.1:${port}`, symptom: null, firstFrameWaitMs: 60_000 });
    await app.waitForText(`Nothing listens on port ${port}`);

    // Then the first thing Ink drew was the verdict: no frame of the step list came before it
    const frames = app.stdout.writes.map((w) => w.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]/g, '')).filter((w) => w.trim());
    expect(frames[0]).toContain(`Nothing listens on port ${port}`);
    await app.press('q');
    expect(await app.exit).toBe(1);
  });

  it('draws the steps of a walk still under way once the first-frame wait is over, before any verdict', async () => {
    // Given a probe waiting on a server that never answers, and a short wait
    const port = await lab.silentServer();
    const app = launch({ target: `http://127.0.0.1:${port}/`, symptom: null, timeoutMs: 60_000, firstFrameWaitMs: 20 });

    // Then the step list is drawn while the probe still waits
    await app.waitForText('Send an HTTP request');
    await app.press(keys.ctrlC);
    expect(await app.exit).toBe(1);
  });

  it('writes an exported report into the folder it was given, and hands each session to the caller', async () => {
    const sessions: Session[] = [];
    const app = launch({
      target: `http://127.0.0.1:${await lab.httpServer(502)}/`,
      symptom: 'ECONNRESET',
      onSession: (s) => sessions.push(s),
    });
    await app.waitForText('[e] export');
    await app.press('e', 'j');
    await app.waitForText('Report written to');
    expect((await readdir(exportDir)).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    await app.press('q');
    expect(await app.exit).toBe(1);
    expect(sessions.map((s) => s.verdict.id)).toEqual(['http-upstream-error']);
  });

  it('draws without colour when asked, and with ASCII marks only', async () => {
    // Given the same verdict drawn with and without colour
    const port = await lab.httpServer(502);
    const colored = launch({ target: `http://127.0.0.1:${port}/`, symptom: 'ECONNRESET' });
    await colored.waitForText('[e] export');
    const plain = launch({ target: `http://127.0.0.1:${port}/`, symptom: 'ECONNRESET', color: false, ascii: true });
    await plain.waitForText('[e] export');

    // Then only the coloured one sets foreground colours, and the plain one draws ASCII marks and diagram
    const foreground = /\u001B\[(3[0-79]|9[0-7])m/;
    expect(colored.stdout.raw()).toMatch(foreground);
    expect(plain.stdout.raw()).not.toMatch(foreground);
    expect(plain.stdout.frame()).toMatch(/^x 502 from a proxy/m);
    expect(plain.stdout.frame()).not.toMatch(/[✓✗•→│▶◀]/);

    await colored.press('q');
    await plain.press('q');
    expect([await colored.exit, await plain.exit]).toEqual([1, 1]);
  });
});
