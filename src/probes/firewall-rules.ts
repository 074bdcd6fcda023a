import { runCommand, type CommandOutcome, type CommandRunner } from './command-runner.js';
import type { FirewallRule, FirewallSource } from './firewall-rule.js';
import { parseIptablesRules } from './parse-iptables.js';
import { netshOutputIsEnglish, parseNetshRules } from './parse-netsh.js';
import { parseNftRuleset } from './parse-nft.js';
import { parsePfRules, pfEnabled } from './parse-pf.js';
import { parseUfwStatus } from './parse-ufw.js';
import { visibleText } from './visible-bytes.js';

/** How reading one tool went. */
export interface SourceReading {
  source: FirewallSource;
  /** The command as run, for the report: `iptables -S`. */
  command: string;
  outcome: 'read' | 'inactive' | 'not-installed' | 'permission-denied' | 'failed' | 'timed-out' | 'unrecognised-output';
  /** The tool's own complaint (first line of stderr), made visible; null when it said nothing useful. */
  detail: string | null;
}

/** The host firewall's rules that concern one port, read without changing anything. */
export type FirewallReading =
  /** At least one tool could be read; `rules` may well be empty. */
  | {
      kind: 'read';
      port: number;
      rules: FirewallRule[];
      sources: SourceReading[];
    }
  /** No tool could be read: `cause` is stable for the tree, `reason` says what to do. */
  | {
      kind: 'unreadable';
      cause: 'not-installed' | 'permission-denied' | 'failed';
      reason: string;
      sources: SourceReading[];
    }
  /** No reader for this operating system. */
  | { kind: 'unsupported-platform'; platform: string }
  | { kind: 'aborted' };

export interface FirewallReadOptions {
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  /** Per command; each tool answers in milliseconds unless something is wrong. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Whether we already run as root / Administrator, which changes the advice for "permission denied". */
  elevated?: boolean;
}

/** One read-only command and how to turn its output into rules (null: inactive). */
interface Reader {
  source: FirewallSource;
  file: string;
  args: string[];
  parse(stdout: string, port: number): FirewallRule[] | null | 'unrecognised';
}

const READERS: Partial<Record<NodeJS.Platform, Reader[]>> = {
  linux: [
    {
      source: 'iptables',
      file: 'iptables',
      args: ['-S'],
      parse: (out, port) => parseIptablesRules(out, port, 'iptables'),
    },
    {
      source: 'ip6tables',
      file: 'ip6tables',
      args: ['-S'],
      parse: (out, port) => parseIptablesRules(out, port, 'ip6tables'),
    },
    { source: 'nft', file: 'nft', args: ['list', 'ruleset'], parse: parseNftRuleset },
    {
      source: 'ufw',
      file: 'ufw',
      args: ['status', 'verbose'],
      parse: (out, port) => {
        const status = parseUfwStatus(out, port);
        return status.active ? status.rules : null;
      },
    },
  ],
  darwin: [{ source: 'pf', file: 'pfctl', args: ['-sr'], parse: parsePfRules }],
  win32: [
    {
      source: 'windows-firewall',
      file: 'netsh',
      args: ['advfirewall', 'firewall', 'show', 'rule', 'name=all'],
      parse: (out, port) => (netshOutputIsEnglish(out) ? parseNetshRules(out, port) : 'unrecognised'),
    },
  ],
};

/** A full ruleset can be long; past this the command counts as failed rather than filling memory. */
const MAX_OUTPUT = 16 * 1024 * 1024;

const DENIED =
  /permission denied|operation not permitted|must be root|need to be root|requires elevation|access is denied/i;

/**
 * Reads the host firewall's rules for `port` with the platform's own tools (iptables, ip6tables, nft, ufw on
 * Linux; pfctl on macOS; netsh on Windows). Strictly read-only: fixed commands that only list, run with
 * argument arrays and a timeout. Never throws; a tool that is missing or needs root is reported as such.
 */
export async function readFirewallRules(port: number, options: FirewallReadOptions = {}): Promise<FirewallReading> {
  const platform = options.platform ?? process.platform;
  const readers = READERS[platform];
  if (!readers) return { kind: 'unsupported-platform', platform };
  const run = options.run ?? runCommand;
  const budget = {
    timeoutMs: options.timeoutMs ?? 5000,
    maxBuffer: MAX_OUTPUT,
    searchSbin: true,
    ...(options.signal ? { signal: options.signal } : {}),
  };

  if (platform === 'darwin') {
    // pf ships disabled on macOS, with Apple's anchors loaded: its rules mean nothing until it is enabled.
    const info = await run('pfctl', ['-s', 'info'], budget);
    if (info.kind === 'aborted') return { kind: 'aborted' };
    if (info.kind === 'exited' && info.exitCode === 0 && !pfEnabled(info.stdout)) {
      return {
        kind: 'read',
        port,
        rules: [],
        sources: [{ source: 'pf', command: 'pfctl -s info', outcome: 'inactive', detail: 'Status: Disabled' }],
      };
    }
  }

  const results = await Promise.all(
    readers.map(async (reader) => ({ reader, outcome: await run(reader.file, reader.args, budget) })),
  );
  if (results.some((r) => r.outcome.kind === 'aborted')) return { kind: 'aborted' };

  const rules: FirewallRule[] = [];
  const sources = results.map(({ reader, outcome }): SourceReading => {
    const reading = (result: SourceReading['outcome'], detail: string | null = null): SourceReading => ({
      source: reader.source,
      command: [reader.file, ...reader.args].join(' '),
      outcome: result,
      detail,
    });
    const judged = judge(outcome);
    if (judged || outcome.kind !== 'exited') return reading(judged?.outcome ?? 'failed', judged?.detail ?? null);
    const parsed = reader.parse(outcome.stdout, port);
    if (parsed === null) return reading('inactive');
    if (parsed === 'unrecognised')
      return reading('unrecognised-output', 'the output is not in English; run it yourself to read the rules');
    rules.push(...parsed);
    return reading('read');
  });

  if (sources.some((s) => s.outcome === 'read' || s.outcome === 'inactive'))
    return { kind: 'read', port, rules, sources };
  return { kind: 'unreadable', ...unreadable(platform, sources, options.elevated ?? isElevated()), sources };
}

/** Null when the command succeeded; otherwise how it failed. */
function judge(outcome: CommandOutcome): { outcome: SourceReading['outcome']; detail: string | null } | null {
  switch (outcome.kind) {
    case 'exited': {
      if (outcome.exitCode === 0) return null;
      const said = `${outcome.stderr}\n${outcome.stdout}`.trim();
      const detail = said === '' ? `exit status ${outcome.exitCode}` : visibleText(said.split('\n')[0]!.trim(), 200);
      return { outcome: DENIED.test(said) ? 'permission-denied' : 'failed', detail };
    }
    case 'missing':
      return { outcome: 'not-installed', detail: null };
    case 'denied':
      return { outcome: 'permission-denied', detail: 'the OS would not run it' };
    case 'timeout':
      return { outcome: 'timed-out', detail: null };
    case 'too-much-output':
      return { outcome: 'failed', detail: 'more output than conn-doctor reads' };
    case 'failed':
      return { outcome: 'failed', detail: outcome.error };
    case 'aborted':
      return { outcome: 'failed', detail: 'aborted' };
    default: {
      const unknown: never = outcome;
      return unknown;
    }
  }
}

function unreadable(
  platform: NodeJS.Platform,
  sources: SourceReading[],
  elevated: boolean,
): { cause: 'not-installed' | 'permission-denied' | 'failed'; reason: string } {
  const toolsOf = (list: SourceReading[]) => list.map((s) => s.command.split(' ')[0]).join(', ');
  const tools = toolsOf(sources);
  const denied = sources.filter((s) => s.outcome === 'permission-denied');
  if (denied.length > 0) {
    if (elevated) {
      return {
        cause: 'permission-denied',
        reason: `${toolsOf(denied)}: permission denied even with full rights; a container or sandbox without CAP_NET_ADMIN cannot read the firewall`,
      };
    }
    const how = platform === 'win32' ? 'from an elevated prompt (Run as administrator)' : 'as root (sudo)';
    return {
      cause: 'permission-denied',
      reason: `run conn-doctor ${how} to read the firewall: ${toolsOf(denied)} ${denied.length > 1 ? 'need' : 'needs'} it`,
    };
  }
  if (sources.every((s) => s.outcome === 'not-installed')) {
    return {
      cause: 'not-installed',
      reason: `none of ${tools} is installed here, so there are no host firewall rules to read with them`,
    };
  }
  const first = sources.find((s) => s.outcome !== 'not-installed');
  return { cause: 'failed', reason: `${first?.command ?? tools} failed${first?.detail ? `: ${first.detail}` : ''}` };
}

function isElevated(): boolean {
  return process.getuid?.() === 0;
}
