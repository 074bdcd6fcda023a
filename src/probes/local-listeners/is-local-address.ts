import net from 'node:net';
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
  const family = net.isIP(bare);
  if (family === 0) return null;
  const type = family === 6 ? 'ipv6' : 'ipv4';

  if (unspecified.check(bare, type)) return 'unspecified';
  if (loopback.check(bare, type)) return 'loopback';
  const own = new net.BlockList();
  // Only now, past the cheap checks: listing the interfaces is a system call and a pile of objects.
  for (const info of Object.values(interfaces ?? osModule().networkInterfaces()).flat()) {
    if (info === undefined) continue;
    const ownBare = info.address.replace(/%.*$/, '');
    if (net.isIP(ownBare) !== 0) own.addAddress(ownBare, net.isIPv6(ownBare) ? 'ipv6' : 'ipv4');
  }
  return own.check(bare, type) ? 'interface' : null;
}

/** Whether `address` (an IP literal, as `localAddressKind` takes it) is a loopback address; no system call. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = net.isIP(bare);
  return family !== 0 && loopback.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** Whether `address` is this machine's: loopback, an interface's address, or `0.0.0.0` / `::` (all of them). */
export function isLocalAddress(address: string, interfaces?: NetworkInterfaces): boolean {
  return localAddressKind(address, interfaces) !== null;
}

// A BlockList matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against its IPv4 rules.
const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const unspecified = new net.BlockList();
unspecified.addAddress('0.0.0.0', 'ipv4');
unspecified.addAddress('::', 'ipv6');

/**
 * node:os, loaded on first use: a loopback target never needs it, and loading it costs ~0.25 MiB on the
 * start-up path. `getBuiltinModule` (Node 20.16+) works in ESM (tests); the CommonJS bundle has `require`.
 */
function osModule(): typeof os {
  return typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:os') : require('node:os');
}
