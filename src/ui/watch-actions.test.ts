import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import { createTestLab } from './lab-events.test-helper.js';
import {
  createWatchController,
  exportLatest,
  runNow,
  stopWatch,
  togglePause,
  type WatchController,
} from './watch-actions.js';
import { countingRunner, manualClock } from './watch-clock.test-helper.js';
import { beginWatchExport } from './watch-store.js';
import { waitFor } from './wait-for.test-helper.js';

const lab = createTestLab();
const controllers: WatchController[] = [];
const dirs: string[] = [];
afterEach(async () => {
  controllers.splice(0).forEach(stopWatch);
  await lab.close();
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function watch(target: string, options: { timeoutMs?: number } = {}) {
  const time = manualClock();
  const { runner, counts } = countingRunner();
  const exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-watch-'));
  dirs.push(exportDir);
  const sessions: Session[] = [];
  const ctl = createWatchController({
    runner,
    target,
    symptom: null,
    timeoutMs: options.timeoutMs ?? 2000,
    dnsServer: null,
    intervalMs: 5000,
    version: '0.0.0-test',
    exportDir,
    onSession: (s) => sessions.push(s),
    clock: time.clock,
  });
  controllers.push(ctl);
  /** Waits until `n` runs reached a verdict and none is under way. */
  const runEnded = (n: number) => waitFor(() => ctl.store.getState().counts.runs >= n && !ctl.store.getState().running);
  return { ctl, time, counts, sessions, exportDir, runEnded };
}

describe('watch actions', () => {
  it('runs, then schedules the next run an interval after the last one ended, never two at once', async () => {
    // Given a watch of a healthy server
    const w = await watch(`http://127.0.0.1:${await lab.httpServer(200)}/`);

    // When it starts, and r is pressed while the first run is under way
    runNow(w.ctl);
    runNow(w.ctl);
    expect(w.ctl.store.getState().running).toBe(true);
    await w.runEnded(1);

    // Then one run ran, and the next is due one interval after it ended
    expect(w.counts.started).toBe(1);
    expect(w.time.pending()).toBe(1);
    expect(w.ctl.store.getState().nextRunAt).toBe(w.time.clock.now() + 5000);
    expect(w.time.nextAt()).toBe(w.time.clock.now() + 5000);

    // When the interval passes twice
    w.time.fire();
    await w.runEnded(2);
    w.time.fire();
    await w.runEnded(3);
    expect(w.counts).toMatchObject({ started: 3, maxActive: 1 });
    expect(w.sessions.map((s) => s.verdict.id)).toEqual(['healthy', 'healthy', 'healthy']);
  });

  it('r runs at once, replacing the scheduled run rather than adding one', async () => {
    const w = await watch(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    runNow(w.ctl);
    await w.runEnded(1);
    runNow(w.ctl);
    expect(w.time.pending()).toBe(0);
    await w.runEnded(2);
    expect(w.time.pending()).toBe(1);
    expect(w.counts.started).toBe(2);
  });

  it('pausing stops the next run; resuming runs at once and schedules again', async () => {
    // Given a watch between runs
    const w = await watch(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    runNow(w.ctl);
    await w.runEnded(1);

    // When paused, no run is scheduled
    togglePause(w.ctl);
    expect(w.time.pending()).toBe(0);
    expect(w.ctl.store.getState()).toMatchObject({ paused: true, nextRunAt: null });
    expect(w.time.fire()).toBe(false);
    expect(w.counts.started).toBe(1);

    // When resumed, a run starts at once and the next is scheduled after it
    togglePause(w.ctl);
    expect(w.counts.started).toBe(2);
    await w.runEnded(2);
    expect(w.time.pending()).toBe(1);
  });

  it('a run under way when pausing finishes, and schedules nothing', async () => {
    const w = await watch(`http://127.0.0.1:${await lab.httpServer(200)}/`);
    runNow(w.ctl);
    togglePause(w.ctl);
    await w.runEnded(1);
    expect(w.time.pending()).toBe(0);
    expect(w.ctl.store.getState().latest?.verdict.id).toBe('healthy');
  });

  it('stopping cancels the run under way and leaves no timer', async () => {
    // Given a run waiting on a server that never answers, with a budget far longer than the test
    const w = await watch(`http://127.0.0.1:${await lab.silentServer()}/`, { timeoutMs: 60_000 });
    runNow(w.ctl);
    const running = w.ctl.running!;
    await waitFor(() => w.ctl.store.getState().steps.some((s) => s.id === 'http.request'));

    // When the watch stops
    stopWatch(w.ctl);

    // Then the run is cancelled, nothing is scheduled, and nothing starts again
    await expect(running.session).rejects.toMatchObject({ name: 'AbortError' });
    expect(w.time.pending()).toBe(0);
    runNow(w.ctl);
    togglePause(w.ctl);
    togglePause(w.ctl);
    expect(w.counts.started).toBe(1);
    expect(w.sessions).toEqual([]);
  });

  it('exports the latest session into the export folder', async () => {
    const w = await watch(`http://127.0.0.1:${await lab.closedPort()}/`);
    runNow(w.ctl);
    await w.runEnded(1);
    beginWatchExport(w.ctl.store);
    await exportLatest(w.ctl, 'json');
    const status = w.ctl.store.getState().exportStatus;
    expect(status.kind).toBe('written');
    const [file] = await readdir(w.exportDir);
    expect(status).toEqual({ kind: 'written', path: join(w.exportDir, file!) });
    expect(JSON.parse(await readFile(join(w.exportDir, file!), 'utf8')).verdict.id).toBe('no-listener');
    expect(w.ctl.store.getState().exporting).toBe(false);
  });

  it('says when a run fails, keeps the last verdict, and watches on', async () => {
    // Given a runner whose second run fails, as a crashed worker does
    const time = manualClock();
    const { runner } = countingRunner();
    let calls = 0;
    const port = await lab.httpServer(200);
    const ctl = createWatchController({
      runner: (request, handlers) =>
        ++calls === 2
          ? { session: Promise.reject(new Error('the engine worker crashed: boom\n  at x')), cancel: () => {} }
          : runner(request, handlers),
      target: `http://127.0.0.1:${port}/`,
      symptom: null,
      timeoutMs: 2000,
      dnsServer: null,
      intervalMs: 1000,
      version: '0',
      exportDir: '.',
      clock: time.clock,
    });
    controllers.push(ctl);
    runNow(ctl);
    await waitFor(() => ctl.store.getState().counts.runs === 1 && !ctl.store.getState().running);
    time.fire();
    await waitFor(() => ctl.store.getState().error !== null);
    expect(ctl.store.getState()).toMatchObject({ error: 'the engine worker crashed: boom', running: false });
    expect(ctl.store.getState().latest?.verdict.id).toBe('healthy');
    expect(time.pending()).toBe(1);
  });
});
