import { describe, expect, it } from 'vitest';
import { parseIptablesRules } from './parse-iptables.js';

// Captured from `iptables -S` (iptables v1.8.9, nf_tables) in a scratch network namespace.
const captured = `-P INPUT DROP
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N DOCKER
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -p tcp -m tcp --dport 8080 -j DROP
-A INPUT -p udp -m udp --dport 8080 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 22,8000:8100 -m comment --comment "web range" -j REJECT --reject-with tcp-reset
-A OUTPUT -p tcp -m tcp ! --dport 443 -j LOG
-A OUTPUT -p tcp -m tcp --sport 8080 -j DROP
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
`;

describe('parseIptablesRules', () => {
  it('finds every rule that concerns TCP 8080, and the INPUT policy', () => {
    const rules = parseIptablesRules(captured, 8080, 'iptables');
    expect(rules.map((r) => [r.chain, r.target, r.action, r.matched])).toEqual([
      ['INPUT', 'DROP', 'drop', 'every-port'],
      ['INPUT', 'DROP', 'drop', 'destination-port'],
      ['INPUT', 'REJECT', 'reject', 'destination-port'],
      ['OUTPUT', 'LOG', 'other', 'destination-port'],
      ['OUTPUT', 'DROP', 'drop', 'source-port'],
    ]);
    expect(rules[1]).toEqual({
      source: 'iptables',
      action: 'drop',
      target: 'DROP',
      chain: 'INPUT',
      matched: 'destination-port',
      raw: '-A INPUT -p tcp -m tcp --dport 8080 -j DROP',
    });
  });

  it('skips UDP rules, INVALID-state drops, accepts without ports, and FORWARD policies', () => {
    const raws = parseIptablesRules(captured, 8080, 'iptables').map((r) => r.raw);
    expect(raws.join('\n')).not.toMatch(/udp|INVALID|-i lo|FORWARD/);
  });

  it('matches the Docker chain for the container port, and nothing port-specific for an unrelated port', () => {
    expect(parseIptablesRules(captured, 80, 'iptables').find((r) => r.chain === 'DOCKER')).toMatchObject({
      action: 'accept',
      matched: 'destination-port',
    });
    expect(parseIptablesRules(captured, 5432, 'iptables').map((r) => r.matched)).toEqual([
      'every-port',
      'destination-port',
    ]);
  });

  it('honours a negated port: `! --dport 443` does not match 443', () => {
    expect(parseIptablesRules(captured, 443, 'iptables').some((r) => r.target === 'LOG')).toBe(false);
  });

  it('reads ip6tables output the same way, and an empty ruleset as no rules', () => {
    const v6 =
      '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 8080 -j REJECT --reject-with icmp6-port-unreachable\n';
    expect(parseIptablesRules(v6, 8080, 'ip6tables')).toEqual([
      expect.objectContaining({ source: 'ip6tables', action: 'reject', chain: 'INPUT', matched: 'destination-port' }),
    ]);
    expect(parseIptablesRules('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n', 8080, 'iptables')).toEqual([]);
  });

  it('keeps a quoted comment as one word and makes escapes visible', () => {
    const rules = parseIptablesRules(
      '-A INPUT -p tcp -m comment --comment "--dport 9 \x1b[31m" -m tcp --dport 8080 -j ACCEPT\n',
      8080,
      'iptables',
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]!.raw).toContain('\\x1b[31m');
    expect(
      parseIptablesRules('-A INPUT -p tcp -m comment --comment "--dport 8080" -j ACCEPT\n', 8080, 'iptables'),
    ).toEqual([]);
  });
});
