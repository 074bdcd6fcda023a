import { execFile } from 'node:child_process';
import { errnoOf } from '../socket-error.js';

/** How one run of an external command ended. */
export type CommandOutcome =
  | /** It ran to the end: any exit code, with what it printed. */
  { kind: 'exited'; exitCode: number; stdout: string; stderr: string } /** No such command on the PATH (ENOENT). */
  | { kind: 'missing' } /** The OS would not run it (EACCES, EPERM). */
  | { kind: 'denied' } /** Still running at the deadline: it was killed. */
  | {
      kind: 'timeout';
    } /** It printed more than `maxBuffer`: it was killed, and what it printed is not trusted to be whole. */
  | { kind: 'too-much-output' } /** The caller cancelled: it was killed. */
  | { kind: 'aborted' } /** Anything else: killed by a signal, or a spawn error, by errno or signal name. */
  | { kind: 'failed'; error: string };

export interface CommandLimits {
  timeoutMs: number;
  /** Bytes of stdout (and, apart, of stderr) read at most. */
  maxBuffer: number;
  signal?: AbortSignal;
}

/** Runs `file` with `args`, never through a shell; a test stands in with canned output. Never rejects. */
export type CommandRunner = (file: string, args: readonly string[], limits: CommandLimits) => Promise<CommandOutcome>;

export const runCommand: CommandRunner = (file, args, { timeoutMs, maxBuffer, signal }) => {
  if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise((resolve) => {
    const timeout = Math.max(1, Math.floor(timeoutMs));
    const options = { timeout, maxBuffer, signal, windowsHide: true, encoding: 'utf8' as const };
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
};

type ExecError = Error & { code?: unknown; killed?: boolean; signal?: NodeJS.Signals | null };

function failedRun(error: ExecError, stdout: string, stderr: string, signal?: AbortSignal): CommandOutcome {
  if (signal?.aborted || error.name === 'AbortError') return { kind: 'aborted' };
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { kind: 'too-much-output' };
  if (typeof error.code === 'number') return { kind: 'exited', exitCode: error.code, stdout, stderr };
  if (error.code === 'ENOENT') return { kind: 'missing' };
  if (error.code === 'EACCES' || error.code === 'EPERM') return { kind: 'denied' };
  // Node kills the child with SIGTERM at the timeout and says so only through `killed`.
  if (error.killed === true) return { kind: 'timeout' };
  return { kind: 'failed', error: error.signal ?? errnoOf(error) };
}
