import { readFirewallRules, type FirewallReading } from '../../probes/firewall-rules.js';
import { portOf } from '../../tree/facts.js';
import type { StepRunner } from './step-runner.js';

function summarise(reading: FirewallReading): string {
  switch (reading.kind) {
    case 'read': {
      const blocking = reading.rules.filter((r) => r.action === 'drop' || r.action === 'reject');
      return blocking.length
        ? `${blocking.length} local rule(s) drop or reject port ${reading.port}: ${blocking[0]?.raw ?? ''}`
        : `no local firewall rule drops or rejects port ${reading.port} (${reading.sources
            .filter((s) => s.outcome === 'read')
            .map((s) => s.source)
            .join(', ')})`;
    }
    case 'unreadable':
      return `the local firewall could not be read: ${reading.reason}`;
    case 'unsupported-platform':
      return `no firewall reader for ${reading.platform}`;
    case 'aborted':
      return 'cancelled';
  }
}

/** This machine's firewall rules for the port, read only, as evidence beside a silent port. */
export const firewallStep: StepRunner<'firewall.rules'> = async ({ facts, budget }) => {
  const firewall = await readFirewallRules(portOf(facts), {
    timeoutMs: Math.min(budget.timeoutMs, 2000),
    signal: budget.signal,
  });
  return { patch: { firewall }, outcome: firewall.kind, summary: summarise(firewall), details: firewall };
};
