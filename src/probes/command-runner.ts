import { execFile } from 'node:child_process';

/** How running a local command ended. */
export type CommandOutcome =
  | /** It ran and exited (with any code). */
  {
      kind: 'exited';
      code: number;
      stdout: string;
      stderr: string;
    } /** No such program on PATH (nor in /usr/sbin, /sbin). */
  | { kind: 'not-found' } /** It did not finish within its time and was killed. */
  | { kind: 'timed-out' } /** The caller cancelled. */
  | { kind: 'aborted' } /** It could not be started or its output was too large. */
  | { kind: 'failed'; errno: string };

/**
 * Runs a program with an argument array, never a shell line: injectable, so tests can stand in for the host's
 * tools or run them inside a network namespace.
 */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal },
) => Promise<CommandOutcome>;

/** A full ruleset can be long; past this the command counts as failed rather than filling memory. */
const MAX_OUTPUT = 16 * 1024 * 1024;

/**
 * The real runner. Firewall tools live in sbin, which is not on every user's PATH: without the fallback a
 * non-root user would hear "not installed" where the truth is "needs root". LC_ALL=C keeps their messages in
 * English so "Permission denied" can be recognised.
 */
export const realCommandRunner: CommandRunner = async (file, args, options) => {
  const candidates =
    file.includes('/') || process.platform === 'win32' ? [file] : [file, `/usr/sbin/${file}`, `/sbin/${file}`];
  for (const candidate of candidates) {
    const outcome = await runOnce(candidate, args, options);
    if (outcome.kind !== 'not-found') return outcome;
  }
  return { kind: 'not-found' };
};

function runOnce(
  file: string,
  args: readonly string[],
  { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal },
): Promise<CommandOutcome> {
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT,
        windowsHide: true,
        env: { ...process.env, LC_ALL: 'C' },
        ...(signal ? { signal } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ kind: 'exited', code: 0, stdout, stderr });
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (failure.name === 'AbortError') return resolve({ kind: 'aborted' });
        if (failure.code === 'ENOENT') return resolve({ kind: 'not-found' });
        if (typeof failure.code === 'number') return resolve({ kind: 'exited', code: failure.code, stdout, stderr });
        if (failure.killed) return resolve({ kind: 'timed-out' });
        resolve({ kind: 'failed', errno: typeof failure.code === 'string' ? failure.code : 'UNKNOWN' });
      },
    );
  });
}
