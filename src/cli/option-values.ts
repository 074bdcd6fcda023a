import { reportFormatFor } from '../report/report-format.js';
import { caFileProblem, dnsServerProblem } from '../shared/probe-setting-checks.js';
import { UsageError } from './usage-error.js';

/** How the option table reads the values of its options: each returns the value or throws a UsageError. */

/** A whole number from `min` to `max`. */
export const wholeNumber =
  (option: string, min: number, max: number) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max)
      throw new UsageError(`invalid ${option} "${raw}": give a whole number from ${min} to ${max}`);
    return value;
  };

/** `ip`, `ip:port` or `[ipv6]:port` (src/shared/probe-setting-checks.ts says why). */
export function dnsServerAddress(raw: string): string {
  const problem = dnsServerProblem(raw, '--dns-server');
  if (problem !== null) throw new UsageError(problem);
  return raw;
}

/** A readable PEM file of CA certificates. */
export function caCertificateFile(path: string): string {
  const problem = caFileProblem(path, '--ca');
  if (problem !== null) throw new UsageError(problem);
  return path;
}

/** `--report <file>`: its extension names the format, checked before any probe runs rather than after. */
export function reportFile(path: string): string {
  if (reportFormatFor(path) === null)
    throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  return path;
}
