import dns from 'node:dns';
import { dnsErrorCode } from './dns-error-code.js';
import type { ResolvedAddress, SystemLookupResult } from './dns-facts.js';
import { errnoOf } from './socket-error.js';
import type { ProbeBudget } from './probe-budget.js';
import { nowMs } from '../shared/monotonic-clock.js';

/** The OS's getaddrinfo, in a form a test can stand in for (a lookup that never settles). */
export type LookupFunction = (name: string) => Promise<dns.LookupAddress[]>;

// `order: 'verbatim'` keeps the OS's order (RFC 6724 sorting, gai.conf): that is the order clients try.
const realLookup: LookupFunction = (name) => dns.promises.lookup(name, { all: true, order: 'verbatim' });

/** getaddrinfo never returns many addresses; a bound still keeps a hostile hosts file out of reports. */
const maxAddresses = 64;

/**
 * Resolves `name` the way every client on this machine does (hosts file, then DNS, per nsswitch).
 * getaddrinfo cannot be cancelled, so it is raced against the budget and the signal; a lookup that
 * settles later is ignored. Never throws.
 */
export function systemLookup(
  name: string,
  budget: ProbeBudget,
  lookup: LookupFunction = realLookup,
): Promise<SystemLookupResult> {
  const started = nowMs();
  const failed = (errno: string): SystemLookupResult => ({
    kind: 'error',
    code: dnsErrorCode(errno),
    errno,
    durationMs: nowMs() - started,
  });
  if (budget.signal?.aborted) return Promise.resolve(failed('ECANCELLED'));

  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: SystemLookupResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    // Our budget ran out before getaddrinfo answered: a timeout, whatever it says later.
    const timer = setTimeout(() => settle(failed('ETIMEOUT')), budget.timeoutMs);
    const onAbort = () => settle(failed('ECANCELLED'));
    budget.signal?.addEventListener('abort', onAbort, { once: true });

    // Called inside a promise so that even a synchronous throw becomes a result.
    Promise.resolve()
      .then(() => lookup(name))
      .then(
        (found) => settle({ kind: 'addresses', addresses: toResolved(found), durationMs: nowMs() - started }),
        (error: unknown) => settle(failed(errnoOf(error))),
      );
  });
}

function toResolved(found: readonly dns.LookupAddress[]): ResolvedAddress[] {
  return found.slice(0, maxAddresses).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}
