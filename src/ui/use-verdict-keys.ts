import { formatChoiceKey, type FormatChoiceActions } from './format-choice-keys.js';
import { useKeys } from './use-keys.js';

/** What the verdict screen's keys do. */
export interface VerdictKeyActions extends FormatChoiceActions {
  onExport: () => void;
  onRunAgain: () => void;
  onBack: () => void;
  /** `d`: switch between the findings and the diagram, when they do not fit together. */
  onToggleView: () => void;
  /** `s`: say what you saw, to record it in the report. */
  onSymptom: () => void;
  /** `v`: every evidence line, or back to those that fit. */
  onToggleEvidence: () => void;
}

/** Which of the optional keys the screen takes now. */
export interface VerdictKeyState {
  /** The findings and the diagram do not fit together (`d`). */
  toggleable: boolean;
  /** Evidence is hidden, or all of it is shown (`v`). */
  expandable: boolean;
}

/** Turns keys into actions: `e r b s v d q Esc` on the verdict, `m j h Esc q` while a report format is picked. */
export function useVerdictKeys(exporting: boolean, state: VerdictKeyState, actions: VerdictKeyActions): void {
  useKeys((input, key) => {
    if (exporting) return formatChoiceKey(input, key.escape, actions);
    if (input === 'e') actions.onExport();
    else if (input === 'r') actions.onRunAgain();
    else if (input === 'b') actions.onBack();
    else if (input === 's') actions.onSymptom();
    else if (input === 'v' && state.expandable) actions.onToggleEvidence();
    else if (input === 'd' && state.toggleable) actions.onToggleView();
    else if (input === 'q' || key.escape) actions.onQuit();
  });
}
