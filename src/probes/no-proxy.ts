import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** A NO_PROXY entry curl reads past without ever matching, though other clients may honour it: worth a line in a report. */
export interface IgnoredNoProxyEntry {
  /** The entry as written. */
  entry: string;
  /**
   * `port`: curl compares host names only, so `host:8080` never matches (Go's net/http honours it).
   * `wildcard`: only a whole value of `*` is special; `*.corp` is not a pattern (write `.corp`).
   * `brackets`: curl wants IPv6 entries without brackets.
   * `after-space`: curl stops reading at an entry separated by a space instead of a comma.
   */
  why: 'port' | 'wildcard' | 'brackets' | 'after-space';
}

/** Blanks as curl's ISBLANK sees them. */
const BLANK = new Set([' ', '\t']);

/**
 * The NO_PROXY entry that keeps `host` off the proxy, as curl ≥ 7.86 (lib/noproxy.c) decides, or null.
 * `*` alone matches everything. A name matches an entry equal to it or a domain suffix of it (`example.com` and
 * `.example.com` both cover `www.example.com`, never `notexample.com`), case-insensitively, trailing dots ignored.
 * An IP literal matches only IP entries of its family, exactly or by CIDR; curl never resolves, so `localhost`
 * does not cover 127.0.0.1. Two departures, both towards curl's documentation: an IPv6 target is compared as an
 * address (some curl versions compare it as text), and IPv6 CIDR prefixes that are not a whole number of bytes
 * are matched correctly. `host` is an ASCII name or an IP literal without brackets.
 */
export function noProxyMatch(host: string, list: string): string | null {
  if (list === '*') return '*';
  if (host === '') return null;
  const family = isIPv4(host) ? 4 : isIPv6(host) ? 6 : null;
  const name = family === null ? host.replace(/\.$/, '').toLowerCase() : host;
  for (const entry of readEntries(list).read) {
    const matched = family === null ? nameMatches(name, entry) : addressMatches(name, family, entry);
    if (matched) return entry;
  }
  return null;
}

/** The entries of `list` that curl will never match, with why. */
export function ignoredNoProxyEntries(list: string): IgnoredNoProxyEntry[] {
  if (list === '*') return [];
  const { read, unread } = readEntries(list);
  const ignored: IgnoredNoProxyEntry[] = [];
  for (const entry of read) {
    if (entry.startsWith('[')) ignored.push({ entry, why: 'brackets' });
    else if (entry.includes('*')) ignored.push({ entry, why: 'wildcard' });
    else if (/^[^:]+:\d+$/.test(entry)) ignored.push({ entry, why: 'port' });
  }
  return [...ignored, ...unread.map((entry) => ({ entry, why: 'after-space' as const }))];
}

/** Splits as curl does: entries end at a comma or a blank, and after blanks only a comma lets the list go on. */
function readEntries(list: string): { read: string[]; unread: string[] } {
  const read: string[] = [];
  let i = 0;
  while (i < list.length) {
    while (i < list.length && BLANK.has(list[i]!)) i++;
    const start = i;
    while (i < list.length && !BLANK.has(list[i]!) && list[i] !== ',') i++;
    if (i > start) read.push(list.slice(start, i));
    while (i < list.length && BLANK.has(list[i]!)) i++;
    if (list[i] !== ',') break;
    while (list[i] === ',') i++;
  }
  const unread = list
    .slice(i)
    .split(/[\s,]+/)
    .filter((entry) => entry !== '');
  return { read, unread };
}

function nameMatches(name: string, entry: string): boolean {
  const domain = entry.replace(/\.$/, '').replace(/^\./, '').toLowerCase();
  if (domain === '') return false;
  return name === domain || name.endsWith(`.${domain}`);
}

/** curl reads the prefix length with atoi: digits up to the first other character, 0 when there are none. */
function addressMatches(address: string, family: 4 | 6, entry: string): boolean {
  const slash = entry.indexOf('/');
  const network = slash < 0 ? entry : entry.slice(0, slash);
  const bits = slash < 0 ? 0 : Number(/^\d*/.exec(entry.slice(slash + 1))![0] || 0);
  if (family === 4) {
    if (!isIPv4(network) || bits > 32) return false;
    // curl takes /0 as "the whole address", like no prefix at all: 0.0.0.0/0 does not match everything.
    return inSubnet(address, network, bits === 0 ? 32 : bits, 'ipv4');
  }
  if (!isIPv6(network) || bits > 128) return false;
  return inSubnet(address, network, bits === 0 ? 128 : bits, 'ipv6');
}

function inSubnet(address: string, network: string, prefix: number, type: 'ipv4' | 'ipv6'): boolean {
  const block = new BlockList();
  block.addSubnet(network, prefix, type);
  return block.check(address, type);
}
