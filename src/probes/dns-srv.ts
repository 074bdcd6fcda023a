import type { DnsConclusion, SrvLookup } from './dns-facts.js';
import { srvQuery, txtQuery } from './dns-query.js';
import type { ProbeBudget } from './probe-budget.js';

/**
 * A `mongodb+srv://` host's seedlist, as MongoDB's "Initial DNS Seedlist Discovery" spec has drivers find it:
 * the SRV records of `_mongodb._tcp.<host>` and the TXT record of `<host>`, asked of `servers` together. The
 * record diagnosed is the first the server listed (drivers ignore priority and weight, by the spec) whose host is
 * inside the URL host's domain; the others are evidence. Never throws.
 */
export async function lookupSrv(host: string, servers: readonly string[], budget: ProbeBudget): Promise<SrvLookup> {
  const name = `_mongodb._tcp.${host}`;
  const [srv, txt] = await Promise.all([srvQuery(name, servers, budget), txtQuery(host, servers, budget)]);
  const records = srv.kind === 'answer' ? srv.records : [];
  const inside = records.filter((record) => withinParentDomain(host, record.target));
  const outside = records.filter((record) => !inside.includes(record)).map((record) => record.target);
  return { name, servers: [...servers], srv, txt, chosen: inside[0] ?? null, outside };
}

/**
 * Whether an SRV target may be followed (the spec's rule, against a record that sends clients elsewhere): a plain
 * host name and, for a
 * host of three labels or more, the target ends in the host's parent domain (`x.abc.mongodb.net` for
 * `cluster0.abc.mongodb.net`); for a shorter host, the target is a name under the host itself.
 */
export function withinParentDomain(host: string, target: string): boolean {
  const lower = (name: string) => name.toLowerCase().replace(/\.$/, '');
  const given = lower(host);
  const found = lower(target);
  // A record's target is untrusted: only a plain host name is followed.
  if (found.length > 253 || !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(found)) return false;
  const labels = given.split('.');
  const parent = labels.length >= 3 ? labels.slice(1).join('.') : given;
  return found.endsWith(`.${parent}`) && found.split('.').length > parent.split('.').length;
}

/** What a lookup that named no server to diagnose concludes: NXDOMAIN, NODATA, or the resolver's failure. */
export function srvConclusion(lookup: SrvLookup): DnsConclusion {
  const { srv } = lookup;
  if (srv.kind === 'answer') return { kind: 'no-address' };
  if (srv.code === 'nxdomain') return { kind: 'no-such-host', danglingCname: null };
  if (srv.code === 'nodata') return { kind: 'no-address' };
  return { kind: 'resolver-failure', code: srv.code };
}
