import type { Session } from '../engine/session.js';
import type { SweepSession } from '../engine/run-sweep.js';
import { renderReport } from '../report/render-report.js';
import { type ReportFormat, reportFormatFor } from '../report/report-format.js';
import { renderSweepReport } from '../report/render-sweep-report.js';
import { writeReportAtomically } from '../report/write-report-file.js';
import { UsageError } from './usage-error.js';

/**
 * The one writer of `--report <file>`, for one diagnosis and for a sweep alike: the format comes from the file's
 * extension, `render` makes the content in that format, and the file is written atomically. What goes wrong is
 * one usage error naming the file. A lazy bundle of its own (scripts/build.mjs): most runs write no file.
 */
export async function writeRenderedReport(
  path: string,
  render: (format: ReportFormat) => Promise<string>,
): Promise<void> {
  const format = reportFormatFor(path);
  if (format === null)
    throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  const content = await render(format);
  try {
    await writeReportAtomically(path, content);
  } catch (error) {
    throw new UsageError(
      `cannot write the report to "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** `--report <file>` of one diagnosis: the session in the format the file name asks for. */
export function writeReportFile(path: string, session: Session, version: string): Promise<void> {
  return writeRenderedReport(path, (format) => renderReport(session, format, { version }));
}

/** `--report <file>` of a sweep: the table, then each row's own report, in one file. */
export function writeSweepReport(path: string, sweep: SweepSession, version: string): Promise<void> {
  return writeRenderedReport(path, (format) => renderSweepReport(sweep, format, { version }));
}
