import { describe, expect, it } from 'vitest';
import { parseUfwStatus } from './parse-ufw.js';

// The layout of `ufw status verbose` (ufw 0.36): columns padded to 27 and 12 characters, v6 rows after v4.
const verbose = `Status: active
Logging: on (low)
Default: deny (incoming), allow (outgoing), disabled (routed)
New profiles: skip

To                         Action      From
--                         ------      ----
22/tcp                     ALLOW IN    Anywhere                   # ssh
8080                       DENY IN     Anywhere
8000:8100/tcp              REJECT IN   Anywhere
80,443/tcp                 ALLOW IN    Anywhere
Apache Full                ALLOW IN    Anywhere
8080/udp                   ALLOW IN    Anywhere
Anywhere                   DENY IN     10.0.0.0/8
Anywhere                   ALLOW IN    192.168.1.5 8080/tcp
22/tcp (v6)                ALLOW IN    Anywhere (v6)              # ssh
8080 (v6)                  DENY IN     Anywhere (v6)

5432/tcp                   DENY OUT    Anywhere
`;

const summary = (port: number, output = verbose) =>
  parseUfwStatus(output, port).rules.map((r) => [r.chain, r.target, r.action, r.matched]);

describe('parseUfwStatus', () => {
  it('finds the default deny and the rows that name TCP 8080', () => {
    expect(summary(8080)).toEqual([
      ['in', 'DENY', 'drop', 'every-port'],
      ['in', 'DENY', 'drop', 'destination-port'],
      ['in', 'REJECT', 'reject', 'destination-port'],
      ['in', 'DENY', 'drop', 'every-port'],
      ['in', 'ALLOW', 'accept', 'source-port'],
      ['in', 'DENY', 'drop', 'destination-port'],
    ]);
    expect(parseUfwStatus(verbose, 8080).rules[1]!.raw).toBe('8080                       DENY IN     Anywhere');
  });

  it('reads outgoing rules, port lists and comments', () => {
    expect(summary(5432)).toContainEqual(['out', 'DENY', 'drop', 'destination-port']);
    expect(summary(443)).toContainEqual(['in', 'ALLOW', 'accept', 'destination-port']);
    expect(summary(22)).toContainEqual(['in', 'ALLOW', 'accept', 'destination-port']);
  });

  it('reads plain `ufw status`, which has no defaults line and no IN', () => {
    const plain =
      'Status: active\n\nTo                         Action      From\n--                         ------      ----\n8080/tcp                   DENY        Anywhere\n';
    expect(summary(8080, plain)).toEqual([['in', 'DENY', 'drop', 'destination-port']]);
  });

  it('says inactive when ufw is off, with no rules', () => {
    expect(parseUfwStatus('Status: inactive\n', 8080)).toEqual({ active: false, rules: [] });
  });
});
