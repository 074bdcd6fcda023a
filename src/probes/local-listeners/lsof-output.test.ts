import { describe, expect, it } from 'vitest';
import { lsofArgs, parseLsofListeners } from './lsof-output.js';

// Captured on the project's Linux machine with lsof 4.95 (`lsof -nP -iTCP:41001-41006 -sTCP:LISTEN +c 0 -F pcnt`)
// while node listened on 127.0.0.1, 0.0.0.0, ::1, :: (dual-stack), ::ffff:127.0.0.1 and 127.0.0.2.
const capturedLinux = `p22498
cnode
tIPv4
n127.0.0.1:41001
tIPv4
n*:41002
tIPv6
n[::1]:41003
tIPv6
n*:41004
tIPv6
n127.0.0.1:41005
tIPv4
n127.0.0.2:41006
`;

// Hand-made from lsof's documented field format as macOS's lsof prints it (it adds an `f` line per file): Docker
// Desktop's backend on both families and an ssh -L forward. Not captured: no Mac was at hand.
const macStyle = `p812
ccom.docker.backend
f151
tIPv4
n*:8080
f152
tIPv6
n*:8080
p4321
cssh
f5
tIPv6
n[::1]:8080
f6
tIPv4
n127.0.0.1:8080
`;

describe('parseLsofListeners', () => {
  it('reads a real capture, with the family from the type field', () => {
    expect(parseLsofListeners(capturedLinux)).toEqual([
      { address: '127.0.0.1', family: 4, port: 41001, pid: 22498, process: 'node' },
      { address: '0.0.0.0', family: 4, port: 41002, pid: 22498, process: 'node' },
      { address: '::1', family: 6, port: 41003, pid: 22498, process: 'node' },
      { address: '::', family: 6, port: 41004, pid: 22498, process: 'node' },
      // lsof writes the IPv4-mapped address of an IPv6 socket in its IPv4 form.
      { address: '::ffff:127.0.0.1', family: 6, port: 41005, pid: 22498, process: 'node' },
      { address: '127.0.0.2', family: 4, port: 41006, pid: 22498, process: 'node' },
    ]);
  });

  it('reads several processes and skips the fd fields', () => {
    expect(parseLsofListeners(macStyle)).toEqual([
      { address: '0.0.0.0', family: 4, port: 8080, pid: 812, process: 'com.docker.backend' },
      { address: '::', family: 6, port: 8080, pid: 812, process: 'com.docker.backend' },
      { address: '::1', family: 6, port: 8080, pid: 4321, process: 'ssh' },
      { address: '127.0.0.1', family: 4, port: 8080, pid: 4321, process: 'ssh' },
    ]);
  });

  it('skips connections, names that are not addresses, and files before any process', () => {
    const text =
      'tIPv4\nn127.0.0.1:1\np9\ncx\ntIPv4\nn127.0.0.1:5000->127.0.0.1:60000\nnlocalhost:80\nn127.0.0.1:99999\n';
    expect(parseLsofListeners(text)).toEqual([]);
    expect(parseLsofListeners('p7\ncx\r\ntIPv4\r\nn10.1.2.3:22 (LISTEN)\r\n')).toEqual([
      { address: '10.1.2.3', family: 4, port: 22, pid: 7, process: 'x' },
    ]);
  });

  it('asks lsof for numeric, field output of the port’s listeners only', () => {
    expect(lsofArgs(8080)).toEqual(['-nP', '-w', '-iTCP:8080', '-sTCP:LISTEN', '+c', '0', '-F', 'pcnt']);
  });
});
