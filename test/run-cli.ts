import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI as a user would (no terminal), bounded in time; `input`, when given, is piped to its stdin;
 * `cwd` is the folder it runs in (a sweep reads ./.env and ./compose.yaml from there).
 */
export function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  input?: string,
  options: { cwd?: string } = {},
): Promise<CliRun> {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run "npm run build" first (npm test does)`);
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [cliPath, ...args],
      { timeout: 30_000, env: { ...process.env, NO_COLOR: '1', ...env }, cwd: options.cwd },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) {
      // A CLI that stops reading at its limit and exits leaves the rest unwritten (EPIPE): expected, not a failure.
      child.stdin?.on('error', () => {});
      child.stdin?.end(input);
    }
  });
}
