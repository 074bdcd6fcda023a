import { formatChoiceKey, type FormatChoiceActions } from './format-choice-keys.js';
import { useKeys } from './use-keys.js';

/** What the verdict screen's keys do. */
export interface VerdictKeyActions extends FormatChoiceActions {
  onExport: () => void;
  onRunAgain: () => void;
  onBack: () => void;
  /** `d`: switch between the findings and the diagram, when they do not fit together. */
  onToggleView: () => void;
}

/** Turns keys into actions: `e r b d q Esc` on the verdict, `m j h Esc q` while a report format is picked. */
export function useVerdictKeys(exporting: boolean, toggleable: boolean, actions: VerdictKeyActions): void {
  useKeys((input, key) => {
    if (exporting) return formatChoiceKey(input, key.escape, actions);
    if (input === 'e') actions.onExport();
    else if (input === 'r') actions.onRunAgain();
    else if (input === 'b') actions.onBack();
    else if (input === 'd' && toggleable) actions.onToggleView();
    else if (input === 'q' || key.escape) actions.onQuit();
  });
}
