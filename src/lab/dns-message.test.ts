import { describe, expect, it } from 'vitest';
import { buildResponse, dnsRcode, dnsType, ipv6Bytes, parseQuery, readName } from './dns-message.js';

/** A query as a stub resolver writes it: header, one question, uncompressed name. */
function queryPacket(name: string, type: number, options: { id?: number; flags?: number; qdcount?: number } = {}) {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? 0x1234, 0);
  header.writeUInt16BE(options.flags ?? 0x0100, 2);
  header.writeUInt16BE(options.qdcount ?? 1, 4);
  const labels = name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]));
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  return Buffer.concat([header, ...labels, Buffer.from([0]), tail]);
}

describe('parseQuery', () => {
  it('reads id, recursion flag and the question, keeping case for the echo and lower-casing the lookup name', () => {
    const query = parseQuery(queryPacket('V4.Lab.Test', dnsType.AAAA, { id: 77 }));
    expect(query).toEqual({
      id: 77,
      recursionDesired: true,
      question: { labels: ['V4', 'Lab', 'Test'], name: 'v4.lab.test', type: dnsType.AAAA, class: 1 },
    });
  });

  it('writes a dot inside a label as \\. so it cannot pass for two labels', () => {
    const packet = queryPacket('x.test', dnsType.A);
    packet[13] = '.'.charCodeAt(0); // label "x" becomes "."
    expect(parseQuery(packet)?.question.name).toBe('\\..test');
  });

  it.each([
    ['a response', queryPacket('a.test', 1, { flags: 0x8100 })],
    ['a non-query opcode', queryPacket('a.test', 1, { flags: 0x2800 })],
    ['two questions', queryPacket('a.test', 1, { qdcount: 2 })],
    ['no question', queryPacket('a.test', 1, { qdcount: 0 })],
    ['a short header', Buffer.alloc(5)],
    ['a truncated question', queryPacket('a.test', 1).subarray(0, 20)],
    ['a packet past 512 bytes', Buffer.concat([queryPacket('a.test', 1), Buffer.alloc(600)])],
  ])('ignores %s', (_, packet) => {
    expect(parseQuery(packet)).toBeNull();
  });
});

describe('readName', () => {
  it('follows a backward compression pointer and continues after it', () => {
    // "lab.test" at 0, then "v4" + pointer to 0 at 10.
    const view = Buffer.from([3, 0x6c, 0x61, 0x62, 4, 0x74, 0x65, 0x73, 0x74, 0, 2, 0x76, 0x34, 0xc0, 0, 0xff]);
    expect(readName(view, 10)).toEqual({ labels: ['v4', 'lab', 'test'], next: 15 });
  });

  it.each([
    ['a pointer to itself', Buffer.from([0xc0, 0x00])],
    ['a forward pointer', Buffer.from([0xc0, 0x02, 0])],
    ['a name running off the end', Buffer.from([5, 0x61])],
    ['an extended label type', Buffer.from([0x41, 0])],
    [
      'a name longer than 255 bytes',
      Buffer.concat([...new Array(5).fill(Buffer.from([63, ...Buffer.alloc(63, 0x61)])), Buffer.from([0])]),
    ],
  ])('refuses %s', (_, view) => {
    expect(readName(view, 0)).toBeNull();
  });

  it('stops a chain of backward pointers after a few hops', () => {
    // Each pointer points at the one before it: 40 hops down to a root label at 0.
    const chain = [0, ...Array.from({ length: 40 }, (_, i) => [0xc0, i === 0 ? 0 : 1 + (i - 1) * 2]).flat()];
    const view = Buffer.from(chain);
    expect(readName(view, view.length - 2)).toBeNull();
    expect(readName(view, 3)).toEqual({ labels: [], next: 5 });
  });
});

describe('buildResponse', () => {
  const query = parseQuery(queryPacket('Alias.lab.test', dnsType.A, { id: 0xbeef }))!;

  it('echoes id and question, sets QR, AA, RD and RA, never TC, and carries the rcode and answer count', () => {
    const packet = buildResponse(query, dnsRcode.nxDomain, [
      { name: 'alias.lab.test', ttl: 60, type: 'CNAME', target: 'dual.lab.test' },
    ]);
    expect(packet.readUInt16BE(0)).toBe(0xbeef);
    const flags = packet.readUInt16BE(2);
    expect(flags & 0x8000).toBe(0x8000);
    expect(flags & 0x0400).toBe(0x0400);
    expect(flags & 0x0200).toBe(0);
    expect(flags & 0x0100).toBe(0x0100);
    expect(flags & 0x000f).toBe(dnsRcode.nxDomain);
    expect([packet.readUInt16BE(4), packet.readUInt16BE(6), packet.readUInt16BE(8), packet.readUInt16BE(10)]).toEqual([
      1, 1, 0, 0,
    ]);
    const question = queryPacket('Alias.lab.test', dnsType.A).subarray(12);
    expect(packet.subarray(12, 12 + question.length)).toEqual(question);
  });

  it('writes A, AAAA and CNAME records with their rdata', () => {
    const packet = buildResponse(query, dnsRcode.noError, [
      { name: 'dual.lab.test', ttl: 60, type: 'A', address: '127.0.0.1' },
      { name: 'dual.lab.test', ttl: 60, type: 'AAAA', address: '::1' },
      { name: 'a.test', ttl: 5, type: 'CNAME', target: 'b.test' },
    ]);
    const questionEnd = 12 + 16 + 4;
    const aStart = questionEnd + 15; // dual.lab.test = 15 bytes on the wire
    expect(packet.readUInt16BE(aStart)).toBe(dnsType.A);
    expect(packet.readUInt32BE(aStart + 4)).toBe(60);
    expect([...packet.subarray(aStart + 10, aStart + 14)]).toEqual([127, 0, 0, 1]);
    const aaaaStart = aStart + 14 + 15;
    expect(packet.readUInt16BE(aaaaStart)).toBe(dnsType.AAAA);
    expect(packet.readUInt16BE(aaaaStart + 8)).toBe(16);
    const cnameStart = aaaaStart + 26 + 8; // a.test = 8 bytes
    expect(packet.readUInt16BE(cnameStart)).toBe(dnsType.CNAME);
    expect(readName(packet, cnameStart + 10)).toEqual({ labels: ['b', 'test'], next: packet.length });
  });
});

describe('ipv6Bytes', () => {
  it.each([
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['2001:db8::a:b', '20010db80000000000000000000a000b'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
  ])('writes %s', (address, hex) => {
    expect(ipv6Bytes(address).toString('hex')).toBe(hex);
  });

  it('refuses what is not a plain IPv6 address', () => {
    expect(() => ipv6Bytes('127.0.0.1')).toThrow();
    expect(() => ipv6Bytes('fe80::1%eth0')).toThrow();
  });
});
