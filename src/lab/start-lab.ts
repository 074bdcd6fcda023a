import { spawnSync } from 'node:child_process';
import { startLabDnsServer, type LabDnsServer } from './dns-server.js';
import type { LabScenario, RunningScenario } from './scenario.js';
import { scenarios } from './scenarios.js';

/** The lab on loopback: its DNS server and every started scenario. */
export interface RunningLab {
  dns: LabDnsServer;
  /** In the order of `scenarios`. */
  running: { scenario: LabScenario; run: RunningScenario }[];
  /** Scenarios not started because a program they need is missing here, in the order of `scenarios`. */
  skipped: { id: string; reason: string }[];
  /** Stops every scenario and the DNS server; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the DNS server, then every scenario (or those in `only`) concurrently. A scenario whose required
 * program is missing is skipped and listed in `skipped`, not failed: the lab's users may not have socat.
 */
export async function startLab(options: { only?: string[] } = {}): Promise<RunningLab> {
  const skipped: RunningLab['skipped'] = [];
  const selected = select(options.only).filter((scenario) => {
    const reason = missingRequirement(scenario);
    if (reason) skipped.push({ id: scenario.id, reason });
    return !reason;
  });
  const dns = await startLabDnsServer();
  const started = await Promise.allSettled(selected.map((scenario) => scenario.start({ dns })));
  const running = selected.flatMap((scenario, i) => {
    const outcome = started[i];
    return outcome?.status === 'fulfilled' ? [{ scenario, run: outcome.value }] : [];
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= Promise.allSettled(running.map(({ run }) => run.stop())).then(() => dns.close());
    return stopped;
  };
  const failed = started.findIndex((outcome) => outcome.status === 'rejected');
  if (failed >= 0) {
    await stop();
    const reason = (started[failed] as PromiseRejectedResult).reason;
    throw new Error(`lab scenario ${selected[failed]?.id} failed to start`, { cause: reason });
  }
  return { dns, running, skipped, stop };
}

const installed = new Map<string, boolean>();

/** Why `scenario` cannot run on this machine ('socat is not installed'), or undefined when it can. */
export function missingRequirement(scenario: LabScenario): string | undefined {
  const program = scenario.requires;
  if (!program) return undefined;
  let found = installed.get(program);
  if (found === undefined) {
    // Checked once per program: `-V` only prints a version. Any start failure (ENOENT, EACCES) counts as missing.
    found = !spawnSync(program, ['-V'], { stdio: 'ignore', timeout: 5000 }).error;
    installed.set(program, found);
  }
  return found ? undefined : `${program} is not installed`;
}

function select(only: string[] | undefined): readonly LabScenario[] {
  if (!only) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`unknown lab scenario: ${unknown.join(', ')}`);
  return scenarios.filter((scenario) => only.includes(scenario.id));
}
