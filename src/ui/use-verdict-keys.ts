import type { ReportFormat } from '../report/write-report-file.js';
import { useKeys } from './use-keys.js';

/** What the verdict screen's keys do. */
export interface VerdictKeyActions {
  onExport: () => void;
  onFormat: (format: ReportFormat) => void;
  onCancelExport: () => void;
  onRunAgain: () => void;
  onBack: () => void;
  onQuit: () => void;
  /** `d`: switch between the findings and the diagram, when they do not fit together. */
  onToggleView: () => void;
}

const formats: Readonly<Record<string, ReportFormat>> = { m: 'md', j: 'json', h: 'html' };

/** Turns keys into actions: `e r b d q Esc` on the verdict, `m j h Esc q` while a report format is picked. */
export function useVerdictKeys(exporting: boolean, toggleable: boolean, actions: VerdictKeyActions): void {
  useKeys((input, key) => {
    if (exporting) {
      const format = formats[input];
      if (format) actions.onFormat(format);
      else if (key.escape) actions.onCancelExport();
      else if (input === 'q') actions.onQuit();
      return;
    }
    if (input === 'e') actions.onExport();
    else if (input === 'r') actions.onRunAgain();
    else if (input === 'b') actions.onBack();
    else if (input === 'd' && toggleable) actions.onToggleView();
    else if (input === 'q' || key.escape) actions.onQuit();
  });
}
