import type { FirewallRule } from './firewall-rule.js';
import { visibleText } from './visible-bytes.js';

/** pfctl prints well-known ports by their /etc/services name (`port = ssh`); these are the ones worth knowing. */
const SERVICES: Record<string, number> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  pop3: 110,
  imap: 143,
  https: 443,
  submission: 587,
  imaps: 993,
  pop3s: 995,
  mysql: 3306,
  postgresql: 5432,
  'http-alt': 8080,
};

/** Whether `pfctl -s info` says pf is filtering at all; macOS ships it disabled. */
export function pfEnabled(info: string): boolean {
  return /^Status: Enabled/m.test(info);
}

/**
 * The rules of `pfctl -sr` that concern TCP `port`: block and pass rules whose source (`from … port`) or
 * destination (`to … port`) port expression includes it, and block rules with no port at all.
 */
export function parsePfRules(output: string, port: number): FirewallRule[] {
  const rules: FirewallRule[] = [];
  for (const line of output.split('\n').map((l) => l.trim())) {
    const words = line.split(/\s+/);
    const verb = words[0];
    if (verb !== 'block' && verb !== 'pass') continue;
    if (!carriesTcp(words)) continue;
    const mode = verb === 'block' ? (words[1]?.startsWith('return') ? words[1] : 'drop') : 'pass';
    const direction = words.find((w) => w === 'in' || w === 'out') ?? null;
    const from = words.indexOf('from');
    const to = words.indexOf('to', from + 1);
    const source = from < 0 ? null : portExpression(words.slice(from + 1, to < 0 ? undefined : to));
    const destination = to < 0 ? null : portExpression(words.slice(to + 1));
    const rule = (matched: FirewallRule['matched']): FirewallRule => ({
      source: 'pf',
      action: verb === 'pass' ? 'accept' : mode === 'drop' ? 'drop' : 'reject',
      target: verb === 'pass' ? 'pass' : `block ${mode}`,
      chain: direction,
      matched,
      raw: visibleText(line, 512),
    });
    if (source === null && destination === null) {
      if (verb === 'block') rules.push(rule('every-port'));
    } else if ((source === null || source(port)) && (destination === null || destination(port))) {
      rules.push(rule(destination !== null ? 'destination-port' : 'source-port'));
    }
  }
  return rules;
}

/** A rule without `proto`, or whose proto list names tcp. */
function carriesTcp(words: string[]): boolean {
  const at = words.indexOf('proto');
  if (at < 0) return true;
  if (words[at + 1] !== '{') return words[at + 1] === 'tcp';
  return words.slice(at + 2, words.indexOf('}', at)).includes('tcp');
}

/** The port test after `port` in one end of a rule (`= 8080`, `!= ssh`, `>= 1024`, `8000:8100`, `1 >< 9`), or null. */
function portExpression(words: string[]): ((port: number) => boolean) | null {
  const at = words.indexOf('port');
  if (at < 0) return null;
  const [first = '', second = '', third = ''] = words.slice(at + 1);
  const value = (word: string) => (/^\d{1,5}$/.test(word) ? Number(word) : (SERVICES[word] ?? NaN));
  const range = /^(\d{1,5}):(\d{1,5})$/.exec(first);
  if (range) return (p) => p >= Number(range[1]) && p <= Number(range[2]);
  const compare: Record<string, (p: number, v: number) => boolean> = {
    '=': (p, v) => p === v,
    '!=': (p, v) => p !== v,
    '<': (p, v) => p < v,
    '<=': (p, v) => p <= v,
    '>': (p, v) => p > v,
    '>=': (p, v) => p >= v,
  };
  const op = compare[first];
  // A service name we don't know matches nothing, rather than everything through `!=`.
  if (op) return (p) => !Number.isNaN(value(second)) && op(p, value(second));
  // `a >< b` is strictly between; `a <> b` strictly outside.
  if (second === '><') return (p) => p > value(first) && p < value(third);
  if (second === '<>') return (p) => p < value(first) || p > value(third);
  return (p) => p === value(first);
}
