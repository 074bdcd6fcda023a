import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
import { startHttpStatusServer } from '../src/lab/servers/http-status-server.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { cliPath } from './run-cli.js';
import { TmuxSession, tmuxAvailable } from './tmux-session.js';

// A sweep as a person has it in a terminal: the built CLI in a real 80×24 pseudo-terminal (tmux) on a lab `.env`
// (a healthy server, a 502, a refused port, a password in a URL). The live table paints, rows finish with their
// verdicts problems first, Enter opens a row's full verdict and Esc returns, `e` exports the sweep, and q exits with
// the sweep's status, leaving the table as text in the scrollback.
const hasTmux = tmuxAvailable();
const env = { NO_COLOR: '1', LANG: 'C.UTF-8', http_proxy: '', https_proxy: '', all_proxy: '' };

let healthy: LabServer;
let gateway: LabServer;
let refused: number;
let dir: string;
const sessions: TmuxSession[] = [];
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  gateway = await startHttpStatusServer(502);
  refused = await findClosedPort();
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-sweep-app-'));
});
afterAll(async () => {
  for (const session of sessions) session.kill();
  await healthy?.stop();
  await gateway?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI in the pane; the shell then says its exit status and whether the terminal is cooked again. */
function sweepInTerminal(args: string[], cwd: string): TmuxSession {
  const command = 'node "$0" "$@"; echo "exit=$?"; stty -a | grep -o -- "-*icanon"';
  const session = new TmuxSession(['sh', '-c', command, cliPath, ...args], { cwd, env });
  sessions.push(session);
  return session;
}

describe.skipIf(!hasTmux)('a sweep in a real terminal', () => {
  it('paints the live table, opens a row’s verdict, exports, and q exits 1 with the table left as text', async () => {
    const folder = mkdtempSync(join(dir, 'env-'));
    writeFileSync(
      join(folder, '.env'),
      [
        `WEB_URL=http://127.0.0.1:${healthy.port}/`,
        `API_URL=http://127.0.0.1:${gateway.port}/api`,
        `DATABASE_URL=postgres://app:hunter2@127.0.0.1:${refused}/shop`,
        '',
      ].join('\n'),
    );
    const tui = sweepInTerminal(['--env'], folder);

    // The table, once every row is done: problems first, each with its source, verdict, confidence and time.
    let screen = await tui.waitFor(/done in/);
    const lines = screen.split('\n');
    const heading = lines.findIndex((line) => /SOURCE +TARGET +VERDICT +CONFIDENCE +TIME/.test(line));
    // At 80 columns sources (their start) and targets (their end) are cut to fit; the lines under the table show the cursor's row whole.
    expect(lines[heading + 1]).toMatch(
      /^❯ ✗ \S*:2 API_URL +http:\/\/127\.0\.0\.1:\S* +http-upstream-error +\w+ +[\d.]+ m?s$/,
    );
    expect(lines[heading + 2]).toMatch(
      /^ {2}✗ .{0,7}DATABASE_URL +postgres:\/\/\*\*\*@\S* +no-listener +certain +[\d.]+ m?s$/,
    );
    expect(lines[heading + 3]).toMatch(
      /^ {2}✓ \S*:1 WEB_URL +http:\/\/127\.0\.0\.1:\S* +healthy +certain +[\d.]+ m?s$/,
    );
    expect(screen).toMatch(new RegExp(`^\\.env:2 API_URL  http://127\\.0\\.0\\.1:${gateway.port}/api$`, 'm'));
    expect(screen).toContain('3 targets · 1 healthy · 2 problems');
    expect(screen).toContain('[↑↓] move  [Enter] open  [e] export all  [q] quit');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    expect(screen).not.toContain('hunter2');

    // Enter on the database's row: the single diagnosis's verdict screen; Esc back, the cursor on that row.
    tui.send('Down');
    await tui.waitFor(/❯ ✗ .{0,7}DATABASE_URL/);
    tui.send('Enter');
    screen = await tui.waitFor(`Nothing listens on port ${refused} (certain)`);
    expect(screen).toContain('Next steps');
    expect(screen).toContain('[Esc] back to the table');
    expect(screen).toContain(`postgres://***@127.0.0.1:${refused}/shop`);
    expect(screen).not.toContain('hunter2');
    tui.send('Escape');
    screen = await tui.waitFor(/❯ ✗ .{0,7}DATABASE_URL/);
    expect(screen).toContain(`.env:3 DATABASE_URL  postgres://***@127.0.0.1:${refused}/shop`);

    // e exports the whole sweep, in the format picked.
    tui.send('e');
    await tui.waitFor('[m] Markdown');
    tui.send('j');
    screen = await tui.waitFor(/Report written to \.\/conn-doctor-sweep-\d{8}-\d{6}\.json/);
    const [exported] = readdirSync(folder).filter((name) => name.startsWith('conn-doctor-sweep-'));
    const document = JSON.parse(readFileSync(join(folder, exported!), 'utf8'));
    expect(document).toMatchObject({ kind: 'sweep', summary: { total: 3, healthy: 1, problems: 2 } });

    // q: the sweep's status (a problem: 1), the terminal cooked again, the table as text in the scrollback.
    tui.send('q');
    screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
    expect(screen).toMatch(/exit=1\s+icanon/);
    expect(screen).toMatch(/^✓ \.env:1 WEB_URL +http:/m);
    expect(screen).toContain(`\nProblems\n\n✗ .env:2 API_URL  http://127.0.0.1:${gateway.port}/api\n`);
    expect(screen).not.toContain('[↑↓] move');
  }, 60_000);

  it('exits 0 when every row is healthy, and writes --report once the user quits', async () => {
    const ok = `http://127.0.0.1:${healthy.port}/`;
    const folder = mkdtempSync(join(dir, 'healthy-'));
    const tui = sweepInTerminal([ok, `${ok}again`, '--report', 'sweep.json'], folder);
    await tui.waitFor(/done in/);
    tui.send('q');
    expect(await tui.waitFor(/exit=\d+\s+-*icanon/)).toMatch(/exit=0\s+icanon/);
    const document = JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8'));
    expect(document.summary).toEqual({ total: 2, healthy: 2, problems: 0 });
  }, 60_000);

  it('q while rows run stops the sweep: they end unfinished and the exit status is 1', async () => {
    // A port that accepts and never answers keeps its row running.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const tui = sweepInTerminal([`http://127.0.0.1:${healthy.port}/`, `http://127.0.0.1:${port}/`], dir);
      await tui.waitFor('[q] stop and quit');
      tui.send('q');
      const screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
      expect(screen).toMatch(/exit=1\s+icanon/);
      expect(screen).toMatch(/unfinished/);
      expect(screen).toContain('No verdict: the sweep was stopped');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 60_000);
});
