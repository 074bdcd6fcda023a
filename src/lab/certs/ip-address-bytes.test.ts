import { describe, expect, it } from 'vitest';
import { ipAddressBytes } from './ip-address-bytes.js';

describe('ipAddressBytes', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['2001:db8::8:800:200c:417a', '20010db80000000000080800200c417a'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
  ])('%s', (address, expected) => {
    expect(ipAddressBytes(address).toString('hex')).toBe(expected);
  });

  it('refuses what is not an IP address', () => {
    expect(() => ipAddressBytes('localhost')).toThrow('not an IP address');
    expect(() => ipAddressBytes('1.2.3.256')).toThrow('not an IP address');
  });
});
