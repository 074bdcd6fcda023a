import type { Options, TargetSourceRequest } from '../shared/options.js';
import { caCertificateFile, dnsServerAddress, duration, reportFile, wholeNumber } from './option-values.js';
import { probeSettingRanges } from '../shared/probe-setting-checks.js';

/**
 * What runs: one diagnosis without a terminal, `--watch`, the guided app (or its watch screen), `--demo`, a
 * sweep of several targets (and `--watch` over it), or `--wait` for one target or a sweep.
 */
export type FrontEnd = 'headless' | 'watch' | 'app' | 'demo' | 'sweep' | 'wait';

const everyRun: readonly FrontEnd[] = ['headless', 'watch', 'app', 'sweep', 'wait'];

/** `--interval` when `--wait` is given without it: wait-for-it's one second, so a target that comes up is seen soon. */
export const waitIntervalMs = 1000;

/** How a note to the user names each front end. */
export const frontEndNames: Record<FrontEnd, string> = {
  headless: 'a single diagnosis',
  watch: '--watch',
  app: 'the app',
  demo: '--demo',
  sweep: 'a sweep',
  wait: '--wait',
};

/** Several targets, or any file of targets (`--env`, `--compose`, `--targets`): a sweep, even of one row. */
export const isSweep = (options: Pick<Options, 'sources'>): boolean =>
  options.sources.length > 1 || options.sources.some((source) => source.kind !== 'arg');

/** The front end these options run; null for the commands (--help, --version, --explain), which read no other. */
export function frontEndOf(options: Options): FrontEnd | null {
  if (options.help || options.version || options.explain) return null;
  if (options.demo) return 'demo';
  // One target or a sweep; in a terminal its front end runs the sweep's live table (cli/run-wait.ts).
  if (options.waitMs !== null) return 'wait';
  // Before the app: a sweep in a terminal is the sweep's live table (cli/run-sweep-app.ts). --watch over a sweep is
  // --watch: it reads the options --watch reads.
  if (isSweep(options)) return options.watch ? 'watch' : 'sweep';
  if (options.interactive) return 'app';
  return options.watch ? 'watch' : 'headless';
}

/** One command-line option, described once: the parser, `--help` and the README's table all come from here. */
export type OptionSpec = {
  [K in keyof Options]: {
    /** The long name, without its dashes. */
    name: string;
    /** A one-letter alias, without its dash. */
    short?: string;
    /** The field of Options it sets. */
    key: K;
    /** Its value when not given. */
    default: Options[K];
    /** What `--help` says of it: the first line beside the name (then the default), any further lines under it. */
    help: readonly string[];
    /** The front ends that read it; help, version and explain are commands of their own and list none. */
    usedBy: readonly FrontEnd[];
  } & (
    | {
        /** A flag: given, it sets this value. */
        kind: 'flag';
        sets: Options[K];
        /**
         * How `--help` names the target's place when this flag gives it another meaning: `--demo [scenario]`.
         * The parser reads it as the target, wherever it stands on the command line.
         */
        operand?: string;
      }
    | {
        kind: 'value';
        /** How `--help` names the value: `<ms>`. */
        placeholder: string;
        /** Reads and checks the value as typed; throws a UsageError naming the option. */
        read: (raw: string) => Options[K];
      }
    | {
        /** A place targets are read from: each use adds one to `sources`, in the order given. */
        kind: 'source';
        /** How `--help` names the value: `<file|->`, or `[file]` when it may be left out. */
        placeholder: string;
        /**
         * The value may be left out. The next argument is then its value only when it cannot be a target (it
         * names a file that exists, or does not parse as a target); `--env=<file>` is never ambiguous.
         */
        valueOptional: boolean;
        /** The source from the value as typed (null: left out). */
        read: (raw: string | null) => TargetSourceRequest;
      }
  );
}[keyof Options];

/** Every option, in the order `--help` lists them. */
export const optionTable: readonly OptionSpec[] = [
  {
    name: 'json',
    key: 'json',
    kind: 'flag',
    sets: true,
    default: false,
    help: ['print the session report as JSON on stdout, nothing else'],
    usedBy: ['headless', 'watch', 'demo', 'sweep', 'wait'],
  },
  {
    name: 'no-interactive',
    key: 'interactive',
    kind: 'flag',
    sets: false,
    default: true,
    help: [
      'no questions: default answers, human summary on stdout',
      '(implied when stdin or stdout is not a terminal, or CI is set)',
    ],
    // --demo reads it too: the list of verdicts instead of the app.
    usedBy: ['headless', 'watch', 'demo', 'sweep', 'wait'],
  },
  {
    name: 'report',
    key: 'report',
    kind: 'value',
    placeholder: '<file>',
    read: reportFile,
    default: null,
    help: ['also write the report: .md, .json or .html'],
    usedBy: ['headless', 'app', 'sweep', 'wait'],
  },
  {
    name: 'timeout',
    key: 'timeoutMs',
    kind: 'value',
    placeholder: '<ms>',
    read: wholeNumber('--timeout', probeSettingRanges.timeoutMs.min, probeSettingRanges.timeoutMs.max),
    default: 3000,
    help: ['budget of each network probe'],
    usedBy: everyRun,
  },
  {
    name: 'repeat',
    key: 'repeat',
    kind: 'value',
    placeholder: '<n>',
    read: wholeNumber('--repeat', probeSettingRanges.repeat.min, probeSettingRanges.repeat.max),
    default: null,
    help: ['check stability with n connects in a row once the target answers'],
    usedBy: everyRun,
  },
  {
    name: 'watch',
    key: 'watch',
    kind: 'flag',
    sets: true,
    default: false,
    help: [
      'diagnose again every few seconds; say when the verdict changes',
      '(a live screen in a terminal, else a line per run;',
      '--json: one JSON document a line); over a sweep, its table',
      'each run with the changed rows marked (live in a terminal)',
    ],
    usedBy: ['watch', 'app'],
  },
  {
    name: 'wait',
    key: 'waitMs',
    kind: 'value',
    placeholder: '<duration>',
    read: duration('--wait', 1000, 86_400_000),
    default: null,
    help: [
      'diagnose again until every target is healthy (exit 0), for at most',
      'this long (30s, 2m, 1m30s, or ms; then exit 1); each change of',
      'verdict on stderr (a live table in a terminal), the usual output',
      'at the end',
    ],
    usedBy: ['wait'],
  },
  {
    name: 'interval',
    key: 'intervalMs',
    kind: 'value',
    placeholder: '<ms>',
    read: wholeNumber('--interval', 200, 3_600_000),
    default: 5000,
    help: ['time between --watch runs', `(with --wait: default ${waitIntervalMs})`],
    usedBy: ['watch', 'app', 'wait'],
  },
  {
    name: 'symptom',
    key: 'symptom',
    kind: 'value',
    placeholder: '<text>',
    // `-` (read from standard input) is resolved by parseCliArgs, which owns the reading.
    read: (raw) => raw,
    default: null,
    help: [
      'the error message you saw, e.g. "curl: (56) Recv failure";',
      'any text, even one starting with "-"; "-" reads it from stdin',
    ],
    usedBy: everyRun,
  },
  {
    name: 'ca',
    key: 'caFile',
    kind: 'value',
    placeholder: '<file>',
    read: caCertificateFile,
    default: null,
    help: ['also trust the CA certificates in this PEM file'],
    usedBy: everyRun,
  },
  {
    name: 'dns-server',
    key: 'dnsServer',
    kind: 'value',
    placeholder: '<ip[:port]>',
    read: dnsServerAddress,
    default: null,
    help: ['resolve through this DNS server only (system lookup skipped)'],
    usedBy: everyRun,
  },
  {
    name: 'env',
    key: 'sources',
    kind: 'source',
    placeholder: '[file]',
    valueOptional: true,
    read: (raw) => ({ kind: 'env', file: raw ?? '.env' }),
    default: [],
    help: [
      'diagnose each connection a dotenv file names (default ./.env):',
      '*_URL, *_URI, *_DSN values and <NAME>_HOST/<NAME>_PORT pairs',
    ],
    // A sweep's, also watched or waited for.
    usedBy: ['sweep', 'watch', 'wait'],
  },
  {
    name: 'compose',
    key: 'sources',
    kind: 'source',
    placeholder: '[file]',
    valueOptional: true,
    read: (raw) => ({ kind: 'compose', file: raw }),
    default: [],
    help: [
      'diagnose each port a Compose file publishes, seen from here',
      '(default: compose.yaml, compose.yml, docker-compose.y[a]ml)',
    ],
    // A sweep's, also watched or waited for.
    usedBy: ['sweep', 'watch', 'wait'],
  },
  {
    name: 'targets',
    key: 'sources',
    kind: 'source',
    placeholder: '<file|->',
    valueOptional: false,
    read: (raw) => ({ kind: 'list', file: raw ?? '-' }),
    default: [],
    help: ['diagnose each target of a list, one a line ("-": stdin)'],
    // A sweep's, also watched or waited for.
    usedBy: ['sweep', 'watch', 'wait'],
  },
  {
    name: 'demo',
    key: 'demo',
    kind: 'flag',
    sets: true,
    default: false,
    operand: '[scenario]',
    help: [
      'the built-in fault lab on loopback: in a terminal, pick a scenario',
      'and watch it diagnosed; piped, diagnose every scenario (or the one',
      'named) and list the verdicts',
    ],
    usedBy: ['demo'],
  },
  {
    name: 'explain',
    key: 'explain',
    kind: 'flag',
    sets: true,
    default: false,
    help: ['print the decision tree'],
    usedBy: [],
  },
  {
    name: 'no-color',
    key: 'color',
    kind: 'flag',
    sets: false,
    default: true,
    help: ['no colours (NO_COLOR is respected too)'],
    usedBy: ['headless', 'watch', 'app', 'demo', 'sweep', 'wait'],
  },
  {
    name: 'version',
    short: 'v',
    key: 'version',
    kind: 'flag',
    sets: true,
    default: false,
    help: ['print the version'],
    usedBy: [],
  },
  {
    name: 'help',
    short: 'h',
    key: 'help',
    kind: 'flag',
    sets: true,
    default: false,
    help: ['print this help'],
    usedBy: [],
  },
];

/**
 * Every option at its default, from the table; no target, and Unicode marks. parseCliArgs starts from this, and
 * so can a test that runs a front end without a command line.
 */
export function defaultOptions(): Options {
  const options: Partial<Options> = { target: null, ascii: false };
  for (const spec of optionTable) Object.assign(options, { [spec.key]: spec.default });
  return options as Options;
}

/** How `--help` and the README name an option: `--timeout <ms>`, `-v, --version`. */
export function optionLabel(spec: OptionSpec): string {
  const value = spec.kind === 'flag' ? spec.operand : spec.placeholder;
  const long = value === undefined ? `--${spec.name}` : `--${spec.name} ${value}`;
  return spec.short === undefined ? long : `-${spec.short}, ${long}`;
}
