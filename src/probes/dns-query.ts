import dns from 'node:dns';
import { dnsErrorCode } from './dns-error-code.js';
import type { DnsQueryFailure, DnsQueryResult, SrvQueryResult } from './dns-facts.js';
import { errnoOf } from './socket-error.js';
import type { ProbeBudget } from './probe-budget.js';
import { nowMs } from '../shared/monotonic-clock.js';

/** The record types the DNS step asks for. */
export type DnsQueryType = 'A' | 'AAAA' | 'CNAME';

/** DNS answers are untrusted: at most this many records, each at most this many characters once made visible. */
export const maxRecords = 32;
export const maxRecordLength = 300;

/**
 * Asks `servers` (`ip`, `ip:port` or `[v6]:port`) for one record type of `name`, directly, without the
 * system's search list or hosts file. Never throws.
 */
export function dnsQuery(
  name: string,
  type: DnsQueryType,
  servers: readonly string[],
  budget: ProbeBudget,
): Promise<DnsQueryResult> {
  return resolverQuery(servers, budget, (resolver) => ask(resolver, name, type), boundRecords);
}

/**
 * Asks `servers` for the SRV records of `name` (`_mongodb._tcp.cluster0.example.net`), in the order the server
 * gave them; each target made visible and bounded like any record. Never throws.
 */
export function srvQuery(name: string, servers: readonly string[], budget: ProbeBudget): Promise<SrvQueryResult> {
  return resolverQuery(
    servers,
    budget,
    (resolver) => resolver.resolveSrv(name),
    (records) =>
      records.slice(0, maxRecords).map(({ name: target, port, priority, weight }) => ({
        target: visibleRecord(target),
        port,
        priority,
        weight,
      })),
  );
}

/** Asks `servers` for the TXT records of `name`, each record's strings joined as RFC 7208 §3.3 joins them. */
export function txtQuery(name: string, servers: readonly string[], budget: ProbeBudget): Promise<DnsQueryResult> {
  return resolverQuery(
    servers,
    budget,
    (resolver) => resolver.resolveTxt(name),
    (records) => boundRecords(records.map((chunks) => chunks.join(''))),
  );
}

/**
 * One query through a resolver of its own, set to `servers`, without the system's search list or hosts file. The
 * budget is ours: c-ares' own timeout is only a hint (it grows between attempts), so the query is cancelled when
 * the budget runs out.
 */
async function resolverQuery<T, R>(
  servers: readonly string[],
  budget: ProbeBudget,
  query: (resolver: dns.promises.Resolver) => Promise<T>,
  bound: (answer: T) => R,
): Promise<{ kind: 'answer'; records: R; durationMs: number } | DnsQueryFailure> {
  let started = nowMs();
  const failed = (errno: string): DnsQueryFailure => ({
    kind: 'error',
    code: dnsErrorCode(errno),
    errno,
    durationMs: nowMs() - started,
  });
  if (budget.signal?.aborted) return failed('ECANCELLED');
  // c-ares would answer UNKNOWN_ARES_ERROR; say plainly that there was nobody to ask.
  if (servers.length === 0) return failed('ENOSERVER');

  // Split the budget so that c-ares gets to try every server before ours runs out.
  const perServer = Math.max(1, Math.floor(budget.timeoutMs / servers.length));
  const resolver = new dns.promises.Resolver({ timeout: perServer, tries: 1 });
  try {
    resolver.setServers([...servers]);
  } catch (error) {
    return failed(errnoOf(error));
  }
  // Setting up a resolver reads the system's resolver configuration (~5 ms): not part of the answer time.
  started = nowMs();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    resolver.cancel();
  }, budget.timeoutMs);
  const onAbort = () => resolver.cancel();
  budget.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const answer = await query(resolver);
    return { kind: 'answer', records: bound(answer), durationMs: nowMs() - started };
  } catch (error) {
    // Cancelled because our budget ran out is a timeout; cancelled by the caller stays ECANCELLED.
    return failed(timedOut ? 'ETIMEOUT' : errnoOf(error));
  } finally {
    clearTimeout(timer);
    budget.signal?.removeEventListener('abort', onAbort);
  }
}

function ask(resolver: dns.promises.Resolver, name: string, type: DnsQueryType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name);
    case 'AAAA':
      return resolver.resolve6(name);
    case 'CNAME':
      return resolver.resolveCname(name);
    default: {
      const unknown: never = type;
      throw new Error(`unknown query type ${String(unknown)}`);
    }
  }
}

/** Keeps the first records, each with control, non-ASCII and escape characters written out visibly. */
export function boundRecords(records: readonly string[]): string[] {
  return records.slice(0, maxRecords).map(visibleRecord);
}

export function visibleRecord(record: string): string {
  let text = '';
  for (const char of record) {
    const code = char.codePointAt(0) ?? 0;
    // c-ares already writes odd bytes in names as `\DDD`; this catches whatever gets past it.
    if (code >= 0x20 && code < 0x7f) text += char;
    else text += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    if (text.length >= maxRecordLength) return `${text.slice(0, maxRecordLength)}…`;
  }
  return text;
}
