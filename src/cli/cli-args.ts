import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';

/** Everything the command line can say, validated. */
export interface CliArgs {
  target: string | null;
  json: boolean;
  interactive: boolean;
  report: string | null;
  timeoutMs: number;
  symptom: string | null;
  dnsServer: string | null;
  /** `--ca`: a PEM file of extra trusted CA certificates, checked to be readable. */
  caFile: string | null;
  demo: boolean;
  explain: boolean;
  color: boolean;
  help: boolean;
  version: boolean;
}

/** A problem with what the user typed: one line on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** By name, not instanceof: lazily loaded parts are bundles of their own, each with its own copy of the class. */
export const isUsageError = (error: unknown): error is UsageError => error instanceof Error && error.name === 'UsageError';

const options = {
  json: { type: 'boolean' },
  'no-interactive': { type: 'boolean' },
  report: { type: 'string' },
  timeout: { type: 'string' },
  symptom: { type: 'string' },
  repeat: { type: 'string' },
  ca: { type: 'string' },
  watch: { type: 'boolean' },
  'dns-server': { type: 'string' },
  demo: { type: 'boolean' },
  explain: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Options of the spec that later versions bring; refusing them beats silently ignoring them. */
const notYet = ['repeat', 'watch'] as const;

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv, tty: { stdin: boolean; stdout: boolean }): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(firstLine((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one target, got ${positionals.length}: ${positionals.join(' ')}`);
  for (const name of notYet) {
    if (values[name] !== undefined) throw new UsageError(`--${name} is not available in this version yet`);
  }
  const json = values.json === true;
  const noTerminal = !tty.stdin || !tty.stdout || Boolean(env.CI);
  return {
    target: positionals[0] ?? null,
    json,
    interactive: !json && values['no-interactive'] !== true && !noTerminal,
    report: values.report ?? null,
    timeoutMs: parseTimeout(values.timeout),
    symptom: values.symptom ?? null,
    dnsServer: values['dns-server'] === undefined ? null : parseDnsServer(values['dns-server']),
    caFile: values.ca === undefined ? null : checkCaFile(values.ca),
    demo: values.demo === true,
    explain: values.explain === true,
    color: values['no-color'] !== true && !('NO_COLOR' in env && env.NO_COLOR !== '') && tty.stdout,
    help: values.help === true,
    version: values.version === true,
  };
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return 3000;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 50 || value > 600_000) {
    throw new UsageError(`invalid --timeout "${raw}": give milliseconds between 50 and 600000`);
  }
  return value;
}

/** `ip`, `ip:port` or `[ipv6]:port`: a resolver is always an address, never a name to resolve first. */
function parseDnsServer(raw: string): string {
  const match = /^\[(.+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+):(\d+)$/.exec(raw);
  const address = match?.[1] ?? raw;
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (!isIP(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`invalid --dns-server "${raw}": give an IP address, optionally with :port (e.g. 127.0.0.1:5353 or [::1]:53)`);
  }
  return raw;
}

/** A bad --ca would otherwise surface as an untrusted certificate: say what is wrong with the file instead. */
function checkCaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    throw new UsageError(`cannot read --ca "${path}": ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return path;
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;
