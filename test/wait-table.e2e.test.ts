import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
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
let late: LabServer | undefined;
let dir: string;
const sessions: TmuxSession[] = [];
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-wait-table-'));
});
afterAll(async () => {
  for (const session of sessions) session.kill();
  await healthy?.stop();
  await late?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('--wait in a real terminal', () => {
  it('runs the live table until the late target is healthy, then exits 0 by itself with the usual output', async () => {
    const refused = await findClosedPort();
    const up = `http://127.0.0.1:${healthy.port}/`;
    const down = `http://127.0.0.1:${refused}/`;
    const command = 'node "$0" "$@"; echo "exit=$?"; stty -a | grep -o -- "-*icanon"';
    const tui = new TmuxSession(['sh', '-c', command, cliPath, '--wait', '60s', '--interval', '250', up, down], {
      cwd: dir,
      rows: 30,
      env,
    });
    sessions.push(tui);

    // While it waits: the line under the header, the refused row a problem; no key needed later.
    let screen = await tui.waitFor(/round \d+ · \d+ s left of/);
    expect(screen).toMatch(/^Waiting until all are healthy · round \d+ · \d+ s left of 1 m · every 250 ms$/m);
    screen = await tui.waitFor(/✗ arg +http:\/\/127\.0\.0\.1:\d+\/ +no-listener/);
    expect(screen).toContain(`✗ arg     ${down}`);

    // The target comes up: a later round sees it healthy, and the wait ends by itself.
    late = await startHttpStatusServer(200, '127.0.0.1', refused);
    screen = await tui.waitFor(/exit=\d+\s+-*icanon/, 30_000);
    expect(screen).toMatch(/exit=0\s+icanon/);
    // The table's last frame: why it closed, the row that changed marked, no keys offered.
    expect(screen).toMatch(/^Every target is healthy, after \d+ rounds$/m);
    expect(screen).toMatch(new RegExp(`✓ arg +${down.replace(/[./]/g, '\\$&')} +healthy \\* +certain`));
    expect(screen).not.toContain('[q]');
    // Then what the headless --wait prints at its end: the sweep's table as text, every row healthy.
    expect(screen).toContain('2 targets: 2 healthy, 0 with a problem');
    expect(screen).toMatch(new RegExp(`^✓ arg +${down.replace(/[./]/g, '\\$&')} +healthy +certain +[\\d.]+ m?s$`, 'm'));
    expect(screen).toMatch(new RegExp(`^✓ arg +${up.replace(/[./]/g, '\\$&')} +healthy +certain +[\\d.]+ m?s$`, 'm'));
  }, 60_000);
});
