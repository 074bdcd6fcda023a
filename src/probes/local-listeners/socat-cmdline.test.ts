import { describe, expect, it } from 'vitest';
import { socatBackend } from './socat-cmdline.js';

const line = (...args: string[]) => `${args.join('\0')}\0`;

describe('socatBackend', () => {
  it.each([
    [line('socat', 'TCP-LISTEN:8080,fork,reuseaddr', 'TCP:127.0.0.1:3000'), '127.0.0.1', 3000, 'TCP:127.0.0.1:3000'],
    [
      line('socat', '-d', '-d', 'tcp-l:8080,fork', 'tcp4-connect:db.internal:5432,retry=3'),
      'db.internal',
      5432,
      'tcp4-connect:db.internal:5432',
    ],
    [line('/usr/bin/socat', 'TCP6:[::1]:3000', 'TCP6-LISTEN:8080,ipv6only'), '::1', 3000, 'TCP6:[::1]:3000'],
    [line('socat', 'TCP4-LISTEN:8080', 'OPENSSL:10.0.0.5:443,verify=0'), '10.0.0.5', 443, 'OPENSSL:10.0.0.5:443'],
  ])('%j forwards to %s port %i', (cmdline, host, port, spec) => {
    expect(socatBackend(cmdline, 8080)).toEqual({ kind: 'address', host, port, spec });
  });

  it.each([
    ['listens on another port', line('socat', 'TCP-LISTEN:9090,fork', 'TCP:127.0.0.1:3000')],
    ['forwards to a UNIX socket', line('socat', 'TCP-LISTEN:8080,fork', 'UNIX-CONNECT:/run/app.sock')],
    ['runs a program', line('socat', 'TCP-LISTEN:8080,fork', 'EXEC:/bin/cat')],
    ['has one address', line('socat', 'TCP-LISTEN:8080')],
    ['names no port', line('socat', 'TCP-LISTEN:8080', 'TCP:127.0.0.1')],
    ['names a port out of range', line('socat', 'TCP-LISTEN:8080', 'TCP:127.0.0.1:70000')],
  ])('says nothing when it %s', (_, cmdline) => {
    expect(socatBackend(cmdline, 8080)).toBeNull();
  });
});
