/**
 * How each probe of a diagnosis runs: the same for every run of a session, whichever front end starts it. A new
 * setting is added here (and in `probeSettingKeys`, which tsc then asks for), in the CLI's option table, and
 * where the engine uses it; every front end and the engine worker pass it on untouched.
 */
export interface ProbeSettings {
  /** `--timeout`: budget of each network probe, in ms. */
  timeoutMs: number;
  /** `--dns-server`: the resolver used instead of the system's (`ip`, `ip:port`, `[ipv6]:port`); null for the system's. */
  dnsServer: string | null;
  /** `--ca`: extra trusted CA certificates (PEM file); the system's and NODE_EXTRA_CA_CERTS are always trusted. */
  caFile?: string | null;
  /** `--repeat`: run the stability check with this many connects once the target answers; null when intermittent only. */
  repeat?: number | null;
}

/** Every field of ProbeSettings, once: a field missing here fails to compile. */
const probeSettingKeys: Record<keyof ProbeSettings, true> = {
  timeoutMs: true,
  dnsServer: true,
  caFile: true,
  repeat: true,
};

/** Only the probe settings of a larger object (the options, a request), with absent ones as null. */
export function probeSettingsOf(from: ProbeSettings): Required<ProbeSettings> {
  const picked: Partial<Record<keyof ProbeSettings, unknown>> = {};
  for (const key of Object.keys(probeSettingKeys) as (keyof ProbeSettings)[]) picked[key] = from[key] ?? null;
  return picked as Required<ProbeSettings>;
}

/**
 * Where a sweep's targets come from, as the command line names them, in the order given (SPEC §7): each target
 * on the command line, `--env [file]`, `--compose [file]`, `--targets <file|->`.
 */
export type TargetSourceRequest =
  /** A target typed on the command line. */
  | { kind: 'arg'; target: string }
  /** A dotenv file: its URL-shaped values and host/port pairs. */
  | { kind: 'env'; file: string }
  /** A Compose file's published ports; null: the first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml here. */
  | { kind: 'compose'; file: string | null }
  /** A list, one target a line; `-` is standard input. */
  | { kind: 'list'; file: string };

/**
 * What the user asked for, validated: built once from argv by the CLI's option table, then handed unchanged to
 * the front end that runs (the headless run, `--watch`, the guided app, `--demo`), which passes its probe
 * settings to the engine.
 */
export interface Options extends Required<ProbeSettings> {
  /** The target as typed; null when none was given (the app asks for it). The first of several: see `sources`. */
  target: string | null;
  /**
   * Every target on the command line and every `--env`, `--compose` and `--targets`, in the order given. More
   * than one, or any file, makes a sweep.
   */
  sources: readonly TargetSourceRequest[];
  /** `--symptom`: the error message the user saw (`--symptom -`: read from standard input); null to ask. */
  symptom: string | null;
  /** `--json`: the JSON report on stdout and nothing else. */
  json: boolean;
  /** The guided app in this terminal: false with `--json`, `--no-interactive`, CI, or stdin or stdout not a terminal. */
  interactive: boolean;
  /** `--report`: also write the report to this file (.md, .json or .html). */
  report: string | null;
  /** `--watch`: diagnose again every `intervalMs` and say when the verdict changes. */
  watch: boolean;
  /** Between two runs of `--watch` or `--wait`, in ms; `--wait` without `--interval` sets it to 1000. */
  intervalMs: number;
  /** `--wait`: diagnose again every `intervalMs` until every target is healthy, for at most this many ms; null when not waiting. */
  waitMs: number | null;
  /** `--demo`: the fault lab on loopback, each scenario diagnosed; the target, when given, names the one scenario. */
  demo: boolean;
  /** `--explain`: print the decision tree. */
  explain: boolean;
  /** ANSI colours: off with `--no-color`, `NO_COLOR`, or when stdout is not a terminal. */
  color: boolean;
  /** Plain ASCII marks, for terminals and locales without UTF-8. */
  ascii: boolean;
  help: boolean;
  version: boolean;
}
