import { formatChoiceKey, type FormatChoiceActions } from './format-choice-keys.js';
import { useKeys } from './use-keys.js';

/** What the watch screen's keys do. */
export interface WatchKeyActions extends FormatChoiceActions {
  onPause: () => void;
  onRunNow: () => void;
  onExport: () => void;
}

/**
 * Turns keys into actions: `p r e q Esc` while watching, `m j h Esc q` while a report format is picked. Ctrl-C
 * quits from both (Ink runs with exitOnCtrlC off, so that it quits through the same path as `q`).
 */
export function useWatchKeys(exporting: boolean, actions: WatchKeyActions): void {
  useKeys((input, key) => {
    if (key.ctrl && input === 'c') return actions.onQuit();
    if (exporting) return formatChoiceKey(input, key.escape, actions);
    if (input === 'p') actions.onPause();
    else if (input === 'r') actions.onRunNow();
    else if (input === 'e') actions.onExport();
    else if (input === 'q' || key.escape) actions.onQuit();
  });
}
