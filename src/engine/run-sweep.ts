/**
 * The sweep: several targets diagnosed side by side in this process, by the one engine, under one deadline
 * (SPEC §7). Front ends (the CLI's table, the library's `sweep`) read the typed result and, live, the events.
 *
 *     const sweep = await runSweep({
 *       targets: [{ source: { kind: 'arg' }, input: 'localhost:5432', ...parsedTarget }],
 *       timeoutMs: 3000, dnsServer: null,
 *       onEvent: (e) => e.type === 'target-finished' && console.error(e.index, e.result.session?.verdict.id),
 *     });
 *     sweepExitStatus(sweep); // 0 only when every row is healthy
 */
import { isLoopbackAddress } from '../probes/local-listeners/is-local-address.js';
import type { ProbeSettings } from '../shared/options.js';
import type { Credentials, Target } from '../shared/target.js';
import type { TargetSource, UnfinishedReason } from '../shared/target-source.js';
import { type AnswerProvider, defaultAnswers, type EngineEvent } from './events.js';
import { type ExitStatus, exitStatus } from './exit-status.js';
import { runDiagnosis } from './run-diagnosis.js';
import { runPooled } from './run-sweep-pool.js';
import type { Session } from './session.js';
import { createSharedReads } from './shared-reads.js';
import { isoTimestamp } from '../shared/iso-timestamp.js';

/** One target of a sweep, parsed, with where it came from. */
export interface SweepTarget {
  /** Where it came from: the command line, a line of a dotenv file, a Compose service, a line of a list. */
  source: TargetSource;
  /** The target as shown: credentials and secret query values already replaced by `***`. */
  input: string;
  /** The parsed target (engine/parse-target.ts). */
  target: Target;
  /** URL credentials, sent only to test them (HTTP Basic auth, a protocol's login); never shown. */
  credentials: Credentials | null;
  /** The path and query as typed, when `target.path` hides a secret. */
  requestPath?: string | null;
}

/** What a sweep is asked to do. Every row runs with the same probe settings. */
export interface SweepOptions extends ProbeSettings {
  targets: readonly SweepTarget[];
  /** The error text the user saw, decoded for every row; null or absent for none. */
  symptom?: string | null;
  /**
   * The sweep ends by then, in ms from its start: a row not finished by then is stopped and reported unfinished,
   * never healthy. Default `sweepDeadlineMs(timeoutMs, repeat)`.
   */
  deadlineMs?: number;
  /** Diagnoses at once (default 16). */
  concurrency?: number;
  /** Diagnoses at once against one host (default 4): a server is never sent more than a few diagnoses' connections. */
  perHostConcurrency?: number;
  /** Stops the sweep: rows still running are reported unfinished (`cancelled`). */
  signal?: AbortSignal;
  /** Each row's start, its engine events and its end, as they happen. */
  onEvent?: SweepListener;
  /** Answers the tree's questions; the defaults when absent, as for any run without a person. */
  answer?: AnswerProvider;
  /** Where proxy variables are read (copied once for every row); the process's environment by default. */
  env?: NodeJS.ProcessEnv;
}

export type { UnfinishedReason } from '../shared/target-source.js';

/** A row whose diagnosis reached its verdict. */
export interface FinishedRow {
  source: TargetSource;
  input: string;
  session: Session;
  unfinished: null;
}

/** A row without a verdict: it counts as a problem, never as healthy. */
export interface UnfinishedRow {
  source: TargetSource;
  input: string;
  session: null;
  unfinished: {
    reason: UnfinishedReason;
    /** Whether its diagnosis had started (false: it waited for a place in the pool until the end). */
    started: boolean;
    /** For `failed`: the engine's error message. */
    message: string | null;
  };
}

/** One target's outcome, in the order the targets were given. */
export type SweepResult = FinishedRow | UnfinishedRow;

/** A whole sweep: every sweep report is a pure function of this. */
export interface SweepSession {
  /** ISO-8601 instants. */
  startedAt: string;
  finishedAt: string;
  /** The deadline the sweep ran under, in ms from its start. */
  deadlineMs: number;
  results: SweepResult[];
}

/** What a sweep tells its front ends; `index` is the row's place in `targets`. */
export type SweepEvent =
  /** The row's diagnosis started (it had waited for a place in the pool). */
  | { type: 'target-started'; index: number }
  /** An event of the row's own diagnosis, as a single diagnosis sends it. */
  | { type: 'target-event'; index: number; event: EngineEvent }
  /** The row is done: its verdict, or why it has none. */
  | { type: 'target-finished'; index: number; result: SweepResult };

export type SweepListener = (event: SweepEvent) => void;

/**
 * The default deadline: what one diagnosis may take at most, since the rows run side by side. A diagnosis runs a
 * handful of probes one after another, each within `timeoutMs`; ten of them is more than any path of the tree
 * spends on an unanswering target (30 s at the default budget, a sensible wait for a CI step). `--repeat n` adds
 * n connects in a row, each within the budget.
 */
export const sweepDeadlineMs = (timeoutMs: number, repeat: number | null = null): number =>
  (10 + (repeat ?? 0)) * timeoutMs;

/** Runs every target's diagnosis, side by side, and returns the rows in the order given. Never rejects for a row. */
export async function runSweep(options: SweepOptions): Promise<SweepSession> {
  const startedAt = new Date();
  const deadlineMs = options.deadlineMs ?? sweepDeadlineMs(options.timeoutMs, options.repeat ?? null);
  const emit = options.onEvent ?? (() => {});
  const stop = new AbortController();
  const over = new Promise<UnfinishedReason>((resolve) => {
    const timer = setTimeout(() => resolve('deadline'), deadlineMs);
    const onCancel = () => resolve('cancelled');
    if (options.signal?.aborted) onCancel();
    options.signal?.addEventListener('abort', onCancel, { once: true });
    stop.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    });
  });
  // Already cancelled: no row starts (the promise above settles a microtask later, after the pool has begun).
  let endedBy: UnfinishedReason | null = options.signal?.aborted ? 'cancelled' : null;
  void over.then((reason) => {
    endedBy = reason;
    stop.abort();
  });
  const shared = createSharedReads({ timeoutMs: options.timeoutMs, signal: stop.signal, env: options.env });
  const settings = {
    timeoutMs: options.timeoutMs,
    dnsServer: options.dnsServer,
    caFile: options.caFile ?? null,
    repeat: options.repeat ?? null,
  };

  const runRow = async (row: SweepTarget, index: number): Promise<SweepResult> => {
    const unfinished = (reason: UnfinishedReason, started: boolean, message: string | null = null) => {
      const result: UnfinishedRow = {
        source: row.source,
        input: row.input,
        session: null,
        unfinished: { reason, started, message },
      };
      emit({ type: 'target-finished', index, result });
      return result;
    };
    if (endedBy !== null) return unfinished(endedBy, false);
    emit({ type: 'target-started', index });
    const diagnosis = runDiagnosis({
      ...settings,
      target: row.target,
      credentials: row.credentials,
      requestPath: row.requestPath ?? null,
      symptom: options.symptom ?? null,
      answer: options.answer ?? defaultAnswers,
      signal: stop.signal,
      shared,
      onEvent: (event) => {
        if (endedBy === null) emit({ type: 'target-event', index, event });
      },
    }).then(
      (session) => ({ session }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    const outcome = await Promise.race([diagnosis, over.then((reason) => ({ reason }))]);
    // A session that ends after the deadline was walked on probes cut short: it is not evidence of anything.
    if ('reason' in outcome || endedBy !== null) return unfinished(endedBy ?? 'deadline', true);
    if ('error' in outcome) return unfinished('failed', true, outcome.error);
    const result: FinishedRow = { source: row.source, input: row.input, session: outcome.session, unfinished: null };
    emit({ type: 'target-finished', index, result });
    return result;
  };

  // The deadline's timer and the rows' probes stop however the pool ends, a listener's throw included.
  const results = await runPooled(
    options.targets.map((row, index) => ({ key: serverHostOf(row.target), run: () => runRow(row, index) })),
    { limit: options.concurrency ?? 16, perKeyLimit: options.perHostConcurrency ?? 4 },
  ).finally(() => stop.abort());
  return { startedAt: isoTimestamp(startedAt), finishedAt: isoTimestamp(new Date()), deadlineMs, results };
}

/**
 * The server host a row's connections go to, for the per-host limit: `localhost`, 127.0.0.1 and ::1 are one host,
 * this machine; a name is not resolved for this (two names of one address count as two hosts).
 */
function serverHostOf(target: Target): string {
  if (target.hostKind === 'localhost' || (target.hostKind !== 'name' && isLoopbackAddress(target.host)))
    return 'this machine';
  return target.host.toLowerCase();
}

/** Whether a row ended healthy: a verdict of `healthy`, and nothing else. */
export const isHealthyRow = (row: SweepResult): boolean => row.session?.verdict.id === 'healthy';

/**
 * The sweep's exit status (SPEC §1, §7): 0 only when every row is healthy; 3 when the engine failed on a row (a
 * bug); otherwise 1, unfinished rows included.
 */
export function sweepExitStatus(sweep: SweepSession): ExitStatus {
  if (sweep.results.some((row) => row.unfinished?.reason === 'failed')) return exitStatus.internal;
  return sweep.results.every(isHealthyRow) ? exitStatus.ok : exitStatus.problem;
}
