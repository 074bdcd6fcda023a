import { join } from 'node:path';
import type { Session } from '../engine/session.js';
import { renderReport } from '../report/render-report.js';
import type { ReportFormat } from '../report/report-format.js';
import { writeReportAtomically } from '../report/write-report-file.js';
import { reportFileName } from './export-report.js';
import type { ExportStatus } from './store.js';

/** Writes the session's report in `format` into `dir`; the status says where, or in one line why not. */
export async function exportSession(
  session: Session,
  format: ReportFormat,
  dir: string,
  version: string,
): Promise<ExportStatus> {
  const path = join(dir, reportFileName(session, format));
  try {
    await writeReportAtomically(path, await renderReport(session, format, { version }));
    return { kind: 'written', path };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { kind: 'failed', message: `Could not write ${path}: ${reason}` };
  }
}
