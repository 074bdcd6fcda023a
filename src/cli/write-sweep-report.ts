import type { SweepSession } from '../engine/run-sweep.js';
import { reportFormatFor } from '../report/report-format.js';
import { renderSweepReport } from '../report/render-sweep-report.js';
import { writeReportAtomically } from '../report/write-report-file.js';
import { UsageError } from './usage-error.js';

/** `--report <file>` for a sweep: the table, then each row's own report, in one file, written atomically. */
export async function writeSweepReport(path: string, sweep: SweepSession, version: string): Promise<void> {
  const format = reportFormatFor(path);
  if (format === null)
    throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  const content = await renderSweepReport(sweep, format, { version });
  try {
    await writeReportAtomically(path, content);
  } catch (error) {
    throw new UsageError(
      `cannot write the report to "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
