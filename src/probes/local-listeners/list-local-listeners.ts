import type { ProbeBudget } from '../probe-budget.js';
import type { CommandRunner } from '../command-runner.js';
import type { LocalListener, LocalListenersResult } from './listener.js';
import { unavailable, type ListenerReading, type ReadLimits } from './listener-reading.js';
import { realProcFs } from './proc-fs.js';
import { hostEndianness } from './proc-net-tcp.js';
import { readProcListeners, type ProcDeps } from './proc-listeners.js';
import { nowMs } from '../../shared/monotonic-clock.js';

/** What the readers need from the machine; a test replaces any of it. */
export interface ListenerDeps extends ProcDeps {
  run: CommandRunner;
}

/**
 * Runs external commands (lsof, netstat) through node:child_process, loaded only when a command runs: on
 * Linux, /proc is read directly and a refused local target costs no process machinery.
 */
const lazyRunCommand: CommandRunner = async (...args) => (await import('../command-runner.js')).runCommand(...args);

const realDeps = (): ListenerDeps => ({
  procFs: realProcFs,
  uid: process.getuid?.() ?? null,
  endianness: hostEndianness(),
  run: lazyRunCommand,
});

/**
 * The /proc owner scan stops this long before the budget, so that what it found, not a bare timeout, is the
 * answer: the sockets themselves are known long before their owners.
 */
const scanMarginMs = 100;

/**
 * Every TCP listener on `port` on this machine, whatever address it is bound to, with its process where the OS
 * lets us see it. Linux reads /proc; macOS and the BSDs run `lsof`; Windows runs `netstat` and `tasklist`.
 * External commands run without a shell, within the budget, with bounded output. Never throws.
 */
export async function listLocalListeners(
  port: number,
  budget: ProbeBudget,
  platform: NodeJS.Platform = process.platform,
  deps: Partial<ListenerDeps> = {},
): Promise<LocalListenersResult> {
  const started = nowMs();
  const use = { ...realDeps(), ...deps };
  const deadline = started + budget.timeoutMs;
  const scanLimits: ReadLimits = {
    deadline: deadline - Math.min(scanMarginMs, budget.timeoutMs / 10),
    signal: budget.signal,
  };
  const limits: ReadLimits = { deadline, signal: budget.signal };

  const reading = await withinBudget(budget, () => {
    switch (platform) {
      case 'linux':
      case 'android':
        return readProcListeners(port, scanLimits, use);
      case 'darwin':
      case 'freebsd':
      case 'openbsd':
      case 'netbsd':
      case 'sunos':
      case 'aix':
        return import('./lsof-listeners.js').then(({ readLsofListeners }) =>
          readLsofListeners(port, limits, use.run, use.uid),
        );
      case 'win32':
        return import('./netstat-listeners.js').then(({ readNetstatListeners }) =>
          readNetstatListeners(port, limits, use.run),
        );
      default:
        return Promise.resolve(
          unavailable(null, 'unsupported-platform', `no way to list listeners on ${platform} is known`),
        );
    }
  });
  const durationMs = nowMs() - started;
  if (reading.kind === 'unavailable') return { ...reading, port, durationMs };
  const listeners = distinct(reading.listeners);
  const hiddenOwners = listeners.some((listener) => listener.hidden !== undefined);
  return {
    kind: 'listeners',
    port,
    source: reading.source,
    listeners,
    hiddenOwners,
    complete: reading.complete,
    durationMs,
  };
}

/** Races the reader against the budget and the signal, so a reader that hangs still settles in time. */
function withinBudget(budget: ProbeBudget, read: () => Promise<ListenerReading>): Promise<ListenerReading> {
  if (budget.signal?.aborted)
    return Promise.resolve(unavailable(null, 'aborted', 'cancelled before the listeners were read'));
  return new Promise((resolve) => {
    let done = false;
    const settle = (reading: ListenerReading) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      resolve(reading);
    };
    const onAbort = () => settle(unavailable(null, 'aborted', 'cancelled before the listeners were read'));
    const timer = setTimeout(
      () => settle(unavailable(null, 'timeout', `the listeners were not read within ${budget.timeoutMs} ms`)),
      budget.timeoutMs,
    );
    budget.signal?.addEventListener('abort', onAbort, { once: true });
    // Called inside a promise so that even a synchronous throw becomes a result.
    Promise.resolve()
      .then(read)
      .then(settle, () => settle(unavailable(null, 'command-failed', 'the listeners could not be read')));
  });
}

/**
 * One entry per address, port and process, lowest pid first: a socket that a pre-forking server's workers share
 * shows once (lsof lists it under each of them), and the order is stable, IPv4 first.
 */
function distinct(listeners: readonly LocalListener[]): LocalListener[] {
  const sorted = [...listeners].sort(
    (a, b) => a.family - b.family || compare(a.address, b.address) || (a.pid ?? maxPid) - (b.pid ?? maxPid),
  );
  const seen = new Set<string>();
  return sorted.filter((listener) => {
    const key = `${listener.family} ${listener.address} ${listener.port} ${listener.process ?? listener.pid}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Sorts unknown owners last. */
const maxPid = Number.MAX_SAFE_INTEGER;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
