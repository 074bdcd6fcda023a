import { isIP } from 'node:net';
import type { ProbeBudget } from './probe-budget.js';
import { systemLookup } from './system-lookup.js';
import { tcpConnectAll, type TcpConnectResult } from './tcp-connect.js';
import { nowMs } from '../shared/monotonic-clock.js';

/** The address a forwarder sends its connections to, as its command line names it. */
export interface BackendAddress {
  host: string;
  port: number;
}

/** What one connect to a forwarder's backend saw, made from this machine as the forwarder makes it. */
export type BackendCheck =
  /** At least one of its addresses accepted the connection: something listens there. */
  | { kind: 'accepted'; backend: BackendAddress; attempts: TcpConnectResult[] }
  /** Every address failed: refused, silent, unreachable. The forwarder meets the same wall. */
  | { kind: 'failed'; backend: BackendAddress; attempts: TcpConnectResult[] }
  /** The backend's name did not resolve here. */
  | { kind: 'unresolved'; backend: BackendAddress; errno: string }
  /** The caller cancelled. */
  | { kind: 'aborted' };

/**
 * Connects once to each address of a forwarder's backend, as the forwarder would, and closes at once: one
 * connection, no byte sent, so the check stays polite to whatever listens there. A name is resolved by the
 * system's lookup first (`localhost` may be 127.0.0.1 and ::1). The whole settles within the budget. Never throws.
 */
export async function checkBackend(backend: BackendAddress, budget: ProbeBudget): Promise<BackendCheck> {
  const started = nowMs();
  const family = isIP(backend.host);
  let addresses: { address: string; family: 4 | 6 }[];
  if (family !== 0) {
    addresses = [{ address: backend.host, family: family === 6 ? 6 : 4 }];
  } else {
    const found = await systemLookup(backend.host, budget);
    if (budget.signal?.aborted) return { kind: 'aborted' };
    if (found.kind === 'error') return { kind: 'unresolved', backend, errno: found.errno };
    addresses = found.addresses.slice(0, maxAddresses);
    if (addresses.length === 0) return { kind: 'unresolved', backend, errno: 'ENODATA' };
  }
  const left = { timeoutMs: Math.max(1, budget.timeoutMs - (nowMs() - started)), signal: budget.signal };
  const attempts = await tcpConnectAll(
    addresses.map(({ address, family }) => ({ address, family, port: backend.port })),
    left,
  );
  if (attempts.some((attempt) => attempt.kind === 'aborted')) return { kind: 'aborted' };
  const accepted = attempts.some((attempt) => attempt.kind === 'open');
  return { kind: accepted ? 'accepted' : 'failed', backend, attempts };
}

/** A name with many addresses still costs a few connects at most. */
const maxAddresses = 4;
