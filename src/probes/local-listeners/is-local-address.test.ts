import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { isLocalAddress, isLoopbackAddress, localAddressKind, type NetworkInterfaces } from './is-local-address.js';

const info = (address: string, family: 'IPv4' | 'IPv6'): os.NetworkInterfaceInfo =>
  ({
    address,
    family,
    netmask: '',
    mac: '00:00:00:00:00:00',
    internal: false,
    cidr: null,
    scopeid: 0,
  }) as os.NetworkInterfaceInfo;
const interfaces: NetworkInterfaces = {
  lo: [info('127.0.0.1', 'IPv4'), info('::1', 'IPv6')],
  eth0: [info('192.0.2.10', 'IPv4'), info('2001:db8::10', 'IPv6'), info('fe80::1%eth0', 'IPv6')],
};

describe('localAddressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.42.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.2', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['192.0.2.10', 'interface'],
    ['::ffff:192.0.2.10', 'interface'],
    ['2001:DB8:0::10', 'interface'],
    ['fe80::1%eth0', 'interface'],
    ['192.0.2.11', null],
    ['2001:db8::11', null],
    ['example.com', null],
    ['', null],
  ])('%s → %s', (address, kind) => {
    expect(localAddressKind(address, interfaces)).toBe(kind);
  });

  it('reads this machine’s own interfaces by default', () => {
    expect(isLocalAddress('127.0.0.1')).toBe(true);
    expect(isLocalAddress('::1')).toBe(true);
    const own = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i !== undefined && !i.internal);
    if (own !== undefined) expect(isLocalAddress(own.address)).toBe(true);
    // TEST-NET-2 (RFC 5737) is never assigned to a machine.
    expect(isLocalAddress('198.51.100.7')).toBe(false);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['192.0.2.10', false],
    ['::', false],
    ['localhost', false],
  ])('%s → %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
