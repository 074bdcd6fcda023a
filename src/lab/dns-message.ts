/**
 * Just enough of the DNS wire format (RFC 1035 §4) for the lab's DNS server: read one question from a
 * query, write a response with A, AAAA, CNAME, SRV and TXT answers. Every packet is untrusted, so parsing is bounded
 * (size, label count, compression hops) and returns null instead of throwing.
 */
import net from 'node:net';

/** Record types the lab knows. */
export const dnsType = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, SRV: 33 } as const;

/** Response codes (RFC 1035 §4.1.1). */
export const dnsRcode = { noError: 0, formErr: 1, servFail: 2, nxDomain: 3, notImp: 4, refused: 5 } as const;

/** Class IN, the only one the lab answers. */
export const dnsClassIn = 1;

/** Classic DNS over UDP without EDNS: a query larger than this is not one we need to read. */
export const maxUdpMessage = 512;

const headerLength = 12;
const maxNameLength = 255;
const maxLabels = 128;
const maxPointerHops = 16;

/** The one question of a query. */
export interface DnsQuestion {
  /** The labels as sent (latin1, case preserved), so the response echoes the question byte for byte. */
  labels: string[];
  /** Lower-cased dotted name without the root dot, for lookups; a dot inside a label is written `\.`. */
  name: string;
  type: number;
  class: number;
}

/** A standard query with exactly one question. */
export interface DnsQuery {
  id: number;
  recursionDesired: boolean;
  question: DnsQuestion;
}

/** One answer record; names are dotted ASCII without the root dot. */
export type DnsAnswer = { name: string; ttl: number } & (
  | /** An IPv4 address. */ { type: 'A'; address: string }
  | /** An IPv6 address. */ { type: 'AAAA'; address: string }
  | /** An alias pointing at another name. */ { type: 'CNAME'; target: string }
  | /** A service's host and port (RFC 2782), as `mongodb+srv://` looks them up. */ {
      type: 'SRV';
      priority: number;
      weight: number;
      port: number;
      target: string;
    }
  | /** Text strings (RFC 1035 §3.3.14), each at most 255 bytes. */ { type: 'TXT'; strings: string[] }
);

/** Reads a standard query (QR=0, opcode 0, one question); null for anything else or anything malformed. */
export function parseQuery(packet: Uint8Array): DnsQuery | null {
  if (packet.length < headerLength || packet.length > maxUdpMessage) return null;
  const view = Buffer.from(packet.buffer, packet.byteOffset, packet.length);
  const flags = view.readUInt16BE(2);
  const isResponse = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0x0f;
  if (isResponse || opcode !== 0 || view.readUInt16BE(4) !== 1) return null;

  const read = readName(view, headerLength);
  if (read === null || read.next + 4 > view.length) return null;
  const name = read.labels.map((label) => label.toLowerCase().replaceAll('.', '\\.')).join('.');
  return {
    id: view.readUInt16BE(0),
    recursionDesired: (flags & 0x0100) !== 0,
    question: {
      labels: read.labels,
      name,
      type: view.readUInt16BE(read.next),
      class: view.readUInt16BE(read.next + 2),
    },
  };
}

/**
 * Reads a possibly compressed name. Pointers may only point backwards and are followed a few times at
 * most, so a hostile packet cannot loop us; the name is capped at 255 bytes as RFC 1035 requires.
 */
export function readName(view: Buffer, offset: number): { labels: string[]; next: number } | null {
  const labels: string[] = [];
  let position = offset;
  let next: number | null = null;
  let length = 1;
  let hops = 0;
  while (labels.length <= maxLabels) {
    if (position >= view.length) return null;
    const size = view[position] ?? 0;
    if ((size & 0xc0) === 0xc0) {
      if (position + 1 >= view.length || ++hops > maxPointerHops) return null;
      const target = ((size & 0x3f) << 8) | (view[position + 1] ?? 0);
      if (target >= position) return null;
      next ??= position + 2;
      position = target;
      continue;
    }
    if ((size & 0xc0) !== 0) return null;
    if (size === 0) return { labels, next: next ?? position + 1 };
    length += size + 1;
    if (length > maxNameLength || position + 1 + size > view.length) return null;
    labels.push(view.toString('latin1', position + 1, position + 1 + size));
    position += 1 + size;
  }
  return null;
}

/** Writes the response to `query`: its question echoed, then the answers, uncompressed; TC is never set. */
export function buildResponse(query: DnsQuery, rcode: number, answers: readonly DnsAnswer[]): Buffer {
  const header = Buffer.alloc(headerLength);
  header.writeUInt16BE(query.id, 0);
  // QR=1, AA=1, RD copied, RA=1: an authoritative answer from a server that would also recurse.
  header.writeUInt16BE(0x8000 | 0x0400 | (query.recursionDesired ? 0x0100 : 0) | 0x0080 | (rcode & 0x0f), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const { question } = query;
  const parts = [header, encodeLabels(question.labels), uint16Pair(question.type, question.class)];
  for (const answer of answers) parts.push(encodeAnswer(answer));
  return Buffer.concat(parts);
}

function encodeAnswer(answer: DnsAnswer): Buffer {
  const rdata = answerData(answer);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(dnsType[answer.type], 0);
  fixed.writeUInt16BE(dnsClassIn, 2);
  fixed.writeUInt32BE(answer.ttl, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(answer.name), fixed, rdata]);
}

function answerData(answer: DnsAnswer): Buffer {
  switch (answer.type) {
    case 'A':
      return Buffer.from(answer.address.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(answer.address);
    case 'CNAME':
      return encodeName(answer.target);
    case 'SRV': {
      const fixed = Buffer.alloc(6);
      fixed.writeUInt16BE(answer.priority, 0);
      fixed.writeUInt16BE(answer.weight, 2);
      fixed.writeUInt16BE(answer.port, 4);
      return Buffer.concat([fixed, encodeName(answer.target)]);
    }
    case 'TXT':
      return Buffer.concat(
        answer.strings.map((text) => {
          const bytes = Buffer.from(text, 'latin1').subarray(0, 255);
          return Buffer.concat([Buffer.from([bytes.length]), bytes]);
        }),
      );
    default: {
      const unknown: never = answer;
      throw new Error(`unknown record ${String(unknown)}`);
    }
  }
}

/** The 16 bytes of an IPv6 address written in any valid textual form (`::1`, `2001:db8::a:b`). */
export function ipv6Bytes(address: string): Buffer {
  if (net.isIPv6(address) !== true || address.includes('%') || address.includes('.')) {
    throw new Error(`not a plain IPv6 address: ${address}`);
  }
  const [head = '', tail] = address.split('::');
  const groups = (text: string) => (text === '' ? [] : text.split(':').map((group) => parseInt(group, 16)));
  const before = groups(head);
  const after = tail === undefined ? [] : groups(tail);
  const all = [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  const bytes = Buffer.alloc(16);
  for (const [index, group] of all.entries()) bytes.writeUInt16BE(group, index * 2);
  return bytes;
}

function encodeName(name: string): Buffer {
  return encodeLabels(name === '' ? [] : name.split('.'));
}

function encodeLabels(labels: readonly string[]): Buffer {
  const parts = labels.map((label) => {
    const bytes = Buffer.from(label, 'latin1');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function uint16Pair(first: number, second: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt16BE(first, 0);
  bytes.writeUInt16BE(second, 2);
  return bytes;
}
