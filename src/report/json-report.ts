import type { ProxyDecision } from '../probes/proxy-settings.js';
import type { Answer, Session, Step } from '../engine/session.js';
import type { Scheme } from '../shared/target.js';
import type { SymptomId } from '../tree/symptom.js';
import type { Confidence, Verdict, VerdictId } from '../tree/verdict-ids.js';
import { hazardsBeyondC0 } from './show-controls.js';

/**
 * The JSON report (SPEC §2; field by field in docs/json-report.md, generated from this file), `schemaVersion: 1`. "Stable" below means a consumer may rely on the field's
 * name, type and meaning for as long as `schemaVersion` is 1: fields may be added, none renamed, retyped or
 * removed without a new version. Prose (titles, summaries, evidence, next steps) is for people and may be
 * reworded in any release: branch on ids and outcomes, never on prose.
 */
export interface JsonReport {
  /** Stable. Changes only when this shape breaks. */
  schemaVersion: 1;
  /** Stable. */
  tool: { name: 'conn-doctor'; version: string };
  /** Stable: ISO-8601 instant the diagnosis began. */
  startedAt: string;
  /** Stable: ISO-8601 instant the verdict was reached. */
  finishedAt: string;
  /** Stable. */
  target: JsonTarget;
  /** Stable: the error message given with `--symptom`, as typed with its secrets redacted (bounded, controls made visible); null without one. */
  symptom: string | null;
  /** Stable: what conn-doctor understood the symptom to mean; null without a symptom. */
  symptomDecoded: JsonSymptom | null;
  /** Stable. */
  environment: JsonEnvironment;
  /** Stable: every step that ran, in order. */
  steps: JsonStep[];
  /** Stable: every question of the tree that was answered, in order, including defaults taken unasked. */
  answers: JsonAnswer[];
  /** Stable. */
  verdict: JsonVerdict;
}

/** What was diagnosed. Never holds credentials: the parser has already replaced them by `***`. */
export interface JsonTarget {
  /** Stable: the target as typed, credentials redacted. */
  input: string;
  /** Stable. */
  scheme: Scheme;
  /** Stable: ASCII host (punycode for international names), IPv6 without brackets. */
  host: string;
  /** Stable: null when the target named no port (the tree asked for it, or took 80). */
  port: number | null;
  /** Stable: path and query for HTTP targets, `/` when none was given. */
  path: string;
}

export interface JsonSymptom {
  /** Stable: the symptom family (`refused`, `reset`, `timeout`, …); it chose the entry branch. */
  id: SymptomId;
  /** Prose: where the message comes from, e.g. `curl exit 7`. */
  source: string;
  /** Prose: what the message means on the wire. */
  meaning: string;
  /** Stable: whether the probes saw what the symptom describes; null when that could not be told. */
  reproduced: boolean | null;
}

export interface JsonEnvironment {
  /** Stable: Node's `process.platform` (`linux`, `darwin`, `win32`, …). */
  platform: string;
  /** Stable: Node's version, `v20.…`. */
  node: string;
  /**
   * Stable: where the proxy variables send this target, evaluated as curl does (`kind`: direct | proxy |
   * unusable), with the variables found; credentials are always redacted.
   */
  proxy: ProxyDecision;
  /** Stable: the `--dns-server` used instead of the system resolver; null when the system resolver was used. */
  dnsServer: string | null;
  /** Stable: the `--ca` file trusted on top of the system store and NODE_EXTRA_CA_CERTS; null when none. */
  caFile: string | null;
  /** Stable: the budget each network probe had, in ms. */
  timeoutMs: number;
}

export interface JsonStep {
  /** Stable: the tree node's dotted id (`dns.lookup`, `tcp.connect`, …). */
  id: string;
  /** Prose. */
  title: string;
  /** Stable: a short word for what the step measured (`resolved`, `refused`, `response`, …). */
  outcome: string;
  /** Prose: the key measurement in one line. */
  summary: string;
  /** Stable: how long the step took, in ms, rounded to 0.01 ms. */
  durationMs: number;
  /**
   * The probe's result as measured: its `kind` values are stable, its other fields may grow between
   * releases. Every number named `…Ms` or `…At` is milliseconds rounded to 0.01 ms.
   */
  details: unknown;
}

export interface JsonAnswer {
  /** Stable: the question node's id. */
  id: string;
  /** Prose: the question as asked. */
  question: string;
  /** Prose: the chosen answer's label. */
  answer: string;
  /** Stable: the chosen answer's value. */
  value: string;
  /** Stable: true when nobody was asked and the default was taken. */
  defaulted: boolean;
}

export interface JsonVerdict {
  /** Stable: an id from the verdict catalogue (docs/verdicts.md). */
  id: VerdictId;
  /** Prose. */
  title: string;
  /** Prose: what happened on the wire. */
  summary: string;
  /** Stable. */
  confidence: Confidence;
  /** Prose: measured facts, one per entry. */
  evidence: string[];
  /** Prose: commands to run next, each with a short reason. */
  nextSteps: string[];
}

/**
 * The report as data; `renderJsonReport` is its text.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function toJsonReport(session: Session, tool: { version: string }): JsonReport {
  const { target, symptom, environment, verdict } = session;
  return {
    schemaVersion: 1,
    tool: { name: 'conn-doctor', version: tool.version },
    startedAt: session.startedAt,
    finishedAt: session.finishedAt,
    target: { input: target.input, scheme: target.scheme, host: target.host, port: target.port, path: target.path },
    symptom: symptom?.input ?? null,
    symptomDecoded: symptom && {
      id: symptom.id,
      source: symptom.source,
      meaning: symptom.meaning,
      reproduced: session.symptomReproduced,
    },
    environment: {
      platform: environment.platform,
      node: environment.node,
      proxy: environment.proxy,
      dnsServer: environment.dnsServer,
      caFile: environment.caFile,
      timeoutMs: environment.timeoutMs,
    },
    steps: session.steps.map(toJsonStep),
    answers: session.answers.map(toJsonAnswer),
    verdict: toJsonVerdict(verdict),
  };
}

/**
 * The verdict as the report has it; the library's events carry it in this shape too.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function toJsonVerdict(verdict: Verdict): JsonVerdict {
  return {
    id: verdict.id,
    title: verdict.title,
    summary: verdict.summary,
    confidence: verdict.confidence,
    evidence: [...verdict.evidence],
    nextSteps: [...verdict.nextSteps],
  };
}

/**
 * The session as the JSON report: pretty (2 spaces) with a trailing newline, or one line per document
 * for `--watch --json`.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function renderJsonReport(session: Session, tool: { version: string }, options?: { oneLine: boolean }): string {
  return `${stringifyJson(toJsonReport(session, tool), options?.oneLine ? undefined : 2)}\n`;
}

/** JSON.stringify escapes C0 itself; these it leaves raw. Only strings can hold them, so escaping is safe. */
const jsonLeavesRaw = new RegExp(`[${hazardsBeyondC0}]`, 'g');

/**
 * `JSON.stringify`, plus `\u` escapes for what it leaves raw but a terminal or editor may act on: DEL, C1
 * controls (U+009B is a one-character CSI), U+2028/2029 and bidi overrides. The output is still plain JSON.
 */
export function stringifyJson(value: unknown, space?: number): string {
  // `?? 'null'`: JSON.stringify returns undefined for undefined, and details are typed `unknown`.
  return (JSON.stringify(value, null, space) ?? 'null').replace(
    jsonLeavesRaw,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A step as the report has it (timings rounded); the library's events carry steps in this shape too.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function toJsonStep(step: Step): JsonStep {
  return {
    id: step.id,
    title: step.title,
    outcome: step.outcome,
    summary: step.summary,
    durationMs: roundMs(step.durationMs),
    details: roundTimings(step.details) ?? null,
  };
}

/**
 * An answer as the report has it.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function toJsonAnswer(answer: Answer): JsonAnswer {
  return {
    id: answer.id,
    question: answer.question,
    answer: answer.answer,
    value: answer.value,
    defaulted: answer.defaulted,
  };
}

/**
 * 0.01 ms: loopback connects take tenths of a millisecond, so 0.1 ms would flatten them, while
 * monotonic-clock digits past that are noise. Zero is a true value here (absence is null), so no floor.
 */
function roundMs(ms: number): number {
  const rounded = Math.round(ms * 100) / 100;
  return rounded === 0 ? 0 : rounded; // no -0 in the output
}

/** A copy of probe details with every `…Ms` / `…At` number rounded like step durations. */
function roundTimings(value: unknown, key = ''): unknown {
  if (typeof value === 'number') return /(?:Ms|At)$/.test(key) ? roundMs(value) : value;
  if (Array.isArray(value)) return value.map((item) => roundTimings(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundTimings(v, k)]));
  }
  return value;
}
