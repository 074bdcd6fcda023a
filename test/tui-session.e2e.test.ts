import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../src/lab/start-lab.js';
import { cliPath } from './run-cli.js';
import { TmuxSession, tmuxAvailable } from './tmux-session.js';

// A whole interactive session, as a person has it: the built CLI in a real 80×24 pseudo-terminal (tmux),
// keys typed one at a time, the screen read back, down to the exported report and the terminal's state.
const hasTmux = tmuxAvailable();

let lab: RunningLab;
const sessions: TmuxSession[] = [];
beforeAll(async () => {
  lab = await startLab({ only: ['closed-port'] });
});
afterAll(async () => {
  for (const session of sessions) session.kill();
  await lab?.stop();
});

describe.skipIf(!hasTmux)('the interactive app in a real terminal', () => {
  it('walks a refused connection to its verdict, changes an answer, exports Markdown, and quits cleanly', async () => {
    const target = lab.running[0]!.run.target;
    const port = new URL(target).port;
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-tui-'));
    // The shell only reports what the app left behind: its exit status and whether the terminal is cooked again.
    const tui = new TmuxSession(
      ['sh', '-c', 'node "$0" "$1"; echo "exit=$?"; stty -a | grep -o -- "-*icanon"', cliPath, target],
      { cwd: folder, env: { NO_COLOR: '1', LANG: 'C.UTF-8' } },
    );
    sessions.push(tui);

    // Given a target on the command line, the probes run at once: the verdict shows with no key pressed
    let screen = await tui.waitFor(`Nothing listens on port ${port}`);
    // The header painted before Ink loaded was replaced in place, not left above Ink's own.
    expect(screen.match(/conn-doctor \d/g)).toHaveLength(1);
    expect(screen).toMatch(new RegExp(`127\\.0\\.0\\.1:${port} refused \\(RST\\)`));

    // When the user presses b to say where the server runs, and picks "In a container" (Up wraps around)
    tui.send('b');
    screen = await tui.waitFor('The connection was refused. Where does the server run?');
    tui.send('Up');
    tui.send('Up');
    await tui.waitFor(/❯ In a container/);
    tui.send('Enter');
    screen = await tui.waitFor(`port ${port} is not published`);
    expect(screen).toContain('[e] export');
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);

    // When they step back and say the server runs on this machine, the verdict follows the new answer
    tui.send('b');
    await tui.waitFor('The connection was refused. Where does the server run?');
    tui.send('Up');
    await tui.waitFor(/❯ On this machine/);
    tui.send('Enter');
    await tui.waitFor(`Nothing listens on port ${port}`);

    // and the report they export is written into the current folder, path shown
    tui.send('e');
    await tui.waitFor(/\[m\]/);
    tui.send('m');
    screen = await tui.waitFor(/conn-doctor-127\.0\.0\.1-\d+-\d{8}-\d{6}\.md/);
    const [report] = readdirSync(folder).filter((name) => name.endsWith('.md'));
    expect(report).toBeDefined();
    const markdown = readFileSync(join(folder, report!), 'utf8');
    expect(markdown).toContain(`Nothing listens on port ${port}`);
    expect(markdown).toContain('you said the server runs on this machine');

    // Then q quits with the diagnosed-problem status and leaves the terminal in its normal (canonical) mode.
    tui.send('q');
    screen = await tui.waitFor(/exit=\d+\s+-*icanon/);
    expect(screen).toMatch(/exit=1\s+icanon/);
  }, 60_000);

  it('runs the UI and the engine worker from the code caches that its first session wrote, and leaves them as they are', async () => {
    const target = lab.running[0]!.run.target;
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-tui-'));
    const cacheHome = mkdtempSync(join(tmpdir(), 'conn-doctor-cache-'));
    const session = async () => {
      const tui = new TmuxSession(
        ['sh', '-c', 'node "$0" "$1" --symptom ECONNREFUSED; echo "exit=$?"', cliPath, target],
        {
          cwd: folder,
          env: { NO_COLOR: '1', LANG: 'C.UTF-8', XDG_CACHE_HOME: cacheHome },
        },
      );
      sessions.push(tui);
      const screen = await tui.waitFor('[b] answer: Where does the server run?');
      tui.send('q');
      await tui.waitFor(/exit=\d+/);
      return screen;
    };
    const cachesOf = (bundle: string) =>
      readdirSync(join(cacheHome, 'conn-doctor')).filter((name) => name.startsWith(`${bundle}-`));
    const nameOfCache = (bundle: string, file: string) => {
      const hash = createHash('sha256')
        .update(readFileSync(join(cliPath, '..', file)))
        .digest('hex')
        .slice(0, 16);
      return `${bundle}-${hash}-${process.version}-${process.arch}.cache`;
    };
    // The UI's cache is written at exit; the engine worker's once its diagnosis is done, before the app has it.
    const bundles = [
      { bundle: 'ui', cache: nameOfCache('ui', 'ui.js') },
      { bundle: 'engine', cache: nameOfCache('engine', 'engine.js') },
    ];

    // Given a first session, which compiles both bundles and writes their caches, private to the user
    await session();
    const written = new Map<string, number>();
    for (const { bundle, cache } of bundles) {
      expect(cachesOf(bundle)).toEqual([cache]);
      const stat = statSync(join(cacheHome, 'conn-doctor', cache));
      expect(stat.mode & 0o777).toBe(0o600);
      written.set(cache, stat.mtimeMs);
    }

    // when a second session runs, V8 takes both caches (a rejected one would be written anew)
    const screen = await session();
    expect(screen).toMatch(/refused \(RST\)/);
    for (const { bundle, cache } of bundles) {
      expect(cachesOf(bundle)).toEqual([cache]);
      expect(statSync(join(cacheHome, 'conn-doctor', cache)).mtimeMs).toBe(written.get(cache));
    }
  }, 60_000);

  it('Ctrl-C quits from the first screen and gives the terminal back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-tui-'));
    const tui = new TmuxSession(['sh', '-c', 'node "$0"; echo "exit=$?"; stty -a | grep -o -- "-*icanon"', cliPath], {
      cwd: folder,
      env: { NO_COLOR: '1', LANG: 'C.UTF-8' },
    });
    sessions.push(tui);
    await tui.waitFor(/localhost:3000/);
    tui.send('C-c');
    expect(await tui.waitFor(/exit=\d+\s+-*icanon/)).toMatch(/exit=1\s+icanon/);
  }, 30_000);
});
