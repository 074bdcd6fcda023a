import type { ReportFormat } from '../report/report-format.js';

/** What the keys do while a report format is being picked. */
export interface FormatChoiceActions {
  onFormat: (format: ReportFormat) => void;
  onCancelExport: () => void;
  onQuit: () => void;
}

const formats: Readonly<Record<string, ReportFormat>> = { m: 'md', j: 'json', h: 'html' };

/** `m j h` pick the report's format, Esc goes back, `q` quits: the same on every screen that exports. */
export function formatChoiceKey(input: string, isEscape: boolean, actions: FormatChoiceActions): void {
  const format = formats[input];
  if (format) actions.onFormat(format);
  else if (isEscape) actions.onCancelExport();
  else if (input === 'q') actions.onQuit();
}
