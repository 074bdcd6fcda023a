import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDnsNames as n, startLabDnsServer, type LabDnsServer } from '../lab/dns-server.js';
import { lookupSrv, srvConclusion, withinParentDomain } from './dns-srv.js';

const budget = { timeoutMs: 2000 };

/** Against the lab's DNS server on loopback: never the system resolver for these made-up names. */
describe('lookupSrv (the lab DNS server)', () => {
  let server: LabDnsServer;
  let at: string[];
  beforeAll(async () => {
    server = await startLabDnsServer({ srvPort: 27999 });
    at = [`${server.host}:${server.port}`];
  });
  afterAll(() => server.close());

  it('finds the SRV records in order, the first to diagnose, and the TXT options', async () => {
    const lookup = await lookupSrv(n.srv, at, budget);
    expect(lookup).toMatchObject({
      name: `_mongodb._tcp.${n.srv}`,
      servers: at,
      chosen: { target: n.v4, port: 27999 },
      outside: [],
      srv: {
        kind: 'answer',
        records: [
          { target: n.v4, port: 27999 },
          { target: n.dual, port: 27999 },
        ],
      },
      txt: { kind: 'answer', records: ['authSource=admin&replicaSet=rs0'] },
    });
  });

  it('no such name: NXDOMAIN, read as no-such-host', async () => {
    const lookup = await lookupSrv(n.nxdomain, at, budget);
    expect(lookup.chosen).toBeNull();
    expect(lookup.srv).toMatchObject({ kind: 'error', code: 'nxdomain' });
    expect(srvConclusion(lookup)).toEqual({ kind: 'no-such-host', danglingCname: null });
  });

  it('a name without SRV records: NODATA, read as no-address', async () => {
    const lookup = await lookupSrv(n.srvNone, at, budget);
    expect(lookup.srv).toMatchObject({ kind: 'error', code: 'nodata' });
    expect(srvConclusion(lookup)).toEqual({ kind: 'no-address' });
    expect(lookup.txt).toMatchObject({ kind: 'error', code: 'nodata' });
  });
});

describe('withinParentDomain (the seedlist spec: SRV targets stay in the host’s domain)', () => {
  it.each([
    ['cluster0.abcde.mongodb.net', 'cluster0-shard-00-00.abcde.mongodb.net', true],
    ['cluster0.abcde.mongodb.net', 'CLUSTER0-SHARD-00-01.abcde.mongodb.net.', true],
    ['cluster0.abcde.mongodb.net', 'evil.example.com', false],
    ['cluster0.abcde.mongodb.net', 'abcde.mongodb.net', false],
    ['cluster0.abcde.mongodb.net', 'x.mongodb.net', false],
    ['srv.lab.test', 'v4.lab.test', true],
    // Fewer than three labels: the targets must be under the host itself.
    ['mongo.local', 'db1.mongo.local', true],
    ['mongo.local', 'other.local', false],
    // Untrusted record data: only plain host names.
    ['srv.lab.test', 'a\\x00b.lab.test', false],
    ['srv.lab.test', 'a b.lab.test', false],
  ])('%s → %s: %s', (host, target, expected) => {
    expect(withinParentDomain(host, target)).toBe(expected);
  });
});
