import { endianness } from 'node:os';
import { describe, expect, it } from 'vitest';
import { hostEndianness, parseProcNetTcp } from './proc-net-tcp.js';
import { procNetTcp, procNetTcp6 } from './proc-net-samples.test-helper.js';

describe('parseProcNetTcp', () => {
  it('reads the IPv4 listeners of a real /proc/net/tcp, and only them', () => {
    expect(parseProcNetTcp(procNetTcp, 4, 'LE')).toEqual([
      { address: '0.0.0.0', family: 4, port: 41002, inode: 250067, uid: 0 },
      { address: '127.0.0.1', family: 4, port: 41001, inode: 250066, uid: 0 },
      { address: '127.0.0.2', family: 4, port: 41006, inode: 250071, uid: 0 },
      { address: '127.0.0.1', family: 4, port: 41012, inode: 251650, uid: 0 },
    ]);
  });

  it('reads IPv6 words in host byte order: ::, the IPv4-mapped form and ::1', () => {
    expect(parseProcNetTcp(procNetTcp6, 6, 'LE')).toEqual([
      { address: '::', family: 6, port: 41004, inode: 250069, uid: 0 },
      { address: '::ffff:127.0.0.1', family: 6, port: 41005, inode: 250070, uid: 0 },
      { address: '::1', family: 6, port: 41003, inode: 250068, uid: 0 },
      { address: '::1', family: 6, port: 41011, inode: 251647, uid: 0 },
    ]);
  });

  it('reads a big-endian kernel’s words as they are', () => {
    // The same sockets as s390x would print them: each word in network order already.
    const row = (local: string) =>
      `   0: ${local} 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0`;
    expect(parseProcNetTcp(row('7F000001:1F90'), 4, 'BE')).toMatchObject([
      { address: '127.0.0.1', port: 8080, uid: 1000 },
    ]);
    expect(parseProcNetTcp(row('00000000000000000000FFFF7F000001:1F90'), 6, 'BE')).toMatchObject([
      { address: '::ffff:127.0.0.1', port: 8080 },
    ]);
    expect(parseProcNetTcp(row('FE800000000000000000000000000001:0016'), 6, 'BE')).toMatchObject([
      { address: 'fe80::1', port: 22 },
    ]);
  });

  it('skips what does not parse: a row cut by the size bound, a table of the other family, junk', () => {
    const cut = procNetTcp.slice(0, procNetTcp.indexOf('250066') + 3);
    expect(parseProcNetTcp(cut, 4, 'LE').map((s) => s.port)).toEqual([41002]);
    expect(parseProcNetTcp(procNetTcp6, 4, 'LE')).toEqual([]);
    expect(parseProcNetTcp('', 4, 'LE')).toEqual([]);
    expect(parseProcNetTcp('0: zz:zz 0 0A', 4, 'LE')).toEqual([]);
  });
});

describe('hostEndianness', () => {
  it('says what os.endianness() says', () => {
    expect(hostEndianness()).toBe(endianness());
  });
});
