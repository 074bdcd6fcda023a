import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort, findPortToListenOn } from '../src/lab/servers/closed-port.js';
import { startHttpStatusServer } from '../src/lab/servers/http-status-server.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { cliPath } from './run-cli.js';
import { TmuxSession, tmuxAvailable } from './tmux-session.js';

// --wait as a person has it in a terminal: the built CLI in a real pseudo-terminal (tmux) waits on a healthy server
// and a refused port. The live table says it waits (round, time left); once a server comes up on that port the
// row turns healthy, marked as changed, and the process exits 0 by itself, the table's last frame and the usual
// output of a sweep left in the scrollback.
const hasTmux = tmuxAvailable();
const env = { NO_COLOR: '1', LANG: 'C.UTF-8', http_proxy: '', https_proxy: '', all_proxy: '' };

let healthy: LabServer;
const late: LabServer[] = [];
let dir: string;
const sessions: TmuxSession[] = [];
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-wait-table-'));
});
afterAll(async () => {
  for (const session of sessions) session.kill();
  await healthy?.stop();
  for (const server of late) await server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI in a tall pane (so that the table's last frame and the output below it both stay on screen); the shell
 * then says its exit status and whether the terminal is cooked again. */
function inTerminal(args: string[]): TmuxSession {
  const command = 'node "$0" "$@"; echo "exit=$?"; stty -a | grep -o -- "-*icanon"';
  const session = new TmuxSession(['sh', '-c', command, cliPath, ...args], { cwd: dir, rows: 60, env });
  sessions.push(session);
  return session;
}

/** A URL as a regular expression's text. */
const literal = (text: string) => text.replace(/[./]/g, '\\$&');

describe.skipIf(!hasTmux)('--wait in a real terminal', () => {
  it('runs the live table until the late target is healthy, then exits 0 by itself with the usual output', async () => {
    const refused = await findPortToListenOn();
    const up = `http://127.0.0.1:${healthy.port}/`;
    const down = `http://127.0.0.1:${refused}/`;
    const tui = inTerminal(['--wait', '60s', '--interval', '250', up, down]);

    // While it waits: the line under the header, the refused row a problem; no key needed later.
    let screen = await tui.waitFor(/round \d+ · \d+ s left of/);
    expect(screen).toMatch(/^Waiting until all are healthy · round \d+ · \d+ s left of 1 m · every 250 ms$/m);
    screen = await tui.waitFor(/✗ arg +http:\/\/127\.0\.0\.1:\d+\/ +no-listener/);
    expect(screen).toContain(`✗ arg     ${down}`);

    // The target comes up: a later round sees it healthy, and the wait ends by itself.
    late.push(await startHttpStatusServer(200, '127.0.0.1', refused));
    screen = await tui.waitFor(/exit=\d+\s+-*icanon/, 30_000);
    expect(screen).toMatch(/exit=0\s+icanon/);
    // The table's last frame: why it closed, the row that changed marked, no keys offered.
    expect(screen).toMatch(/^Every target is healthy, after \d+ rounds$/m);
    expect(screen).toMatch(new RegExp(`✓ arg +${literal(down)} +healthy \\* +certain`));
    expect(screen).not.toContain('[q]');
    // Then what the headless --wait prints at its end: the sweep's table as text, every row healthy.
    expect(screen).toContain('2 targets: 2 healthy, 0 with a problem');
    expect(screen).toMatch(new RegExp(`^✓ arg +${literal(down)} +healthy +certain +[\\d.]+ m?s$`, 'm'));
    expect(screen).toMatch(new RegExp(`^✓ arg +${literal(up)} +healthy +certain +[\\d.]+ m?s$`, 'm'));
  }, 60_000);

  it('one target at the deadline: a table of one row closes by itself, then its usual report, exit 1', async () => {
    const refused = await findClosedPort();
    const tui = inTerminal(['--wait', '2s', '--interval', '250', `127.0.0.1:${refused}`]);
    await tui.waitFor(/Waiting until it is healthy · round \d+ · \d s left of 2 s · every 250 ms/);
    const screen = await tui.waitFor(/exit=\d+\s+-*icanon/, 30_000);
    expect(screen).toMatch(/exit=1\s+icanon/);
    expect(screen).toMatch(/^Still not healthy after 2 s \(\d+ rounds?\): gave up$/m);
    expect(screen).toContain(`still not healthy after 2s: 127.0.0.1:${refused}`);
    // The single diagnosis's report, as without a terminal.
    expect(screen).toContain(`Nothing listens on port ${refused}`);
    expect(screen).toContain('Next steps');
  }, 60_000);

  it('q stops the wait: the table gives way to the output of the verdicts so far, exit 1', async () => {
    const refused = await findClosedPort();
    const up = `http://127.0.0.1:${healthy.port}/`;
    const tui = inTerminal(['--wait', '60s', '--interval', '250', up, `http://127.0.0.1:${refused}/`]);
    await tui.waitFor(/round [2-9]/);
    tui.send('q');
    const screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
    expect(screen).toMatch(/exit=1\s+icanon/);
    expect(screen).not.toContain('Waiting until');
    expect(screen).toMatch(new RegExp(`^✗ arg +http://127\\.0\\.0\\.1:${refused}/ +no-listener +certain`, 'm'));
    expect(screen).toMatch(new RegExp(`^✓ arg +${literal(up)} +healthy`, 'm'));
  }, 60_000);

  it('--watch over a sweep: round after round, the row that came up marked; q prints the last round, its status', async () => {
    const refused = await findPortToListenOn();
    const down = `http://127.0.0.1:${refused}/`;
    const tui = inTerminal(['--watch', '--interval', '500', `http://127.0.0.1:${healthy.port}/`, down]);
    await tui.waitFor(/^Watching · round \d+ · again every 500 ms until q$/m);
    await tui.waitFor(/✗ arg +http:\/\/127\.0\.0\.1:\d+\/ +no-listener/);
    late.push(await startHttpStatusServer(200, '127.0.0.1', refused));
    // A watch does not end by itself once all are healthy: the changed row is marked, then the next rounds run.
    await tui.waitFor(new RegExp(`✓ arg +${literal(down)} +healthy \\*`), 30_000);
    const round = Number(/Watching · round (\d+)/.exec(await tui.waitFor(/Watching · round \d+/))![1]);
    await tui.waitFor(new RegExp(`Watching · round (?!${round} )\\d+`), 30_000);
    tui.send('q');
    const screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
    expect(screen).toMatch(/exit=0\s+icanon/);
    expect(screen).not.toContain('Watching');
    expect(screen).toMatch(new RegExp(`^✓ arg +${literal(down)} +healthy +certain`, 'm'));
  }, 60_000);

  it('--watch: q while a round runs stops it, and prints the last finished round, not the one cut short', async () => {
    // A server that answers until told to go silent: a later round's row then runs (until its timeout) when q comes.
    let silent = false;
    let held = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', () => {
        if (silent) held++;
        else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const tui = inTerminal([
        '--watch',
        '--interval',
        '250',
        `http://127.0.0.1:${port}/`,
        `http://127.0.0.1:${healthy.port}/`,
      ]);
      await tui.waitFor(/2 targets · (\d+ running · )?2 healthy/);
      silent = true;
      // A round is under way on the silent server: a request was held.
      const deadline = Date.now() + 15_000;
      while (held === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(held).toBeGreaterThan(0);
      tui.send('q');
      const screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
      expect(screen).toMatch(/exit=0\s+icanon/);
      expect(screen).not.toContain('unfinished');
      expect(screen).toMatch(new RegExp(`^✓ arg +http://127\\.0\\.0\\.1:${port}/ +healthy +certain`, 'm'));
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
