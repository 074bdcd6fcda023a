import { visibleText } from '../visible-bytes.js';
import type { CommandOutcome, CommandRunner } from '../command-runner.js';
import { classifyForwarder } from './known-forwarders.js';
import type { LocalListener } from './listener.js';
import {
  commandExitedWithError,
  commandUnavailable,
  remainingMs,
  type ListenerReading,
  type ReadLimits,
} from './listener-reading.js';
import { lsofArgs, parseLsofListeners } from './lsof-output.js';

/** Output for one port is a few lines; a megabyte is far more than any real answer. */
const maxLsofBytes = 1024 * 1024;

/**
 * macOS and the BSDs: `lsof`. It sees only the user's own processes unless run as root, so without root a
 * listener of another user is missing altogether, and the reading says it is not complete.
 */
export async function readLsofListeners(
  port: number,
  limits: ReadLimits,
  run: CommandRunner,
  uid: number | null,
): Promise<ListenerReading> {
  const timeoutMs = remainingMs(limits);
  const lsof = (file: string) =>
    run(file, lsofArgs(port), { timeoutMs: remainingMs(limits), maxBuffer: maxLsofBytes, signal: limits.signal });
  let outcome: CommandOutcome = await lsof('lsof');
  // macOS keeps lsof in /usr/sbin, which the PATH of a cron job or an app started from the Dock may lack.
  if (outcome.kind === 'missing') outcome = await lsof('/usr/sbin/lsof');
  if (outcome.kind !== 'exited') return commandUnavailable('lsof', 'lsof', outcome, timeoutMs);
  // lsof exits 1 when it finds nothing; with -w that failure prints nothing, while a real one explains itself.
  if (outcome.exitCode !== 0 && outcome.stdout.trim() === '' && outcome.stderr.trim() !== '') {
    return commandExitedWithError('lsof', 'lsof', outcome.exitCode, outcome.stderr);
  }
  const listeners = parseLsofListeners(outcome.stdout)
    .filter((found) => found.port === port)
    .map(
      ({ address, family, pid, process }): LocalListener => ({
        address,
        family,
        port,
        pid,
        process: visibleText(process, 64),
        forwarder: classifyForwarder(process),
      }),
    );
  return { kind: 'listeners', source: 'lsof', listeners, complete: uid === 0 };
}
