import { portListIncludes, type FirewallRule } from './firewall-rule.js';
import { visibleText } from './visible-bytes.js';

/** A port match in an nft rule: `tcp dport 8080`, `th sport != { 22, 80 }`, `tcp dport @allowed`. */
const PORT_MATCH = /\b(tcp|udp|udplite|sctp|dccp|th)\s+(dport|sport)\s+(!=\s*)?(\{[^}]*\}|@[\w.-]+|\S+)/g;
/** The verdict or action that ends an nft rule; `log` counts only when nothing else follows it. */
const VERDICT =
  /\b(accept|drop|reject(?: with [\w-]+(?: [\w-]+)?)?|jump [\w.-]+|goto [\w.-]+|queue|return|continue|dnat to \S+|snat to \S+|redirect to \S+|masquerade)(?=\s|$)/;

/**
 * The rules of `nft list ruleset` that concern TCP `port`: rules with a TCP (or `th`) port match that includes
 * it, named sets of the same table resolved, and the policies and port-less drop/reject rules of base chains
 * hooked to input or output. Blocks are tracked by their braces, as nft prints one statement per line.
 */
export function parseNftRuleset(output: string, port: number): FirewallRule[] {
  const rules: FirewallRule[] = [];
  const blocks: string[] = [];
  let table = '';
  let chain = '';
  let hook: string | null = null;
  let sets = new Map<string, string>();
  let set: { name: string; text: string } | null = null;

  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '}') {
      const closed = blocks.pop();
      if (closed === 'set' && set) sets.set(set.name, /elements\s*=\s*\{([^}]*)\}/.exec(set.text)?.[1] ?? '');
      if (closed === 'set') set = null;
      continue;
    }
    const opens = /^(table|chain|set|map|flowtable|ct \w+)\s+(.*?)\s*\{$/.exec(line);
    if (opens) {
      const [, kind = '', name = ''] = opens;
      blocks.push(kind === 'table' || kind === 'chain' || kind === 'set' ? kind : 'other');
      if (kind === 'table') {
        table = name;
        sets = new Map();
      } else if (kind === 'chain') {
        chain = name;
        hook = null;
      } else if (kind === 'set') set = { name, text: '' };
      continue;
    }
    const inside = blocks.at(-1);
    if (inside === 'set' && set) {
      set.text += ` ${line}`;
      continue;
    }
    if (inside !== 'chain') continue;
    const where = `${table} ${chain}`;
    const rule = (target: string, matched: FirewallRule['matched']): FirewallRule => ({
      source: 'nft',
      action: actionOf(target),
      target,
      chain: where,
      matched,
      raw: visibleText(line, 512),
    });

    const base = /^type \w+ hook (\w+)/.exec(line);
    if (base) {
      hook = base[1] ?? null;
      const policy = /policy (\w+);/.exec(line)?.[1];
      if (policy === 'drop' && local(hook)) rules.push(rule('policy drop', 'every-port'));
      continue;
    }
    const verdict = VERDICT.exec(line)?.[1] ?? (/\blog\b/.test(line) ? 'log' : undefined);
    if (verdict === undefined) continue;
    const matches = Array.from(line.matchAll(PORT_MATCH), ([, proto = '', end = '', not, list = '']) => ({
      tcp: proto === 'tcp' || proto === 'th',
      end: end === 'dport' ? ('destination-port' as const) : ('source-port' as const),
      hits: portListIncludes(list.startsWith('@') ? (sets.get(list.slice(1)) ?? '') : list, port) !== Boolean(not),
    }));
    if (matches.length > 0) {
      if (!matches.every((m) => m.tcp && m.hits)) continue;
      rules.push(rule(verdict, matches.some((m) => m.end === 'destination-port') ? 'destination-port' : 'source-port'));
    } else if (
      local(hook) &&
      (verdict === 'drop' || verdict.startsWith('reject')) &&
      !/\binvalid\b|\b(?:udp|icmp|icmpv6)\b/.test(line)
    ) {
      // A rule for INVALID packets or another protocol never blocks a TCP connection.
      rules.push(rule(verdict, 'every-port'));
    }
  }
  return rules;
}

function local(hook: string | null): boolean {
  return hook === 'input' || hook === 'output';
}

function actionOf(verdict: string): FirewallRule['action'] {
  if (verdict === 'accept') return 'accept';
  if (verdict === 'drop' || verdict === 'policy drop') return 'drop';
  return verdict.startsWith('reject') ? 'reject' : 'other';
}
