import { describe, expect, it } from 'vitest';
import { parseNftRuleset } from './parse-nft.js';

// Captured from `nft list ruleset` (nftables 1.0.6) in a scratch network namespace: iptables-nft's tables,
// then a native inet table with a named set.
const captured = `table ip filter {
	chain INPUT {
		type filter hook input priority filter; policy drop;
		iifname "lo" counter packets 0 bytes 0 accept
		ct state invalid counter packets 0 bytes 0 drop
		tcp dport 8080 counter packets 0 bytes 0 drop
		udp dport 8080 counter packets 0 bytes 0 accept
		meta l4proto tcp tcp dport { 22, 8000-8100 }  counter packets 0 bytes 0 reject with tcp reset
	}

	chain DOCKER {
		iifname != "docker0" oifname "docker0" ip daddr 172.17.0.2 tcp dport 80 counter packets 0 bytes 0 accept
	}

	chain OUTPUT {
		type filter hook output priority filter; policy accept;
		tcp dport != 443 counter packets 0 bytes 0 log
		tcp sport 8080 counter packets 0 bytes 0 drop
	}
}
table inet filter {
	set allowed {
		type inet_service
		elements = { 22, 443 }
	}

	chain input {
		type filter hook input priority filter; policy drop;
		tcp dport @allowed accept
		ct state invalid drop
		tcp dport { 8080, 9000-9100 } counter packets 0 bytes 0 reject with tcp reset
		udp dport 8080 accept
		tcp dport != 8080 drop
	}
}
`;

const summary = (port: number) => parseNftRuleset(captured, port).map((r) => [r.chain, r.target, r.action, r.matched]);

describe('parseNftRuleset', () => {
  it('finds the policies and rules that concern TCP 8080, with their table and chain', () => {
    expect(summary(8080)).toEqual([
      ['ip filter INPUT', 'policy drop', 'drop', 'every-port'],
      ['ip filter INPUT', 'drop', 'drop', 'destination-port'],
      ['ip filter INPUT', 'reject with tcp reset', 'reject', 'destination-port'],
      ['ip filter OUTPUT', 'log', 'other', 'destination-port'],
      ['ip filter OUTPUT', 'drop', 'drop', 'source-port'],
      ['inet filter input', 'policy drop', 'drop', 'every-port'],
      ['inet filter input', 'reject with tcp reset', 'reject', 'destination-port'],
    ]);
    expect(parseNftRuleset(captured, 8080)[1]!.raw).toBe('tcp dport 8080 counter packets 0 bytes 0 drop');
  });

  it('resolves a named set of the same table', () => {
    expect(summary(443)).toContainEqual(['inet filter input', 'accept', 'accept', 'destination-port']);
    expect(summary(22)).toContainEqual(['inet filter input', 'accept', 'accept', 'destination-port']);
  });

  it('honours `!=`: the catch-all drop matches 5432 but not 8080', () => {
    expect(summary(5432)).toContainEqual(['inet filter input', 'drop', 'drop', 'destination-port']);
    expect(summary(8080).filter(([chain, target]) => chain === 'inet filter input' && target === 'drop')).toEqual([]);
  });

  it('reads a range in an anonymous set, and skips UDP and INVALID rules', () => {
    expect(summary(9050)).toContainEqual(['inet filter input', 'reject with tcp reset', 'reject', 'destination-port']);
    const raws = parseNftRuleset(captured, 8080)
      .map((r) => r.raw)
      .join('\n');
    expect(raws).not.toMatch(/udp|invalid/);
  });

  it('reads an empty ruleset as no rules', () => {
    expect(parseNftRuleset('', 8080)).toEqual([]);
  });
});
