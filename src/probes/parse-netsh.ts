import { portListIncludes, type FirewallRule } from './firewall-rule.js';
import { visibleText } from './visible-bytes.js';

/** The fields of one rule of `netsh advfirewall firewall show rule name=all`, by their English names. */
type NetshFields = Record<string, string>;

/** netsh's output is in the Windows display language; only English names the blocks `Rule Name:`. */
export function netshOutputIsEnglish(output: string): boolean {
  return /^Rule Name:/m.test(output) || /No rules match the specified criteria/.test(output);
}

/**
 * The enabled TCP (or any-protocol) rules of `netsh advfirewall firewall show rule name=all` that concern
 * `port`: inbound rules whose LocalPort holds it (a server here) and outbound ones whose RemotePort does (a
 * client here) count as destination port, the other way round as source port; Block rules open to any port
 * count for every port. Windows Firewall does not filter loopback, so these matter only for other addresses.
 */
export function parseNetshRules(output: string, port: number): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const fields of blocks(output)) {
    if (fields.Enabled !== 'Yes') continue;
    const protocol = fields.Protocol ?? 'Any';
    if (protocol !== 'TCP' && protocol !== 'Any') continue;
    const inbound = fields.Direction === 'In';
    const local = fields.LocalPort ?? 'Any';
    const remote = fields.RemotePort ?? 'Any';
    const [serverSide, clientSide] = inbound ? [local, remote] : [remote, local];
    const action = fields.Action ?? '';
    const matched: FirewallRule['matched'] | null = portListIncludes(serverSide, port)
      ? 'destination-port'
      : portListIncludes(clientSide, port)
        ? 'source-port'
        : action === 'Block' && local === 'Any' && remote === 'Any'
          ? 'every-port'
          : null;
    if (matched === null) continue;
    const shown = ['Rule Name', 'Direction', 'Protocol', 'LocalPort', 'RemotePort', 'Action']
      .filter((name) => fields[name] !== undefined)
      .map((name) => `${name}: ${fields[name]}`)
      .join('; ');
    rules.push({
      source: 'windows-firewall',
      action: action === 'Block' ? 'drop' : action === 'Allow' ? 'accept' : 'other',
      target: visibleText(action, 32),
      chain: inbound ? 'in' : 'out',
      matched,
      raw: visibleText(shown, 512),
    });
  }
  return rules;
}

function blocks(output: string): NetshFields[] {
  const found: NetshFields[] = [];
  let current: NetshFields | null = null;
  for (const line of output.split(/\r?\n/)) {
    const field = /^([A-Za-z][A-Za-z ]*?):\s+(.*?)\s*$/.exec(line) ?? /^([A-Za-z][A-Za-z ]*?):\s*$/.exec(line);
    if (!field) continue;
    const [, name = '', value = ''] = field;
    if (name === 'Rule Name') {
      current = { 'Rule Name': value };
      found.push(current);
    } else if (current) {
      current[name] = value;
    }
  }
  return found;
}
