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
  /** `--repeat <n>`: connects in a row for the stability check; null for the default (only when intermittent). */
  repeat: number | null;
  /** `--watch`: diagnose again every `intervalMs` and say when the verdict changes. */
  watch: boolean;
  intervalMs: number;
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
export const isUsageError = (error: unknown): error is UsageError =>
  error instanceof Error && error.name === 'UsageError';

const options = {
  json: { type: 'boolean' },
  'no-interactive': { type: 'boolean' },
  report: { type: 'string' },
  timeout: { type: 'string' },
  symptom: { type: 'string' },
  repeat: { type: 'string' },
  ca: { type: 'string' },
  watch: { type: 'boolean' },
  interval: { type: 'string' },
  'dns-server': { type: 'string' },
  demo: { type: 'boolean' },
  explain: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseCliArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  tty: { stdin: boolean; stdout: boolean },
): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(firstLine((error as Error).message));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1)
    throw new UsageError(`expected one target, got ${positionals.length}: ${positionals.join(' ')}`);
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
    repeat: values.repeat === undefined ? null : parseCount('--repeat', values.repeat, 1, 100),
    watch: values.watch === true,
    intervalMs: values.interval === undefined ? 5000 : parseCount('--interval', values.interval, 200, 3_600_000),
    demo: values.demo === true,
    explain: values.explain === true,
    color: values['no-color'] !== true && !('NO_COLOR' in env && env.NO_COLOR !== '') && tty.stdout,
    help: values.help === true,
    version: values.version === true,
  };
}

function parseCount(option: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new UsageError(`invalid ${option} "${raw}": give a whole number from ${min} to ${max}`);
  return value;
}

function parseTimeout(raw: string | undefined): number {
  return raw === undefined ? 3000 : parseCount('--timeout', raw, 50, 600_000);
}

/** `ip`, `ip:port` or `[ipv6]:port`: a resolver is always an address, never a name to resolve first. */
function parseDnsServer(raw: string): string {
  const match = /^\[(.+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+):(\d+)$/.exec(raw);
  const address = match?.[1] ?? raw;
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (!isIP(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(
      `invalid --dns-server "${raw}": give an IP address, optionally with :port (e.g. 127.0.0.1:5353 or [::1]:53)`,
    );
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
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`--ca "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return path;
}

const firstLine = (text: string) => text.split('\n')[0] ?? text;
