import { portListIncludes, type FirewallRule } from './firewall-rule.js';
import { visibleText } from './visible-bytes.js';

/** What `ufw status verbose` says: whether ufw filters at all, and its rules that concern the port. */
export interface UfwStatus {
  active: boolean;
  rules: FirewallRule[];
}

/**
 * Reads `ufw status verbose` (plain `ufw status` too): the defaults line, when it denies, blocks every port;
 * table rows match when their To or From column names the port for TCP (or for any protocol). Application
 * profiles (`Apache Full`) carry no port number here and are not resolved.
 */
export function parseUfwStatus(output: string, port: number): UfwStatus {
  if (!/^Status: active/m.test(output)) return { active: false, rules: [] };
  const rules: FirewallRule[] = [];
  const rule = (
    line: string,
    target: string,
    chain: string | null,
    matched: FirewallRule['matched'],
  ): FirewallRule => ({
    source: 'ufw',
    action: actionOf(target),
    target,
    chain,
    matched,
    raw: visibleText(line.trim(), 512),
  });

  const defaults = /^Default: (.*)$/m.exec(output)?.[1] ?? '';
  for (const [, policy = '', direction = ''] of defaults.matchAll(/(\w+) \((incoming|outgoing)\)/g)) {
    if (policy === 'deny' || policy === 'reject') {
      rules.push(
        rule(
          `Default: ${policy} (${direction})`,
          policy.toUpperCase(),
          direction === 'incoming' ? 'in' : 'out',
          'every-port',
        ),
      );
    }
  }

  const lines = output.split('\n');
  const table = lines.findIndex((l) => /^--\s+------\s+----/.test(l.trim()));
  for (const line of table < 0 ? [] : lines.slice(table + 1)) {
    // A trailing `# comment` is the user's note, not a column.
    const [to = '', action = '', from = ''] = line
      .replace(/\s+#.*$/, '')
      .trim()
      .split(/\s{2,}/);
    const verb = /^(ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))?$/.exec(action);
    if (!verb) continue;
    const target = verb[1]!;
    const chain = (verb[2] ?? 'IN').toLowerCase();
    const toPort = portSpec(to);
    const fromPort = portSpec(from);
    if (toPort === 'other-protocol' || fromPort === 'other-protocol') continue;
    if (toPort !== null && portListIncludes(toPort, port)) rules.push(rule(line, target, chain, 'destination-port'));
    else if (fromPort !== null && portListIncludes(fromPort, port))
      rules.push(rule(line, target, chain, 'source-port'));
    else if (
      toPort === null &&
      fromPort === null &&
      /^Anywhere/.test(to) &&
      (target === 'DENY' || target === 'REJECT')
    ) {
      rules.push(rule(line, target, chain, 'every-port'));
    }
  }
  return { active: true, rules };
}

/** The port list of a To/From cell (`8080/tcp`, `80,443/tcp`, `10.0.0.5 8000:8100`), null when it has none. */
function portSpec(cell: string): string | 'other-protocol' | null {
  for (const word of cell.split(/\s+/)) {
    const spec = /^(\d[\d,:]*)(?:\/(tcp|udp))?$/.exec(word);
    if (spec) return spec[2] === 'udp' ? 'other-protocol' : spec[1]!;
  }
  return null;
}

function actionOf(target: string): FirewallRule['action'] {
  return target === 'DENY' ? 'drop' : target === 'REJECT' ? 'reject' : target === 'ALLOW' ? 'accept' : 'other';
}
