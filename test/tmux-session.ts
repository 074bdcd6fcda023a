import { execFileSync } from 'node:child_process';
import { delimiter, dirname } from 'node:path';

/**
 * The built CLI in a real pseudo-terminal: tmux runs it at a fixed size, `send-keys` types and
 * `capture-pane` reads the screen, as a person would see it. Every wait is bounded.
 */
export class TmuxSession {
  readonly name = `conn-doctor-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    command: readonly string[],
    options: { cwd: string; columns?: number; rows?: number; env?: Record<string, string> },
  ) {
    // `node` in the pane is the Node that runs the tests (CI runs them under 20, 22 and 24), whatever PATH the
    // tmux server was started with.
    const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
    const env = Object.entries({ PATH: path, ...options.env }).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
    // The pane stands for a person at a terminal: the CI variable of the test run (which makes the CLI
    // non-interactive) must not leak into it, whether tmux takes it from this process or from its server.
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(options.columns ?? 80),
      '-y',
      String(options.rows ?? 24),
      '-c',
      options.cwd,
      ...env,
      '--',
      'env',
      '-u',
      'CI',
      ...command,
    ]);
    // Keep the pane after the program exits, so its last screen and exit status can be read.
    execFileSync('tmux', ['set-option', '-t', this.name, 'remain-on-exit', 'on']);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** Types keys: tmux key names (`Enter`, `Down`, `Escape`, `C-c`) or literal text. */
  send(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}; the screen shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The program's exit status once it has exited, or null while it runs. */
  exitStatus(): number | null {
    const out = execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_dead} #{pane_dead_status}'], {
      encoding: 'utf8',
    });
    const [dead, status] = out.trim().split(' ');
    return dead === '1' ? Number(status) : null;
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.exitStatus();
      if (status !== null) return status;
      if (Date.now() > deadline) throw new Error(`the program did not exit; the screen shows:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // Already gone.
    }
  }
}

/** Whether tmux is here; CI installs it (.ci/run), so there a missing tmux fails the run instead of skipping. */
export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('tmux is missing: .ci/run installs it, and CI must run the terminal tests');
    return false;
  }
}
