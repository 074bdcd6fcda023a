import { existsSync } from 'node:fs';
import { parseTarget } from '../engine/parse-target.js';
import { showControls as visible } from '../report/show-controls.js';
import type { Options, TargetSourceRequest } from '../shared/options.js';
import { redactTarget } from '../shared/redact-secrets.js';
import {
  defaultOptions,
  frontEndNames,
  frontEndOf,
  type OptionSpec,
  optionLabel,
  optionTable,
  waitIntervalMs,
} from './option-table.js';
import { UsageError } from './usage-error.js';

/** What the parser knows of where it runs: whether stdin and stdout are terminals, and how to read stdin. */
export interface ParseContext {
  stdin: boolean;
  stdout: boolean;
  /** Reads the whole of standard input as text, for `--symptom -`; not called when stdin is a terminal. */
  readStdin?: () => Promise<string>;
  /** Told, one line each, of options given that the front end they run does not read. */
  warn?: (line: string) => void;
}

const byLong = new Map(optionTable.map((spec) => [`--${spec.name}`, spec]));
const byShort = new Map<string, OptionSpec>(
  optionTable.flatMap((spec) => (spec.short ? [[`-${spec.short}`, spec]] : [])),
);
const seeHelp = 'see conn-doctor --help';
const intervalSpec = byLong.get('--interval')!;

/**
 * The options object from argv, by the option table: the one object every front end is then given. An option
 * that takes a value takes the next argument whatever it is, as getopt does: a pasted error message may start
 * with `-` (wget's `--2023-03-29 08:00:01--  http://…`), and node:util's parseArgs refuses such a value.
 */
export async function parseCliArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  context: ParseContext,
): Promise<Options> {
  const options = defaultOptions();
  const given = new Set<OptionSpec>();
  const set = (spec: OptionSpec, value: unknown) => {
    given.add(spec);
    Object.assign(options, { [spec.key]: value });
  };
  const positionals: string[] = [];
  // Targets and files of targets, in the order given: a sweep diagnoses them in that order.
  const sources: TargetSourceRequest[] = [];
  const positional = (arg: string) => {
    positionals.push(arg);
    sources.push({ kind: 'arg', target: arg });
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) positional(rest);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional(arg);
      continue;
    }
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const spec = byLong.get(name) ?? byShort.get(name);
    if (spec === undefined) throw new UsageError(`unknown option ${visible(name)} (${seeHelp})`);
    if (spec.kind === 'flag') {
      if (equals !== -1) throw new UsageError(`${name} takes no value (${seeHelp})`);
      set(spec, spec.sets);
      continue;
    }
    if (spec.kind === 'source') {
      let raw: string | null = null;
      if (equals !== -1) raw = arg.slice(equals + 1);
      else if (i + 1 < argv.length && (!spec.valueOptional || isValueNotTarget(argv[i + 1]!))) raw = argv[++i]!;
      else if (!spec.valueOptional) throw new UsageError(`${name} needs a value: ${optionLabel(spec)} (${seeHelp})`);
      if (raw === '') throw new UsageError(`${name} needs a file name, not an empty one (${seeHelp})`);
      given.add(spec);
      sources.push(spec.read(raw));
      continue;
    }
    let raw: string;
    if (equals !== -1) raw = arg.slice(equals + 1);
    else if (i + 1 < argv.length) raw = argv[++i]!;
    else throw new UsageError(`${name} needs a value: ${optionLabel(spec)} (${seeHelp})`);
    set(spec, spec.read(raw));
  }
  options.target = positionals[0] ?? null;
  if (options.waitMs !== null) {
    // Two loops with opposite ends: --watch runs until interrupted, --wait until every target is healthy.
    if (options.watch)
      throw new UsageError('--wait and --watch do not go together: --wait stops once all are healthy, --watch never');
    if (!given.has(intervalSpec)) options.intervalMs = waitIntervalMs;
  }
  options.sources = sources;
  // Only a sweep reads several targets; --demo names one scenario, and the commands read none.
  if (positionals.length > 1 && (options.demo || options.help || options.version || options.explain))
    throw new UsageError(
      `expected one target, got ${positionals.length}: ${positionals.map((p) => visible(redactTarget(p))).join(' ')}`,
    );
  if (options.symptom === '-') {
    if (sources.some((source) => source.kind === 'list' && source.file === '-'))
      throw new UsageError('--symptom - and --targets - both read standard input: give one of them a file');
    options.symptom = await symptomFromStdin(context);
  }
  if (context.stdin && sources.some((source) => source.kind === 'list' && source.file === '-'))
    throw new UsageError(
      '--targets - reads the list from standard input: pipe it in, e.g. cat targets.txt | conn-doctor --targets -',
    );
  // What the flags asked for, narrowed by where conn-doctor runs.
  const noTerminal = !context.stdin || !context.stdout || Boolean(env.CI);
  options.interactive = options.interactive && !options.json && !noTerminal;
  options.color = options.color && !('NO_COLOR' in env && env.NO_COLOR !== '') && context.stdout;
  options.ascii = !supportsUnicode(env);
  const frontEnd = frontEndOf(options);
  for (const spec of given) {
    // Not an error: the run goes on as asked, but nobody should believe an option acted when it did not.
    if (frontEnd === null || spec.usedBy.length === 0 || spec.usedBy.includes(frontEnd)) continue;
    const readers = spec.usedBy.map((end) => frontEndNames[end]);
    const list = readers.length === 1 ? readers[0] : `${readers.slice(0, -1).join(', ')} and ${readers.at(-1)}`;
    context.warn?.(`--${spec.name} is ignored by ${frontEndNames[frontEnd]}; it is read by ${list}`);
  }
  return options;
}

/** A path, or the name of a file these options read: `.env`, `.env.local`, `prod.env`, `stack.yml`, `list.txt`. */
const FILE_NAME = /[\\/]|^\.env|\.(?:env|ya?ml|txt|list)$/i;

/**
 * After `--env` or `--compose`, whose file may be left out: is the next argument that file, or a target? The
 * file when it looks like one (a path, a dotenv or YAML name), exists, or cannot be read as a target at all
 * (`stack.yml` missing: say so rather than diagnose a host named stack.yml); an option is never the value.
 */
function isValueNotTarget(next: string): boolean {
  if (next.startsWith('-')) return false;
  return FILE_NAME.test(next) || existsSync(next) || !parseTarget(next).ok;
}

async function symptomFromStdin(context: ParseContext): Promise<string> {
  if (context.stdin || context.readStdin === undefined)
    throw new UsageError(
      '--symptom - reads the message from standard input: pipe it in, e.g. pbpaste | conn-doctor --symptom - <target>',
    );
  const text = await context.readStdin();
  if (text.trim() === '') throw new UsageError('--symptom -: standard input was empty');
  return text;
}

/** Windows consoles and C/POSIX locales often lack the marks; fall back to ASCII there. */
export function supportsUnicode(env: NodeJS.ProcessEnv): boolean {
  if (process.platform === 'win32') return Boolean(env.WT_SESSION || env.TERM_PROGRAM);
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return env.TERM !== 'linux' && (locale === '' || /utf-?8/i.test(locale));
}
