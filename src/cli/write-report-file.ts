import type { Session } from '../engine/session.js';
import { renderHtmlReport } from '../report/html-report.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderMarkdownReport } from '../report/markdown-report.js';
import { UsageError } from './cli-args.js';
import { reportFormatFor, writeReportAtomically } from '../report/write-report-file.js';

/** Renders the session in the format the file name asks for and writes it atomically. */
export async function writeReportFile(path: string, session: Session, version: string): Promise<void> {
  const format = reportFormatFor(path);
  let content: string;
  switch (format) {
    case 'json':
      content = renderJsonReport(session, { version });
      break;
    case 'md':
      content = renderMarkdownReport(session, { version });
      break;
    case 'html':
      content = renderHtmlReport(session, { version });
      break;
    case null:
      throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  }
  try {
    await writeReportAtomically(path, content);
  } catch (error) {
    throw new UsageError(
      `cannot write the report to "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
