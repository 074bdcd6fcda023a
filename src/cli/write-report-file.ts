import type { Session } from '../engine/session.js';
import { renderReport } from '../report/render-report.js';
import { reportFormatFor } from '../report/report-format.js';
import { writeReportAtomically } from '../report/write-report-file.js';
import { UsageError } from './usage-error.js';

/** `--report <file>`: renders the session in the format the file name asks for and writes it atomically. */
export async function writeReportFile(path: string, session: Session, version: string): Promise<void> {
  const format = reportFormatFor(path);
  if (format === null)
    throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  const content = await renderReport(session, format, { version });
  try {
    await writeReportAtomically(path, content);
  } catch (error) {
    throw new UsageError(
      `cannot write the report to "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
