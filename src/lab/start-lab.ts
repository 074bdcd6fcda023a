import { startLabDnsServer, type LabDnsServer } from './dns-server.js';
import type { LabScenario, RunningScenario } from './scenario.js';
import { scenarios } from './scenarios.js';

/** The lab on loopback: its DNS server and every started scenario. */
export interface RunningLab {
  dns: LabDnsServer;
  /** In the order of `scenarios`. */
  running: { scenario: LabScenario; run: RunningScenario }[];
  /** Stops every scenario and the DNS server; idempotent. */
  stop(): Promise<void>;
}

/** Starts the DNS server, then every scenario (or those in `only`) concurrently. */
export async function startLab(options: { only?: string[] } = {}): Promise<RunningLab> {
  const selected = select(options.only);
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
  return { dns, running, stop };
}

function select(only: string[] | undefined): readonly LabScenario[] {
  if (!only) return scenarios;
  const unknown = only.filter((id) => !scenarios.some((scenario) => scenario.id === id));
  if (unknown.length > 0) throw new Error(`unknown lab scenario: ${unknown.join(', ')}`);
  return scenarios.filter((scenario) => only.includes(scenario.id));
}
