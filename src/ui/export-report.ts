import type { Session } from '../engine/session.js';
import type { ReportFormat } from '../report/report-format.js';

/**
 * `conn-doctor-<host>-<port>-<yyyymmdd-hhmmss>.<ext>`, from the session's start in local time (the time the
 * user remembers), so exporting one session twice in one format names the same file. Characters a file
 * system may refuse (`:` of IPv6, `%` of a zone id) become `_`.
 */
export function reportFileName(session: Session, format: ReportFormat): string {
  const { host, port } = session.target;
  const stamp = localStamp(session.startedAt);
  const safeHost = host.replace(/[^a-z0-9._-]/gi, '_');
  return `conn-doctor-${safeHost}${port === null ? '' : `-${port}`}-${stamp}.${format}`;
}

/** `yyyymmdd-hhmmss` in local time, from an ISO-8601 instant: the part of a report's name that tells exports apart. */
export function localStamp(instant: string): string {
  const at = new Date(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
}
