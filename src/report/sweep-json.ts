import type { SweepSession } from '../engine/run-sweep.js';
import type { TargetSource, UnfinishedReason } from '../shared/target-source.js';
import { type JsonReport, stringifyJson, toJsonReport } from './json-report.js';
import { sweepCounts } from './sweep-rows.js';

/**
 * The sweep document (SPEC §2), what `--json` prints for a sweep: one object whose `results` each hold the
 * single-target report, unchanged. Stable as the single report is, for as long as `schemaVersion` is 1.
 */
export interface SweepDocument {
  /** Stable. */
  schemaVersion: 1;
  /** Stable: tells a sweep document from a single report. */
  kind: 'sweep';
  /** Stable. */
  tool: { name: 'conn-doctor'; version: string };
  /** Stable: ISO-8601 instant the sweep began. */
  startedAt: string;
  /** Stable: ISO-8601 instant its last row ended (or its deadline passed). */
  finishedAt: string;
  /** Stable: one per target, in the order the targets were given. */
  results: SweepDocumentResult[];
  /** Stable: `problems` counts every row that is not healthy, unfinished ones included. */
  summary: { total: number; healthy: number; problems: number };
}

export interface SweepDocumentResult {
  /** Stable: where the target came from (`arg`, `env`, `compose`, `list`), with file, line and name. */
  source: TargetSource;
  /** Stable: the target as given, credentials and secret query values replaced by `***`. */
  input: string;
  /** Stable: the single-target report; null when the row has no verdict (see `unfinished`). */
  report: JsonReport | null;
  /**
   * Stable: why there is no report (`deadline`: the sweep's deadline passed first; `cancelled`; `failed`: an
   * internal error, with its message); null when there is one. An unfinished row is a problem, never healthy.
   */
  unfinished: { reason: UnfinishedReason; started: boolean; message: string | null } | null;
}

/**
 * The sweep as its document.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function toSweepDocument(sweep: SweepSession, tool: { version: string }): SweepDocument {
  return {
    schemaVersion: 1,
    kind: 'sweep',
    tool: { name: 'conn-doctor', version: tool.version },
    startedAt: sweep.startedAt,
    finishedAt: sweep.finishedAt,
    results: sweep.results.map((row) => ({
      source: row.source,
      input: row.input,
      report: row.session === null ? null : toJsonReport(row.session, tool),
      unfinished: row.unfinished,
    })),
    summary: sweepCounts(sweep),
  };
}

/**
 * The sweep document as text: pretty (2 spaces), with a trailing newline.
 * @internal: takes the engine's types, so left out of the library's declarations (tsconfig.library.json).
 */
export function renderSweepJson(sweep: SweepSession, tool: { version: string }): string {
  return `${stringifyJson(toSweepDocument(sweep, tool), 2)}\n`;
}
