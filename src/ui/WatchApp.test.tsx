import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToString } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import { keys, settle } from './app-harness.test-helper.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { makeTheme, ThemeContext } from './theme.js';
import { waitFor } from './wait-for.test-helper.js';
import { createWatchController, runNow, stopWatch, systemClock } from './watch-actions.js';
import { countingRunner, manualClock } from './watch-clock.test-helper.js';
import { watchEvent, watchRunFinished, watchRunStarted, type WatchState } from './watch-store.js';
import { WatchApp } from './WatchApp.js';

const lab = createTestLab();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await lab.close();
});

/** The watch screen under ink-testing-library (100 columns), the real engine in process, timers fired by hand. */
async function startWatch(target: string) {
  const time = manualClock();
  const { runner, counts } = countingRunner();
  const exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-watch-ui-'));
  const ctl = createWatchController({
    runner,
    target,
    symptom: null,
    timeoutMs: 2000,
    dnsServer: null,
    intervalMs: 3000,
    version: '0.0.0-test',
    exportDir,
    clock: time.clock,
  });
  runNow(ctl);
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: false, ascii: false })}>
      <WatchApp controller={ctl} version="0.0.0-test" />
    </ThemeContext.Provider>,
  );
  cleanups.push(async () => {
    stopWatch(ctl);
    instance.unmount();
    instance.cleanup();
    await rm(exportDir, { recursive: true, force: true });
  });
  const frame = () => instance.lastFrame() ?? '';
  return {
    ctl,
    time,
    counts,
    exportDir,
    frame,
    waitForText: (text: string | RegExp) =>
      waitFor(() => (typeof text === 'string' ? frame().includes(text) : text.test(frame())), frame),
    press: async (...sent: string[]) => {
      for (const key of sent) {
        await settle();
        instance.stdin.write(key);
      }
      await settle();
    },
  };
}

describe('WatchApp', () => {
  it('shows the latest verdict, counts the runs, and marks the run where the verdict changed', async () => {
    // Given a watch of a healthy HTTP server, after its first run
    const port = await lab.httpServer(200);
    const app = await startWatch(`http://127.0.0.1:${port}/`);
    await app.waitForText('1 run · 0 changes · 1 healthy · 0 failed');
    expect(app.frame()).toContain('✓ The connection works end to end  healthy');
    expect(app.frame()).toContain('Next run in 3 s');
    expect(app.frame()).not.toContain('changed from');

    // When the server goes away and the next run comes due
    await lab.close();
    app.time.fire();

    // Then the verdict on screen follows, and the new run, first in the history, is marked as a change
    await app.waitForText('2 runs · 1 change · 1 healthy · 1 failed');
    const frame = app.frame();
    expect(frame).toContain(`✗ Nothing listens on port ${port}  no-listener`);
    const history = frame.split('\n').filter((line) => /^\d\d:\d\d:\d\d /.test(line));
    expect(history).toHaveLength(2);
    expect(history[0]).toMatch(/ no-listener {2}← changed from healthy$/);
    expect(history[1]).toMatch(/ healthy\s*$/);

    // And a third run with the same verdict is not marked
    app.time.fire();
    await app.waitForText('3 runs · 1 change');
    expect(
      app
        .frame()
        .split('\n')
        .filter((line) => line.includes('changed from')),
    ).toHaveLength(1);
  });

  it('shows the steps of the run under way, live', async () => {
    const app = await startWatch(`http://127.0.0.1:${await lab.silentServer()}/`);
    await app.waitForText(/Send an HTTP request/);
    expect(app.frame()).toContain('First run under way');
    expect(app.frame()).toMatch(/✓ 127\.0\.0\.1:\d+ open in/);
    expect(app.frame()).not.toContain('Next run in');
  });

  it('p pauses: the next run never comes until p again', async () => {
    // Given a watch between runs
    const app = await startWatch(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    await app.waitForText('Next run in');

    // When the user presses p
    await app.press('p');

    // Then nothing is scheduled, the screen says so, and the key bar offers to resume
    expect(app.frame()).toContain('Paused');
    expect(app.frame()).toContain('[p] resume');
    expect(app.frame()).not.toContain('Next run in');
    expect(app.time.pending()).toBe(0);
    expect(app.counts.started).toBe(1);

    // When they press p again, a run starts at once
    await app.press('p');
    await app.waitForText('2 runs');
    expect(app.frame()).toContain('[p] pause');
  });

  it('r runs now', async () => {
    const app = await startWatch(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    await app.waitForText('1 run ·');
    await app.press('r');
    await app.waitForText('2 runs ·');
    expect(app.counts).toMatchObject({ started: 2, maxActive: 1 });
  });

  it('e exports the latest session in the format picked, and Esc cancels the choice', async () => {
    // Given a watch that diagnosed a refused port
    const app = await startWatch(`http://127.0.0.1:${await lab.closedPort()}/`);
    await app.waitForText('[e] export');

    // When the user presses e, then Esc, the choice goes away; e then m writes Markdown
    await app.press('e');
    expect(app.frame()).toContain('[m] Markdown  [j] JSON  [h] HTML  [Esc] cancel  [q] quit');
    await app.press(keys.escape);
    expect(app.frame()).toContain('[p] pause');
    await app.press('e', 'm');

    // Then the report is in the export folder, and the screen says where
    await app.waitForText('Report written to');
    const [file] = await readdir(app.exportDir);
    expect(file).toMatch(/^conn-doctor-127\.0\.0\.1-\d+-\d{8}-\d{6}\.md$/);
    expect(await readFile(join(app.exportDir, file!), 'utf8')).toContain('no-listener');
  });
});

describe('WatchApp layout', () => {
  let states: { name: string; state: Partial<WatchState> }[];
  beforeAll(async () => {
    // Real sessions: a healthy server, then the same port refused, alternating past what the screen can hold.
    const healthy = await recordDiagnosis(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    const refused = await recordDiagnosis(`http://127.0.0.1:${await lab.closedPort()}/`);
    const base = createWatchController({
      runner: () => ({ session: new Promise<Session>(() => {}), cancel: () => {} }),
      target: 'http://127.0.0.1:8080/',
      symptom: 'ECONNREFUSED',
      timeoutMs: 1,
      dnsServer: null,
      intervalMs: 5000,
      version: '0',
      exportDir: '.',
    }).store.getState();
    const sessions = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? healthy.session : refused.session));
    const many = sessions.reduce((s, session) => watchRunFinished(watchRunStarted(s), session), base);
    const midway = refused.events.reduce(watchEvent, watchRunStarted(many));
    states = [
      { name: 'first run', state: { ...watchRunStarted(base), steps: midway.steps } },
      { name: 'between runs', state: { ...many, nextRunAt: systemClock.now() + 5000 } },
      { name: 'running', state: midway },
      {
        name: 'paused, failed, exported',
        state: {
          ...many,
          paused: true,
          error: 'the engine worker crashed: out of memory',
          exportStatus: { kind: 'written', path: join(process.cwd(), 'conn-doctor-127.0.0.1-8080-20250101-120000.md') },
        },
      },
      { name: 'exporting', state: { ...many, exporting: true } },
    ];
  });

  function draw(state: Partial<WatchState>, columns: number, rows: number, ascii = false): string[] {
    const ctl = createWatchController({
      runner: () => ({ session: new Promise<Session>(() => {}), cancel: () => {} }),
      target: 'http://127.0.0.1:8080/',
      symptom: 'ECONNREFUSED',
      timeoutMs: 1,
      dnsServer: null,
      intervalMs: 5000,
      version: '0.1.0',
      exportDir: '.',
    });
    ctl.store.setState(state);
    return renderToString(
      <ThemeContext.Provider value={makeTheme({ color: false, ascii })}>
        <WatchApp controller={ctl} version="0.1.0" size={{ columns, rows }} />
      </ThemeContext.Provider>,
      { columns },
    ).split('\n');
  }

  it.each([80, 60, 40])('fits every state in %i×24 without overflowing, the key bar last', (columns) => {
    for (const { name, state } of states) {
      for (const ascii of [false, true]) {
        const lines = draw(state, columns, 24, ascii);
        const shown = `${name} (${columns}, ascii ${ascii}):\n${lines.join('\n')}`;
        expect(Math.max(...lines.map((line) => [...line].length)), shown).toBeLessThanOrEqual(columns);
        expect(lines.length, shown).toBeLessThan(24);
        expect(lines.at(-1), shown).toContain('[q] quit');
      }
    }
  });

  it('shows up to 8 runs, most recent first, the totals counting them all', () => {
    const lines = draw(states[1]!.state, 80, 24);
    const history = lines.filter((line) => /^\d\d:\d\d:\d\d /.test(line));
    expect(history).toHaveLength(8);
    expect(lines).toContain('12 runs · 7 changes · 4 healthy · 8 failed');
    expect(history[0]).toMatch(/ healthy +← changed from no-listener$/);
    expect(history[1]).toMatch(/no-listener\s*$/);
  });

  it('keeps the change marks whole on a narrow terminal, dropping the durations instead', () => {
    const lines = draw(states[1]!.state, 40, 24);
    const history = lines.filter((line) => /^\d\d:\d\d:\d\d /.test(line));
    expect(history[0]).toMatch(/^\d\d:\d\d:\d\d {2}healthy +← was no-listener$/);
    expect(history.filter((line) => line.endsWith('← was healthy'))).not.toHaveLength(0);
    expect(lines.join('\n')).not.toMatch(/ ms /);
    expect(lines.join('\n')).toContain('12 runs · 7 changes · 4 healthy · 8');
  });

  it('gives up history lines before anything else on a short terminal', () => {
    const lines = draw(states[1]!.state, 80, 16);
    expect(lines.length).toBeLessThan(16);
    expect(lines.filter((line) => /^\d\d:\d\d:\d\d /.test(line)).length).toBeGreaterThan(0);
    expect(lines.filter((line) => /^\d\d:\d\d:\d\d /.test(line)).length).toBeLessThan(8);
    expect(lines.join('\n')).toContain('✓ The connection works end to end  healthy');
  });
});
