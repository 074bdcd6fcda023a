import type { DnsFacts } from '../probes/dns-facts.js';
import { type DnsHostKind, resolveName } from '../probes/dns-resolve.js';
import { type ProcNetTables, readProcNetTables } from '../probes/local-listeners/proc-listeners.js';
import type { ProbeBudget } from '../probes/probe-budget.js';
import { nowMs } from '../shared/monotonic-clock.js';

/**
 * How long one read of the socket tables stands for this machine. Rows that start together (all of a small sweep,
 * the first wave of a large one) share a read; a row that waited longer for its place gets a fresh one, so that a
 * server started meanwhile is not reported missing from an old snapshot.
 */
const tablesFreshMs = 2000;

/** Resolves a target's host as the DNS step does; a sweep passes one that asks once per name and resolver. */
export type NameResolver = (
  target: { host: string; hostKind: DnsHostKind },
  options: { dnsServer: string | null },
  budget: ProbeBudget,
) => Promise<DnsFacts>;

/**
 * What several diagnoses running side by side (a sweep) read once instead of once each. Passed explicitly into
 * runDiagnosis, never kept in module state: two sweeps in one process (the library's users) share nothing.
 */
export interface SharedReads {
  /** This machine's socket tables (/proc/net/tcp{,6}), read on first use and shared while fresh (two seconds). */
  listenerTables: () => Promise<ProcNetTables>;
  /** One lookup per host name and resolver (`--dns-server`); every row naming that host reads the same answer. */
  resolveName: NameResolver;
  /**
   * The environment the proxy variables are read from, copied once: every row is routed by the same variables,
   * and the many reads of the proxy decision are plain property reads rather than calls into the process's
   * environment.
   */
  env: NodeJS.ProcessEnv;
}

/**
 * Shared reads for one sweep. The lookups run under the sweep's own signal, not a row's: a row stopped at the
 * deadline must not cancel a lookup another row is waiting for. `timeoutMs` is the per-probe budget of every row.
 */
export function createSharedReads(options: {
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}): SharedReads {
  let tables: { read: Promise<ProcNetTables>; at: number } | null = null;
  const lookups = new Map<string, Promise<DnsFacts>>();
  const budget: ProbeBudget = { timeoutMs: options.timeoutMs, signal: options.signal };
  return {
    listenerTables: () => {
      if (tables === null || nowMs() - tables.at > tablesFreshMs) tables = { read: readProcNetTables(), at: nowMs() };
      return tables.read;
    },
    resolveName: (target, settings) => {
      // An IP literal resolves to itself without a lookup: nothing to share, and no map entry to keep.
      if (target.hostKind === 'ipv4' || target.hostKind === 'ipv6') return resolveName(target, settings, budget);
      const key = `${target.hostKind} ${target.host.toLowerCase()} ${settings.dnsServer ?? ''}`;
      let lookup = lookups.get(key);
      if (lookup === undefined) {
        lookup = resolveName(target, settings, budget);
        lookups.set(key, lookup);
      }
      return lookup;
    },
    env: { ...(options.env ?? process.env) },
  };
}
