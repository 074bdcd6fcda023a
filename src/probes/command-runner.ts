import { execFile } from 'node:child_process';
import { errnoOf } from './socket-error.js';

/** How one run of an external command ended. */
export type CommandOutcome =
  /** It ran to the end: any exit code, with what it printed. */
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  /** No such command (ENOENT). */
  | { kind: 'missing' }
  /** The OS would not run it (EACCES, EPERM). */
  | { kind: 'denied' }
  /** Still running at the deadline: it was killed. */
  | {
      kind: 'timeout';
    }
  /** It printed more than `maxBuffer`: it was killed, and what it printed is not trusted to be whole. */
  | { kind: 'too-much-output' }
  /** The caller cancelled: it was killed. */
  | { kind: 'aborted' }
  /** Anything else: killed by a signal, or a spawn error, by errno or signal name. */
  | { kind: 'failed'; error: string };

export interface CommandLimits {
  timeoutMs: number;
  /** Bytes of stdout (and, apart, of stderr) read at most. */
  maxBuffer: number;
  signal?: AbortSignal;
  /**
   * Also look in /usr/sbin and /sbin when the command is not on the PATH (not on Windows, not for a path).
   * Firewall tools live there, and a non-root user's PATH often lacks them: without it, "not installed" would be
   * said where the truth is "needs root".
   */
  searchSbin?: boolean;
}

/**
 * Runs `file` with `args`, never through a shell; injectable, so a test can stand in with canned output or run
 * the host's tools inside a network namespace. Never rejects.
 */
export type CommandRunner = (file: string, args: readonly string[], limits: CommandLimits) => Promise<CommandOutcome>;

/**
 * The one real runner: bounded in time (killed with SIGKILL at the deadline) and in output, cancellable, with
 * LC_ALL=C so that the tools' messages stay in English, where "Permission denied" can be recognised.
 */
export const runCommand: CommandRunner = async (file, args, limits) => {
  const candidates =
    limits.searchSbin && !file.includes('/') && process.platform !== 'win32'
      ? [file, `/usr/sbin/${file}`, `/sbin/${file}`]
      : [file];
  let outcome: CommandOutcome = { kind: 'missing' };
  for (const candidate of candidates) {
    outcome = await runOnce(candidate, args, limits);
    if (outcome.kind !== 'missing') return outcome;
  }
  return outcome;
};

function runOnce(file: string, args: readonly string[], { timeoutMs, maxBuffer, signal }: CommandLimits) {
  if (signal?.aborted) return Promise.resolve<CommandOutcome>({ kind: 'aborted' });
  return new Promise<CommandOutcome>((resolve) => {
    const options = {
      timeout: Math.max(1, Math.floor(timeoutMs)),
      killSignal: 'SIGKILL' as const,
      maxBuffer,
      signal,
      windowsHide: true,
      encoding: 'utf8' as const,
      env: { ...process.env, LC_ALL: 'C' },
    };
    try {
      execFile(file, [...args], options, (error, stdout, stderr) => {
        if (error === null) return resolve({ kind: 'exited', exitCode: 0, stdout, stderr });
        resolve(failedRun(error, stdout, stderr, signal));
      });
    } catch (error) {
      // execFile throws synchronously on arguments it cannot pass (a NUL byte, say).
      resolve({ kind: 'failed', error: errnoOf(error) });
    }
  });
}

type ExecError = Error & { code?: unknown; killed?: boolean; signal?: NodeJS.Signals | null };

function failedRun(error: ExecError, stdout: string, stderr: string, signal?: AbortSignal): CommandOutcome {
  if (signal?.aborted || error.name === 'AbortError') return { kind: 'aborted' };
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { kind: 'too-much-output' };
  if (typeof error.code === 'number') return { kind: 'exited', exitCode: error.code, stdout, stderr };
  if (error.code === 'ENOENT') return { kind: 'missing' };
  if (error.code === 'EACCES' || error.code === 'EPERM') return { kind: 'denied' };
  // Node kills the child at the timeout and says so only through `killed`.
  if (error.killed === true) return { kind: 'timeout' };
  return { kind: 'failed', error: error.signal ?? errnoOf(error) };
}
