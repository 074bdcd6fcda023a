import { BlockList, isIP } from 'node:net';
import type os from 'node:os';

/** How an address belongs to this machine. */
export type LocalAddressKind =
  /** 127.0.0.0/8, ::1, or their IPv4-mapped form. */
  | 'loopback'
  /** `0.0.0.0` or `::`: as a bind address, every local address of the family. */
  | 'unspecified'
  /** The address of one of this machine's interfaces. */
  | 'interface';

/** The interfaces as `os.networkInterfaces()` returns them. */
export type NetworkInterfaces = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/**
 * Whether `address` (an IP literal, in brackets or not, with or without an IPv6 zone) is this machine's, and
 * how; null when it is not, or is not an IP literal. IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function localAddressKind(address: string, interfaces?: NetworkInterfaces): LocalAddressKind | null {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return null;
  if (family === 4) {
    if (bare === '0.0.0.0') return 'unspecified';
    if (isLoopbackIPv4(bare)) return 'loopback';
  } else {
    if (blockLists().unspecified.check(bare, 'ipv6')) return 'unspecified';
    if (blockLists().loopback.check(bare, 'ipv6')) return 'loopback';
  }
  // Only now, past the cheap checks: listing the interfaces is a system call and a pile of objects.
  const own = Object.values(interfaces ?? osModule().networkInterfaces())
    .flat()
    .flatMap((info) => (info === undefined ? [] : [info.address.replace(/%.*$/, '')]))
    .filter((ownBare) => isIP(ownBare) !== 0);
  // A dotted quad has one spelling (isIP takes no leading zeros), so an IPv4 address is found by its text.
  if (family === 4) return own.includes(bare) ? 'interface' : null;
  const list = new BlockList();
  for (const ownBare of own) list.addAddress(ownBare, isIP(ownBare) === 6 ? 'ipv6' : 'ipv4');
  return list.check(bare, 'ipv6') ? 'interface' : null;
}

/** Whether `address` (an IP literal, as `localAddressKind` takes it) is a loopback address; no system call. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return isLoopbackIPv4(bare);
  return family === 6 && blockLists().loopback.check(bare, 'ipv6');
}

/** 127.0.0.0/8, for a valid dotted quad. */
const isLoopbackIPv4 = (bare: string) => bare.startsWith('127.');

/** Whether `address` is this machine's: loopback, an interface's address, or `0.0.0.0` / `::` (all of them). */
export function isLocalAddress(address: string, interfaces?: NetworkInterfaces): boolean {
  return localAddressKind(address, interfaces) !== null;
}

/**
 * The lists that read IPv6 addresses in any spelling; a BlockList matches an IPv4-mapped IPv6 address
 * (::ffff:127.0.0.1) against its IPv4 rules. Made on first use: node:net loads its BlockList code then (~0.3 ms, on
 * every run when made as this module loaded), and an IPv4 target never needs it.
 */
let lists: { loopback: BlockList; unspecified: BlockList } | undefined;
function blockLists(): { loopback: BlockList; unspecified: BlockList } {
  if (lists) return lists;
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  const unspecified = new BlockList();
  unspecified.addAddress('0.0.0.0', 'ipv4');
  unspecified.addAddress('::', 'ipv6');
  lists = { loopback, unspecified };
  return lists;
}

/**
 * node:os, loaded on first use: a loopback target never needs it, and loading it costs ~0.25 MiB on the
 * start-up path. `getBuiltinModule` (Node 20.16+) works in ESM (tests); the CommonJS bundle has `require`.
 */
function osModule(): typeof os {
  return typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:os') : require('node:os');
}
