import type { Session } from '../engine/session.js';
import { renderJsonReport } from './json-report.js';
import { renderTextSummary } from './text-summary.js';
import type { ReportFormat } from './report-format.js';

/** Every way a session is shown: the report files (`--report`, the app's export) and the summary on stdout. */
export type RenderFormat = ReportFormat | 'text';

export interface RenderOptions {
  /** conn-doctor's version, named in every report. */
  version: string;
  /** `text`: ANSI colours (the caller decides: TTY, `NO_COLOR`, `--no-color`). */
  color?: boolean;
  /** `text`: plain ASCII marks for terminals and logs without UTF-8. */
  ascii?: boolean;
  /** `json`: the whole document on one line, as `--watch --json` prints one a run. */
  oneLine?: boolean;
}

/**
 * The one entry from a session to what the user reads: `--json`, `--report`, the headless summary, `--watch`
 * and the app's export all come here. JSON and the summary are on the hot path (a headless run); Markdown and
 * HTML are loaded only when asked for, since most sessions are never written to a file.
 */
export async function renderReport(session: Session, format: RenderFormat, options: RenderOptions): Promise<string> {
  const tool = { version: options.version };
  switch (format) {
    case 'json':
      return renderJsonReport(session, tool, { oneLine: options.oneLine === true });
    case 'text':
      return renderTextSummary(session, { color: options.color === true, ascii: options.ascii === true });
    case 'md':
      return (await import('./markdown-report.js')).renderMarkdownReport(session, tool);
    case 'html':
      return (await import('./html-report.js')).renderHtmlReport(session, tool);
    default: {
      const unknown: never = format;
      throw new Error(`no renderer for report format ${String(unknown)}`);
    }
  }
}
