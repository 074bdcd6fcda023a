import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDnsNames as n, startLabDnsServer, type LabDnsServer } from '../lab/dns-server.js';
import { boundRecords, dnsQuery, maxRecordLength, maxRecords } from './dns-query.js';

// Every query goes to the lab's DNS server on loopback, never to the system's resolvers.
describe('dnsQuery against the lab DNS server', () => {
  let server: LabDnsServer;
  let servers: string[];
  beforeAll(async () => {
    server = await startLabDnsServer();
    servers = [`${server.host}:${server.port}`];
  });
  afterAll(() => server.close());

  it.each([
    [n.v4, 'A', ['127.0.0.1']],
    [n.v6, 'AAAA', ['::1']],
    [n.dual, 'AAAA', ['::1']],
    [n.alias, 'A', ['127.0.0.1']],
    [n.alias, 'CNAME', [n.dual]],
    [n.dangling, 'CNAME', [n.gone]],
  ] as const)('%s %s answers %j', async (name, type, records) => {
    expect(await dnsQuery(name, type, servers, { timeoutMs: 2000 })).toMatchObject({ kind: 'answer', records });
  });

  it.each([
    [n.nxdomain, 'A', 'nxdomain', 'ENOTFOUND'],
    [n.dangling, 'AAAA', 'nxdomain', 'ENOTFOUND'],
    [n.nodata, 'A', 'nodata', 'ENODATA'],
    [n.v4, 'AAAA', 'nodata', 'ENODATA'],
    [n.dual, 'CNAME', 'nodata', 'ENODATA'],
    [n.servfail, 'A', 'servfail', 'ESERVFAIL'],
    [n.refused, 'AAAA', 'refused', 'EREFUSED'],
  ] as const)('%s %s fails with %s (%s)', async (name, type, code, errno) => {
    expect(await dnsQuery(name, type, servers, { timeoutMs: 2000 })).toMatchObject({ kind: 'error', code, errno });
  });

  it('times out within the budget when the server stays silent', async () => {
    const started = performance.now();
    const result = await dnsQuery(n.silent, 'A', servers, { timeoutMs: 300 });
    expect(result).toMatchObject({ kind: 'error', code: 'timeout' });
    expect(performance.now() - started).toBeLessThan(2300);
  });

  it('is cancelled by the caller', async () => {
    const controller = new AbortController();
    const pending = dnsQuery(n.silent, 'A', servers, { timeoutMs: 60_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ kind: 'error', code: 'other', errno: 'ECANCELLED' });
    expect(await dnsQuery(n.v4, 'A', servers, { timeoutMs: 1000, signal: controller.signal })).toMatchObject({
      errno: 'ECANCELLED',
    });
  });

  it('reports a port where no DNS server listens as temporary (ECONNREFUSED)', async () => {
    const gone = await startLabDnsServer();
    await gone.close();
    const result = await dnsQuery(n.v4, 'A', [`${gone.host}:${gone.port}`], { timeoutMs: 2000 });
    expect(result).toMatchObject({ kind: 'error', code: 'temporary', errno: 'ECONNREFUSED' });
  });

  it('says no-resolver when there is no server to ask', async () => {
    expect(await dnsQuery(n.v4, 'A', [], { timeoutMs: 1000 })).toMatchObject({
      kind: 'error',
      code: 'no-resolver',
      errno: 'ENOSERVER',
    });
  });

  it('turns an unusable server address into a result', async () => {
    expect(await dnsQuery(n.v4, 'A', ['not an address'], { timeoutMs: 1000 })).toMatchObject({
      kind: 'error',
      code: 'other',
    });
  });
});

describe('boundRecords', () => {
  it('keeps at most maxRecords records', () => {
    expect(boundRecords(Array.from({ length: 100 }, (_, i) => `r${i}`))).toHaveLength(maxRecords);
  });

  it('writes control, escape and non-ASCII characters visibly', () => {
    expect(boundRecords(['evil\u001b[2J.test', 'tab\there', 'caf\u00e9', 'smile\u{1f600}'])).toEqual([
      'evil\\x1b[2J.test',
      'tab\\x09here',
      'caf\\xe9',
      'smile\\u{1f600}',
    ]);
  });

  it('caps each record', () => {
    const [long] = boundRecords(['a'.repeat(10_000)]);
    expect(long).toBe(`${'a'.repeat(maxRecordLength)}…`);
    const [escaped] = boundRecords(['\u0001'.repeat(10_000)]);
    expect(escaped!.length).toBeLessThanOrEqual(maxRecordLength + 1);
  });
});
