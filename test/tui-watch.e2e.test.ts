import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from './run-cli.js';
import { TmuxSession, tmuxAvailable } from './tmux-session.js';

// `--watch` as a person has it in a terminal: the built CLI in a real 80×24 pseudo-terminal (tmux), a real
// server on loopback that goes away under the watch, the screen read back, down to the exit status, the
// report written at exit and the terminal's state.
const hasTmux = tmuxAvailable();

const sessions: TmuxSession[] = [];
const servers: net.Server[] = [];
afterAll(async () => {
  for (const session of sessions) session.kill();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An HTTP server on 127.0.0.1 that answers every request with 200 and closes. */
async function httpServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port };
}

describe.skipIf(!hasTmux)('--watch in a real terminal', () => {
  it('shows the verdict live, marks when it changes, and q exits with the last verdict, terminal restored', async () => {
    const { server, port } = await httpServer();
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-tui-watch-'));
    // The shell only reports what the app left behind: its exit status and whether the terminal is cooked again.
    const tui = new TmuxSession(
      [
        'sh',
        '-c',
        'node "$0" "$1" --watch --interval 1000 --report watch.json; echo "exit=$?"; stty -a | grep -o -- "-*icanon"',
        cliPath,
        `http://127.0.0.1:${port}/`,
      ],
      { cwd: folder, env: { NO_COLOR: '1', LANG: 'C.UTF-8' } },
    );
    sessions.push(tui);

    // Given the watch of a healthy server, once it has run twice
    let screen = await tui.waitFor(/2 runs · 0 changes · 2 healthy · 0 failed/);
    expect(screen).toContain('✓ The connection works end to end  healthy');
    expect(screen).toContain('[p] pause');

    // When the server goes away
    await new Promise<void>((resolve) => server.close(() => resolve()));

    // Then a later run says nothing listens any more, marked as the change it is, at most a few runs later
    screen = await tui.waitFor(/no-listener +← changed from healthy/);
    expect(screen).toContain(`✗ Nothing listens on port ${port}  no-listener`);
    expect(screen).toMatch(/\d+ runs · 1 change · \d+ healthy · [1-9]\d* failed/);
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);

    // And q quits with the diagnosed problem's status, writes the last session's report, and leaves the
    // terminal in its normal (canonical) mode.
    tui.send('q');
    screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
    expect(screen).toMatch(/exit=1\s+icanon/);
    expect(JSON.parse(readFileSync(join(folder, 'watch.json'), 'utf8')).verdict.id).toBe('no-listener');
  }, 60_000);
});
