import dgram from 'node:dgram';
import dns from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsRcode, dnsType, type DnsQuestion } from './dns-message.js';
import { labDnsNames, labDnsReply, startLabDnsServer, type LabDnsServer } from './dns-server.js';

const question = (name: string, type: number, klass = 1): DnsQuestion => ({
  labels: name.split('.'),
  name,
  type,
  class: klass,
});
const cname = (name: string, target: string) => ({ name, ttl: 60, type: 'CNAME', target });
const a = (name: string) => ({ name, ttl: 60, type: 'A', address: '127.0.0.1' });
const aaaa = (name: string) => ({ name, ttl: 60, type: 'AAAA', address: '::1' });
const n = labDnsNames;
const { A, AAAA, CNAME } = dnsType;

describe('labDnsReply', () => {
  it.each([
    [n.nxdomain, A, dnsRcode.nxDomain, []],
    ['unknown.lab.test', AAAA, dnsRcode.nxDomain, []],
    [n.gone, A, dnsRcode.nxDomain, []],
    [n.nodata, A, dnsRcode.noError, []],
    [n.nodata, AAAA, dnsRcode.noError, []],
    [n.dangling, A, dnsRcode.nxDomain, [cname(n.dangling, n.gone)]],
    [n.dangling, AAAA, dnsRcode.nxDomain, [cname(n.dangling, n.gone)]],
    [n.dangling, CNAME, dnsRcode.noError, [cname(n.dangling, n.gone)]],
    [n.servfail, A, dnsRcode.servFail, []],
    [n.refused, AAAA, dnsRcode.refused, []],
    [n.v4, A, dnsRcode.noError, [a(n.v4)]],
    [n.v4, AAAA, dnsRcode.noError, []],
    [n.v6, A, dnsRcode.noError, []],
    [n.v6, AAAA, dnsRcode.noError, [aaaa(n.v6)]],
    [n.dual, A, dnsRcode.noError, [a(n.dual)]],
    [n.dual, AAAA, dnsRcode.noError, [aaaa(n.dual)]],
    [n.dual, CNAME, dnsRcode.noError, []],
    [n.alias, A, dnsRcode.noError, [cname(n.alias, n.dual), a(n.dual)]],
    [n.alias, AAAA, dnsRcode.noError, [cname(n.alias, n.dual), aaaa(n.dual)]],
    [n.alias, CNAME, dnsRcode.noError, [cname(n.alias, n.dual)]],
  ])('%s type %i: rcode %i', (name, type, rcode, answers) => {
    expect(labDnsReply(question(name, type))).toEqual({ kind: 'reply', rcode, answers });
  });

  it('answers SRV and TXT for the mongodb+srv names, on the port it was given', () => {
    const service = `_mongodb._tcp.${n.srv}`;
    const srv = (target: string) => ({
      name: service,
      ttl: 60,
      type: 'SRV',
      priority: 0,
      weight: 0,
      port: 28000,
      target,
    });
    expect(labDnsReply(question(service, dnsType.SRV), { srvPort: 28000 })).toEqual({
      kind: 'reply',
      rcode: dnsRcode.noError,
      answers: [srv(n.v4), srv(n.dual)],
    });
    expect(labDnsReply(question(n.srv, dnsType.TXT))).toMatchObject({
      answers: [{ type: 'TXT', strings: ['authSource=admin&replicaSet=rs0'] }],
    });
    expect(labDnsReply(question(`_mongodb._tcp.${n.srvNone}`, dnsType.SRV))).toEqual({
      kind: 'reply',
      rcode: dnsRcode.noError,
      answers: [],
    });
  });

  it('never answers the silent name', () => {
    expect(labDnsReply(question(n.silent, A))).toEqual({ kind: 'silent' });
  });

  it('refuses classes other than IN', () => {
    expect(labDnsReply(question(n.v4, A, 3))).toMatchObject({ rcode: dnsRcode.refused });
  });

  it('keeps every zone name under lab.test', () => {
    for (const name of Object.values(labDnsNames)) expect(name.endsWith('.lab.test')).toBe(true);
  });
});

describe('startLabDnsServer, as c-ares (node:dns Resolver) sees it', () => {
  let server: LabDnsServer;
  beforeAll(async () => {
    server = await startLabDnsServer();
  });
  afterAll(() => server.close());

  const ask = async (method: 'resolve4' | 'resolve6' | 'resolveCname', name: string) => {
    const resolver = new dns.promises.Resolver({ timeout: 300, tries: 1 });
    resolver.setServers([`${server.host}:${server.port}`]);
    try {
      return await resolver[method](name);
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it('listens on 127.0.0.1 and an ephemeral port', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
  });

  // These pin the errno each lab case produces in c-ares; dns-error-code.ts maps exactly these.
  it.each([
    ['resolve4', n.nxdomain, 'ENOTFOUND'],
    ['resolveCname', n.nxdomain, 'ENOTFOUND'],
    ['resolve4', n.nodata, 'ENODATA'],
    ['resolve6', n.nodata, 'ENODATA'],
    ['resolve4', n.dangling, 'ENOTFOUND'],
    ['resolve6', n.dangling, 'ENOTFOUND'],
    ['resolveCname', n.dangling, [n.gone]],
    ['resolve4', n.servfail, 'ESERVFAIL'],
    ['resolve4', n.refused, 'EREFUSED'],
    ['resolve4', n.v4, ['127.0.0.1']],
    ['resolve6', n.v4, 'ENODATA'],
    ['resolve4', n.v6, 'ENODATA'],
    ['resolve6', n.v6, ['::1']],
    ['resolve4', n.dual, ['127.0.0.1']],
    ['resolve6', n.dual, ['::1']],
    ['resolve4', n.alias, ['127.0.0.1']],
    ['resolve6', n.alias, ['::1']],
    ['resolveCname', n.alias, [n.dual]],
    ['resolve4', 'DuAl.LAB.Test', ['127.0.0.1']],
    ['resolve4', n.silent, 'ETIMEOUT'],
  ] as const)('%s %s → %j', async (method, name, expected) => {
    expect(await ask(method, name)).toEqual(expected);
  });

  it('ignores a malformed packet and answers the next query', async () => {
    const client = dgram.createSocket('udp4');
    try {
      const firstReply = new Promise<Buffer>((resolve) => client.once('message', resolve));
      const garbage = Buffer.from([0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c, 0, 1, 0, 1]);
      const good = Buffer.from('abcd010000010000000000000276340000010001', 'hex'); // "v4." type A
      good.writeUInt16BE(0x4242, 0);
      client.send(garbage, server.port, server.host);
      client.send(good, server.port, server.host);
      // The server handles packets in order, so a reply to the garbage would arrive first.
      const reply = await firstReply;
      expect(reply.readUInt16BE(0)).toBe(0x4242);
      expect(reply.readUInt16BE(2) & 0x000f).toBe(dnsRcode.nxDomain);
    } finally {
      client.close();
    }
  });

  it('closes idempotently', async () => {
    const other = await startLabDnsServer();
    await Promise.all([other.close(), other.close()]);
    await expect(other.close()).resolves.toBeUndefined();
  });
});
