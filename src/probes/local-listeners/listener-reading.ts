import { visibleText } from '../visible-bytes.js';
import type { CommandOutcome } from '../command-runner.js';
import type { ListenerSource, LocalListener, UnavailableCause } from './listener.js';
import { nowMs } from '../../shared/monotonic-clock.js';

/** What one platform's reader found; `listLocalListeners` adds the port, the time and `hiddenOwners`. */
export type ListenerReading =
  /** The listeners on the port, in any order, possibly repeated (one per process holding the socket). */
  | {
      kind: 'listeners';
      source: ListenerSource;
      listeners: LocalListener[];
      complete: boolean;
    }
  /** Nothing could be read. */
  | { kind: 'unavailable'; source: ListenerSource | null; cause: UnavailableCause; reason: string };

/** The time a reader has, and the caller's way to cancel it. */
export interface ReadLimits {
  /** `nowMs()` time by which the reader settles. */
  deadline: number;
  signal?: AbortSignal;
}

/** Milliseconds left before the deadline, never negative. */
export function remainingMs(limits: ReadLimits): number {
  return Math.max(0, limits.deadline - nowMs());
}

export function unavailable(source: ListenerSource | null, cause: UnavailableCause, reason: string): ListenerReading {
  return { kind: 'unavailable', source, cause, reason };
}

/** Says in plain words why a command that did not run to its end gave no listeners. */
export function commandUnavailable(
  source: ListenerSource,
  command: string,
  outcome: Exclude<CommandOutcome, { kind: 'exited' }>,
  timeoutMs: number,
): ListenerReading {
  switch (outcome.kind) {
    case 'missing':
      return unavailable(source, 'command-missing', `${command} is not installed (or not on the PATH)`);
    case 'denied':
      return unavailable(source, 'permission-denied', `not allowed to run ${command}`);
    case 'timeout':
      return unavailable(source, 'timeout', `${command} did not finish within ${Math.round(timeoutMs)} ms`);
    case 'too-much-output':
      return unavailable(source, 'command-failed', `${command} printed more output than conn-doctor reads`);
    case 'aborted':
      return unavailable(source, 'aborted', 'cancelled before the listeners were read');
    case 'failed':
      return unavailable(source, 'command-failed', `${command} could not be run (${visibleText(outcome.error, 40)})`);
    default: {
      const unknown: never = outcome;
      return unknown;
    }
  }
}

/** A command that exited with an error: its status and the first line it printed on stderr, made visible. */
export function commandExitedWithError(
  source: ListenerSource,
  command: string,
  exitCode: number,
  stderr: string,
): ListenerReading {
  const firstLine = stderr
    .split(/\r?\n/)
    .find((line) => line.trim() !== '')
    ?.trim();
  const said = firstLine === undefined ? '' : `: ${visibleText(firstLine, 160)}`;
  const cause = /permission denied|access is denied|operation not permitted/i.test(stderr)
    ? 'permission-denied'
    : 'command-failed';
  return unavailable(source, cause, `${command} exited with status ${exitCode}${said}`);
}
