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
import { netstatArgs, parseNetstatListeners, type NetstatListener } from './netstat-output.js';
import { parseTasklist, tasklistArgs } from './tasklist-output.js';

/** netstat lists every connection too: a busy server's 100k rows fit. */
const maxNetstatBytes = 16 * 1024 * 1024;
const maxTasklistBytes = 4 * 1024 * 1024;

/**
 * Windows: `netstat -ano` for IPv4 and IPv6 at once, then `tasklist` to name the pids, only when something
 * listens. Both work without elevation and see every user's sockets; a pid tasklist does not name stays unnamed.
 */
export async function readNetstatListeners(
  port: number,
  limits: ReadLimits,
  run: CommandRunner,
): Promise<ListenerReading> {
  const timeoutMs = remainingMs(limits);
  const netstat = (protocol: 'TCP' | 'TCPv6') =>
    run('netstat', netstatArgs(protocol), { timeoutMs, maxBuffer: maxNetstatBytes, signal: limits.signal });
  const found: NetstatListener[] = [];
  for (const outcome of await Promise.all([netstat('TCP'), netstat('TCPv6')])) {
    if (outcome.kind !== 'exited' || outcome.exitCode !== 0) return failureOf(outcome, timeoutMs);
    found.push(...parseNetstatListeners(outcome.stdout).filter((listener) => listener.port === port));
  }
  if (found.length === 0) return { kind: 'listeners', source: 'netstat', listeners: [], complete: true };

  const taskLimits = { timeoutMs: remainingMs(limits), maxBuffer: maxTasklistBytes, signal: limits.signal };
  const tasks = await run('tasklist', tasklistArgs, taskLimits);
  const names =
    tasks.kind === 'exited' && tasks.exitCode === 0 ? parseTasklist(tasks.stdout) : new Map<number, string>();
  const listeners = found.map(({ address, family, pid }): LocalListener => {
    const name = names.get(pid);
    if (name === undefined) return { address, family, port, pid, process: null, hidden: 'unknown', forwarder: null };
    return { address, family, port, pid, process: visibleText(name, 64), forwarder: classifyForwarder(name) };
  });
  return { kind: 'listeners', source: 'netstat', listeners, complete: true };
}

function failureOf(outcome: CommandOutcome, timeoutMs: number): ListenerReading {
  if (outcome.kind !== 'exited') return commandUnavailable('netstat', 'netstat', outcome, timeoutMs);
  // netstat writes its usage and some errors on stdout.
  return commandExitedWithError('netstat', 'netstat', outcome.exitCode, outcome.stderr || outcome.stdout);
}
