import type { SweepSession } from '../engine/run-sweep.js';
import type { ReportFormat } from './report-format.js';
import { renderSweepJson } from './sweep-json.js';

/**
 * A sweep as a report file (`--report` of a sweep): the table first, then each row's own report, in one
 * self-contained file. Markdown and HTML are loaded only when asked for, as for a single report.
 */
export async function renderSweepReport(
  sweep: SweepSession,
  format: ReportFormat,
  tool: { version: string },
): Promise<string> {
  switch (format) {
    case 'json':
      return renderSweepJson(sweep, tool);
    case 'md':
      return (await import('./sweep-markdown-report.js')).renderSweepMarkdown(sweep, tool);
    case 'html':
      return (await import('./sweep-html-report.js')).renderSweepHtml(sweep, tool);
    default: {
      const unknown: never = format;
      throw new Error(`no renderer for report format ${String(unknown)}`);
    }
  }
}
