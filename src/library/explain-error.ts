import type { JsonReport } from '../report/json-report.js';
import { diagnose } from './diagnose.js';
import type { DiagnoseOptions } from './diagnose-options.js';
import { errorEndpoint } from './error-endpoint.js';
import { NoAddressError } from './library-errors.js';

/** The options of `diagnose`, but the symptom: it is the error's own message. */
export type ExplainErrorOptions = Omit<DiagnoseOptions, 'symptom'>;

/**
 * Diagnoses the address a Node.js connection error names (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`, `ENOTFOUND`,
 * `EAI_AGAIN`, …, also inside undici's `fetch failed`, an `AggregateError` of Happy Eyeballs or any `cause`),
 * with the error's message as the symptom, redacted like any symptom. A name without a port (`ENOTFOUND db`) is
 * diagnosed as a bare host: its resolution is what failed.
 *
 *     try { await client.connect(); } catch (err) { console.error((await explainError(err)).verdict.summary); }
 *
 * Rejects with a `NoAddressError` when the error names no address (`socket hang up`, a TLS or HTTP error): then
 * call `diagnose(target, { symptom: err.message })` with the target your code was reaching.
 */
export async function explainError(error: unknown, options?: ExplainErrorOptions): Promise<JsonReport> {
  const endpoint = errorEndpoint(error);
  if (endpoint.kind === 'none') {
    // The code only: the message is the caller's to show, and may hold what a report would redact.
    const what = endpoint.code === null ? describe(error) : `code ${endpoint.code}`;
    throw new NoAddressError(
      `the error names no address to diagnose (${what}): call diagnose(target, { symptom: err.message }) with the target your code was reaching`,
      endpoint.code,
    );
  }
  return diagnose(endpoint.target, { ...options, symptom: endpoint.symptom });
}

/** What was passed, by its kind only. */
const describe = (value: unknown) =>
  value instanceof Error ? `${value.name} without a code` : value === null ? 'null' : typeof value;
