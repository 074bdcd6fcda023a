import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../src/lab/start-lab.js';
import { cliPath } from './run-cli.js';
import { TmuxSession, tmuxAvailable } from './tmux-session.js';

// The guided app answers first: the built CLI in a real pseudo-terminal (tmux), as a new user meets it.
const hasTmux = tmuxAvailable();

let lab: RunningLab;
const sessions: TmuxSession[] = [];
beforeAll(async () => {
  lab = await startLab({ only: ['closed-port', 'server-error'] });
});
afterAll(async () => {
  for (const session of sessions) session.kill();
  await lab?.stop();
});

const targetOf = (id: string) => lab.running.find((r) => r.scenario.id === id)!.run.target;
const folder = () => mkdtempSync(join(tmpdir(), 'conn-doctor-tui-'));

/** The CLI in a pane; the shell then prints its exit status, so the last screen says how it ended. */
function app(args: readonly string[], options: { rows?: number; cwd?: string } = {}): TmuxSession {
  const tui = new TmuxSession(['sh', '-c', 'node "$@"; echo "exit=$?"', 'sh', cliPath, ...args], {
    cwd: options.cwd ?? folder(),
    rows: options.rows,
    env: { NO_COLOR: '1', LANG: 'C.UTF-8' },
  });
  sessions.push(tui);
  return tui;
}

describe.skipIf(!hasTmux)('the guided app answers first, in a real terminal', () => {
  it('shows the verdict of a refused target with no key pressed, and records what the user saw on s', async () => {
    const target = targetOf('closed-port');
    const port = new URL(target).port;
    const cwd = folder();
    const tui = app([target], { cwd });

    // Given only a target: the steps and the verdict come with no key pressed, nothing asked first
    let screen = await tui.waitFor(`Nothing listens on port ${port}`);
    expect(screen).not.toContain('What did you see?');
    expect(screen).toContain('[s] say what you saw');

    // When the user presses s and picks "Connection refused" (the list highlights nothing until they move)
    tui.send('s');
    screen = await tui.waitFor('What did you see?');
    expect(screen).not.toContain('❯');
    tui.send('Down');
    await tui.waitFor(/❯ Connection refused/);
    tui.send('Enter');

    // Then the verdict is back with the symptom in the header, checked against what the probes saw
    screen = await tui.waitFor('(reproduced)');
    expect(screen).toMatch(/symptom: Connection refused\s+\(ECONNREFUSED\)/);

    // and the report they export records it
    tui.send('e');
    await tui.waitFor(/\[m\]/);
    tui.send('m');
    await tui.waitFor(/conn-doctor-127\.0\.0\.1-\d+-\d{8}-\d{6}\.md/);
    const [report] = readdirSync(cwd).filter((name) => name.endsWith('.md'));
    expect(readFileSync(join(cwd, report!), 'utf8')).toContain('Connection refused (ECONNREFUSED)');
    tui.send('q');
    expect(await tui.waitFor(/exit=\d+/)).toContain('exit=1');
  }, 60_000);

  it('erases as many characters as Backspaces arrive in one read', async () => {
    const port = new URL(targetOf('closed-port')).port;
    const tui = app([]);
    await tui.waitFor('What do you want to connect to?');
    // Given a target typed with three wrong characters at the end
    tui.type(`127.0.0.1:${port}xyz`);
    await tui.waitFor(`${port}xyz`);
    // When three Backspaces come in one write (as a fast key repeat or a paste delivers them)
    tui.type('\u007F\u007F\u007F');
    // Then they erased the three characters, and Enter diagnoses the target as corrected
    await tui.waitFor(new RegExp(`❯ 127\\.0\\.0\\.1:${port}\\s*$`, 'm'));
    tui.send('Enter');
    await tui.waitFor(`Nothing listens on port ${port}`);
    tui.send('q');
    await tui.waitFor(/exit=\d+/);
  }, 30_000);

  it('takes a port typed on the port question of a bare host', async () => {
    const port = new URL(targetOf('closed-port')).port;
    const tui = app(['127.0.0.1']);
    const screen = await tui.waitFor('Which port does the service listen on?');
    expect(screen).toContain('[0-9] type a port');
    tui.type(port);
    await tui.waitFor(`Another port: ${port}`);
    tui.send('Enter');
    await tui.waitFor(`Nothing listens on port ${port}`);
    tui.send('q');
    await tui.waitFor(/exit=\d+/);
  }, 30_000);

  it('leads the evidence with what decided the verdict, and shows the rest on v', async () => {
    // Given a 500 in a terminal too short for all the evidence
    const tui = app([targetOf('server-error')], { rows: 20 });
    let screen = await tui.waitFor('The application answered 500');
    // Then the HTTP answer that decided comes first under Evidence, and v is offered for the rest
    const evidence = screen.slice(screen.indexOf('Evidence'));
    expect(evidence).toMatch(/^Evidence\n\s+✗ http\.request: HTTP\/1\.1 500 Internal Server Error/);
    expect(screen).toContain('[v] all evidence');
    expect(screen).not.toContain('timing: connect');
    // When the user presses v, every evidence line shows
    tui.send('v');
    screen = await tui.waitFor('timing: connect');
    expect(screen).toContain('[v] less evidence');
    tui.send('q');
    await tui.waitFor(/exit=\d+/);
  }, 30_000);

  it('--demo is the app: pick a scenario, watch its walk, back to the list, quit', async () => {
    const tui = app(['--demo']);
    await tui.waitFor('Pick one to watch it diagnosed');
    // When the user moves down to closed-port and presses Enter
    tui.send('Down');
    tui.send('Down');
    await tui.waitFor(/❯ closed-port/);
    tui.send('Enter');
    // Then the guided walk diagnoses it
    await tui.waitFor(/Nothing listens on port \d+/);
    // and q goes back to the list, where q quits
    tui.send('q');
    await tui.waitFor(/❯ closed-port/);
    tui.send('q');
    expect(await tui.waitFor(/exit=\d+/)).toContain('exit=0');
  }, 60_000);

  it('--demo <scenario> runs that one in the app', async () => {
    const tui = app(['--demo', 'server-error']);
    await tui.waitFor('The application answered 500');
    tui.send('q');
    expect(await tui.waitFor(/exit=\d+/)).toContain('exit=1');
  }, 60_000);
});

describe('--demo without a terminal', () => {
  it('keeps the list for pipes, and runs only the scenario named', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        [cliPath, '--demo', 'closed-port'],
        { timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } },
        (error, out) => resolve({ code: error ? Number(error.code) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok {3}closed-port {2}no-listener/m);
    expect(stdout).toContain('1 of 1 verdicts as expected.');
  }, 60_000);
});
