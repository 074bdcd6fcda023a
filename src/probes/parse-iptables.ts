import { portListIncludes, type FirewallRule } from './firewall-rule.js';
import { visibleText } from './visible-bytes.js';

/** Options of `iptables -S` that carry ports, and which end of the connection they match. */
const PORT_OPTIONS: Record<string, 'destination-port' | 'source-port' | 'either'> = {
  '--dport': 'destination-port',
  '--destination-port': 'destination-port',
  '--dports': 'destination-port',
  '--destination-ports': 'destination-port',
  '--sport': 'source-port',
  '--source-port': 'source-port',
  '--sports': 'source-port',
  '--source-ports': 'source-port',
  '--ports': 'either',
};

/** Only traffic to and from this host: FORWARD (Docker sets its policy to DROP) does not see a local connection. */
const LOCAL_CHAINS = new Set(['INPUT', 'OUTPUT']);

/**
 * The rules of `iptables -S` / `ip6tables -S` (filter table) that concern TCP `port`: rules matching it as
 * destination or source port (negations included: `! --dport 22` matches 8080), and rules or policies of INPUT
 * and OUTPUT that drop or reject every port.
 */
export function parseIptablesRules(output: string, port: number, source: 'iptables' | 'ip6tables'): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const line of output.split('\n').map((l) => l.trim())) {
    const words = tokens(line);
    const rule = (target: string, chain: string, matched: FirewallRule['matched']): FirewallRule => ({
      source,
      action: actionOf(target),
      target,
      chain,
      matched,
      raw: visibleText(line, 512),
    });
    if (words[0] === '-P' && words.length === 3) {
      const [, chain = '', policy = ''] = words;
      if (LOCAL_CHAINS.has(chain) && policy !== 'ACCEPT') rules.push(rule(policy, chain, 'every-port'));
      continue;
    }
    if (words[0] !== '-A' || words.length < 2) continue;
    const chain = words[1]!;
    let target: string | null = null;
    let protocol: string | null = null;
    let invalidState = false;
    const portMatches: { matched: FirewallRule['matched']; hits: boolean }[] = [];
    for (let i = 2; i < words.length; i++) {
      const negated = words[i] === '!';
      if (negated) i++;
      const option = words[i] ?? '';
      const value = words[i + 1] ?? '';
      if (option === '-j' || option === '-g') target = value;
      else if (option === '-p' || option === '--protocol') protocol = negated ? `!${value}` : value;
      else if (option === '--comment') {
        // Its value is free text, which must not be read as options.
      } else if ((option === '--ctstate' || option === '--state') && value.split(',').includes('INVALID'))
        invalidState = true;
      else if (option in PORT_OPTIONS) {
        // `! --dport 22` matches every port but 22.
        const hits = portListIncludes(value, port) !== negated;
        const end = PORT_OPTIONS[option]!;
        portMatches.push({ matched: end === 'source-port' ? 'source-port' : 'destination-port', hits });
      } else continue;
      i++;
    }
    if (target === null || !carriesTcp(protocol)) continue;
    if (portMatches.length > 0) {
      // Every port option of a rule must match for the rule to; report the end that names the port.
      if (!portMatches.every((m) => m.hits)) continue;
      rules.push(
        rule(
          target,
          chain,
          portMatches.some((m) => m.matched === 'destination-port') ? 'destination-port' : 'source-port',
        ),
      );
    } else if (LOCAL_CHAINS.has(chain) && blocks(target) && !invalidState) {
      // A packet in state INVALID is not part of any connection: dropping it never blocks one.
      rules.push(rule(target, chain, 'every-port'));
    }
  }
  return rules;
}

function carriesTcp(protocol: string | null): boolean {
  if (protocol === null || protocol === 'all' || protocol === '0') return true;
  if (protocol.startsWith('!')) return !['tcp', '6'].includes(protocol.slice(1));
  return protocol === 'tcp' || protocol === '6';
}

function actionOf(target: string): FirewallRule['action'] {
  return target === 'DROP' ? 'drop' : target === 'REJECT' ? 'reject' : target === 'ACCEPT' ? 'accept' : 'other';
}

function blocks(target: string): boolean {
  return target === 'DROP' || target === 'REJECT';
}

/** Splits an `iptables -S` line into words; a double-quoted comment stays one word. */
function tokens(line: string): string[] {
  return Array.from(line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g), (m) => m[1] ?? m[2] ?? '');
}
