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

/** The units a duration may be written in, in ms: `h`, `m`, `s`, `ms`; a bare number is milliseconds. */
const durationUnits: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION = /^(?:\d+(?:h|ms|m|s))+$/;
const DURATION_PART = /(\d+)(h|ms|m|s)/g;

/** `1500` (ms), `1500ms`, `30s`, `2m`, `1m30s`, `1h`: from `minMs` to `maxMs`, each unit written at most once. */
export const duration =
  (option: string, minMs: number, maxMs: number) =>
  (raw: string): number => {
    const bad = () =>
      new UsageError(
        `invalid ${option} "${raw}": give a duration from ${durationText(minMs)} to ${durationText(maxMs)}, e.g. 30s, 2m, 1m30s or 1500 (ms)`,
      );
    let ms: number;
    if (/^\d+$/.test(raw)) ms = Number(raw);
    else if (DURATION.test(raw)) {
      const parts = [...raw.matchAll(DURATION_PART)];
      // `1m30s` and `2h5m` read as the sum; `30s30s` or `10s1m` are typos, not durations.
      const order = parts.map(([, , unit]) => Object.keys(durationUnits).indexOf(unit!));
      if (order.some((place, i) => i > 0 && place <= order[i - 1]!)) throw bad();
      ms = parts.reduce((sum, [, count, unit]) => sum + Number(count) * durationUnits[unit!]!, 0);
    } else throw bad();
    if (!Number.isSafeInteger(ms) || ms < minMs || ms > maxMs) throw bad();
    return ms;
  };

/** `200ms`, `1s`, `1m30s`, `24h`: a duration as `--wait` reads it back, for the usage line and the wait's notes. */
export function durationText(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of Object.entries(durationUnits)) {
    if (unit === 'ms' || rest < size) continue;
    parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join('') || '0s';
}
