import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { startHttpStatusServer } from '../lab/servers/http-status-server.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { keys, settle } from './app-harness.test-helper.js';
import { followRound, type SweepController } from './sweep-actions.js';
import { sweepRoundOf, sweepTargetsOf } from './sweep-round.test-helper.js';
import { createSweepStore, initialSweepState } from './sweep-store.js';
import { SweepApp } from './SweepApp.js';
import { makeTheme, ThemeContext } from './theme.js';
import { waitFor } from './wait-for.test-helper.js';

// The live table on a real sweep in process: a healthy HTTP server and a refused port on loopback. It paints a row
// per target, problems first once done; Enter opens a row's full verdict and Esc returns; `e` exports the sweep;
// q quits; rows never wrap, even narrow.
let healthy: LabServer;
let refused: number;
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  refused = await findClosedPort();
});
afterAll(() => healthy?.stop());
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startTable(inputs: string[], size = { columns: 100, rows: 30 }) {
  const exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-sweep-ui-'));
  const targets = sweepTargetsOf(inputs);
  const ctl: SweepController = {
    store: createSweepStore(initialSweepState(targets, 20_000)),
    version: '0.0.0-test',
    exportDir,
    round: null,
  };
  const round = sweepRoundOf(targets);
  const sweep = followRound(ctl, round);
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: false, ascii: false })}>
      <SweepApp controller={ctl} size={size} />
    </ThemeContext.Provider>,
  );
  cleanups.push(async () => {
    round.cancel();
    await sweep;
    instance.unmount();
    instance.cleanup();
    await rm(exportDir, { recursive: true, force: true });
  });
  const frame = () => instance.lastFrame() ?? '';
  return {
    ctl,
    frame,
    sweep,
    exportDir,
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

describe('the sweep table', () => {
  it('paints a row per target, then problems first with verdict, confidence and time', async () => {
    const ok = `http://127.0.0.1:${healthy.port}/`;
    const app = await startTable([ok, `127.0.0.1:${refused}`]);
    // Before any verdict: the rows in the order given.
    expect(app.frame()).toMatch(/conn-doctor 0\.0\.0-test · 2 targets/);
    await app.waitForText(/done in/);
    const lines = app.frame().split('\n');
    const table = lines.findIndex((line) => /SOURCE +TARGET +VERDICT +CONFIDENCE +TIME/.test(line));
    expect(lines[table + 1]).toMatch(new RegExp(`^❯ ✗ arg +127\\.0\\.0\\.1:${refused} +no-listener +certain +\\d`));
    expect(lines[table + 2]).toMatch(new RegExp(`^ {2}✓ arg +${ok.replace(/\./g, '\\.')} +healthy +certain +\\d`));
    expect(app.frame()).toContain('2 targets · 1 healthy · 1 problem');
    expect(app.frame()).toContain(`✗ Nothing listens on port ${refused}`);
    expect(app.frame()).toContain('[↑↓] move  [Enter] open  [e] export all  [q] quit');
  });

  it('opens a row’s full verdict on Enter, with its own keys, and Esc returns with the cursor on that row', async () => {
    const app = await startTable([`http://127.0.0.1:${healthy.port}/`, `127.0.0.1:${refused}`]);
    await app.waitForText(/done in/);
    await app.press(keys.down, keys.enter);
    await app.waitForText('The connection works end to end (certain)');
    expect(app.frame()).toContain('Evidence');
    expect(app.frame()).toContain('[Esc] back to the table');
    // That row's own report, as the single diagnosis exports it.
    await app.press('e', 'j');
    await app.waitForText('Report written to');
    const [name] = (await readdir(app.exportDir)).filter((file) => file.endsWith('.json'));
    expect(JSON.parse(await readFile(join(app.exportDir, name!), 'utf8')).verdict.id).toBe('healthy');
    await app.press(keys.escape);
    await app.waitForText('SOURCE');
    expect(app.frame()).toMatch(/❯ ✓ arg +http:/);
    // Esc once too often on the table does not end the sweep: only q does.
    await app.press(keys.escape);
    expect(app.ctl.store.getState().quitting).toBe(false);
    expect(app.frame()).toContain('[q] quit');
  });

  it('exports the whole sweep on e, in the format picked, and says where', async () => {
    const app = await startTable([`http://127.0.0.1:${healthy.port}/`, `127.0.0.1:${refused}`]);
    await app.waitForText(/done in/);
    await app.press('e');
    await app.waitForText('[m] Markdown');
    await app.press('m');
    await app.waitForText(/Report written to .*conn-doctor-sweep-\d{8}-\d{6}\.md/);
    const [name] = await readdir(app.exportDir);
    const markdown = await readFile(join(app.exportDir, name!), 'utf8');
    expect(markdown).toMatch(/^# Connection sweep\n\n2 targets/);
  });

  it('q while the sweep runs stops it: rows still running end unfinished (cancelled)', async () => {
    // A port that accepts and never answers keeps its row running for the whole budget.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const port = (silent.address() as { port: number }).port;
    const app = await startTable([`127.0.0.1:${refused}`, `http://127.0.0.1:${port}/`]);
    await app.waitForText(/can't open: no verdict yet|1 running/);
    await app.press('q');
    const sweep = await app.sweep;
    expect(sweep.results[1]?.unfinished?.reason).toBe('cancelled');
    expect(app.ctl.store.getState().quitting).toBe(true);
  });

  it('fits 60 columns and 12 rows: no row wraps, targets are cut with an ellipsis, a window scrolls', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `http://127.0.0.1:${healthy.port}/a/rather/long/path/${i}`);
    const app = await startTable([`127.0.0.1:${refused}`, ...many], { columns: 60, rows: 12 });
    await app.waitForText('12 healthy');
    const lines = app.frame().split('\n');
    expect(lines.every((line) => line.length < 60)).toBe(true);
    expect(app.frame()).toMatch(/http:\/\/127\.0\.0\.1:\d+\/a\/\S*… /);
    expect(app.frame()).toMatch(/\d+ more below…/);
    expect(lines.length).toBeLessThan(12);
    // The window follows the cursor down to the last row.
    await app.press(...Array.from({ length: 12 }, () => keys.down));
    expect(app.frame()).toMatch(/more above…/);
    expect(app.frame()).toMatch(/❯ ✓ arg +http:\/\/127\.0\.0\.1:\d+\/a\//);
  });
});
