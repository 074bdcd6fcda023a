import { describe, expect, it } from 'vitest';
import { netstatArgs, parseNetstatListeners } from './netstat-output.js';

// Realistic samples written from the output of `netstat -ano -p TCP` / `-p TCPv6` on Windows 10 and 11 (not
// captured here: no Windows machine). Port 4 rows are http.sys and SMB, owned by the System process.
const tcp = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1052
  TCP    0.0.0.0:445            0.0.0.0:0              LISTENING       4
  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       15880
  TCP    127.0.0.1:8080         127.0.0.1:52044        ESTABLISHED     15880
  TCP    127.0.0.1:52044        127.0.0.1:8080         ESTABLISHED     20144
  TCP    192.168.1.23:139       0.0.0.0:0              LISTENING       4
  TCP    192.168.1.23:52117     20.42.65.85:443        TIME_WAIT       0
`.replace(/\n/g, '\r\n');

const tcp6 = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    [::]:135               [::]:0                 LISTENING       1052
  TCP    [::1]:8080             [::]:0                 LISTENING       9320
  TCP    [fe80::9c5e:1a2b:3c4d:5e6f%12]:8080  [::]:0   LISTENING       9320
  TCP    [::1]:8080             [::1]:52050            ESTABLISHED     9320
`.replace(/\n/g, '\r\n');

// A German Windows: the headings and the state word are translated, and arrive in the OEM code page.
const german = `
Aktive Verbindungen

  Proto  Lokale Adresse         Remoteadresse          Status           PID
  TCP    0.0.0.0:8080           0.0.0.0:0              ABH\uFFFDREN         7788
  TCP    127.0.0.1:8080         127.0.0.1:50000        HERGESTELLT     7788
`;

describe('parseNetstatListeners', () => {
  it('reads the listening rows of the IPv4 table, and not the connections', () => {
    expect(parseNetstatListeners(tcp)).toEqual([
      { address: '0.0.0.0', family: 4, port: 135, pid: 1052 },
      { address: '0.0.0.0', family: 4, port: 445, pid: 4 },
      { address: '0.0.0.0', family: 4, port: 8080, pid: 15880 },
      { address: '192.168.1.23', family: 4, port: 139, pid: 4 },
    ]);
  });

  it('reads IPv6 rows in brackets, zone ids included', () => {
    expect(parseNetstatListeners(tcp6)).toEqual([
      { address: '::', family: 6, port: 135, pid: 1052 },
      { address: '::1', family: 6, port: 8080, pid: 9320 },
      { address: 'fe80::9c5e:1a2b:3c4d:5e6f%12', family: 6, port: 8080, pid: 9320 },
    ]);
  });

  it('tells listeners by their foreign address, whatever language the state is in', () => {
    expect(parseNetstatListeners(german)).toEqual([{ address: '0.0.0.0', family: 4, port: 8080, pid: 7788 }]);
  });

  it('runs netstat numeric, with pids, one protocol at a time', () => {
    expect(netstatArgs('TCPv6')).toEqual(['-ano', '-p', 'TCPv6']);
  });
});
