import { describe, expect, it } from 'vitest';
import { parsePfRules, pfEnabled } from './parse-pf.js';

// The way `pfctl -sr` prints a loaded ruleset: Apple's anchors first, lists expanded, ports as `port = n`
// with /etc/services names for the well-known ones.
const rules = `scrub-anchor "com.apple/*" all fragment reassemble
anchor "com.apple/*" all
block drop in quick proto tcp from any to any port = 8080
block return in proto tcp from any to any port 8000:8100
pass in quick on lo0 all flags S/SA keep state
pass in inet proto tcp from any to any port = ssh flags S/SA keep state
pass in inet proto tcp from any to any port = http-alt flags S/SA keep state
block drop in all
block return out proto tcp from any port = 8080 to any
pass out proto udp from any to any port = 8080 keep state
block drop in log quick inet proto tcp from any to any port != 22
pass in proto tcp from any to any port 9000 >< 9100 flags S/SA keep state
`;

const summary = (port: number) => parsePfRules(rules, port).map((r) => [r.chain, r.target, r.action, r.matched]);

describe('parsePfRules', () => {
  it('finds the rules that concern TCP 8080, named or numbered', () => {
    expect(summary(8080)).toEqual([
      ['in', 'block drop', 'drop', 'destination-port'],
      ['in', 'block return', 'reject', 'destination-port'],
      ['in', 'pass', 'accept', 'destination-port'],
      ['in', 'block drop', 'drop', 'every-port'],
      ['out', 'block return', 'reject', 'source-port'],
      ['in', 'block drop', 'drop', 'destination-port'],
    ]);
    expect(parsePfRules(rules, 8080)[0]!.raw).toBe('block drop in quick proto tcp from any to any port = 8080');
  });

  it('evaluates operators: != excludes, >< is strictly between', () => {
    expect(summary(22)).toEqual([
      ['in', 'pass', 'accept', 'destination-port'],
      ['in', 'block drop', 'drop', 'every-port'],
    ]);
    expect(summary(9050)).toContainEqual(['in', 'pass', 'accept', 'destination-port']);
    expect(summary(9100).some(([, target]) => target === 'pass')).toBe(false);
  });

  it('ignores anchors, scrub, pass rules without ports and UDP rules', () => {
    const raws = parsePfRules(rules, 8080)
      .map((r) => r.raw)
      .join('\n');
    expect(raws).not.toMatch(/anchor|lo0|udp/);
  });

  it('reads the pf status line', () => {
    expect(pfEnabled('Status: Enabled for 0 days 00:12:01           Debug: Urgent\n')).toBe(true);
    expect(pfEnabled('No ALTQ support in kernel\nStatus: Disabled                              Debug: Urgent\n')).toBe(
      false,
    );
  });
});
