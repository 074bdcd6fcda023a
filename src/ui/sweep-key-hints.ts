import type { KeyHint } from './KeyBar.js';
import { formatHints } from './key-hints.js';
import type { Theme } from './theme.js';
import type { VerdictKeyState } from './use-verdict-keys.js';

/**
 * The table's keys. Enter opens the row under the cursor, or says why it cannot (no verdict yet, or none at all);
 * `e` once a round has finished, since an export is of a whole sweep; `q` stops a sweep still running.
 */
export function sweepTableKeyHints(
  state: { exporting: boolean; running: boolean; exportable: boolean; notOpenable: string | null },
  theme: Theme,
): KeyHint[] {
  const quit = { key: 'q', label: state.running ? 'stop and quit' : 'quit' };
  if (state.exporting) return [...formatHints, quit];
  return [
    { key: theme.marks.upDown, label: 'move' },
    { key: 'Enter', label: state.notOpenable === null ? 'open' : `can't open: ${state.notOpenable}` },
    ...(state.exportable ? [{ key: 'e', label: 'export all' }] : []),
    quit,
  ];
}

/** A row's verdict: the single diagnosis's keys that read the session (export, evidence, diagram), and back. */
export function sweepVerdictKeyHints(
  state: { exporting: boolean; verdictView: 'findings' | 'exchange'; evidenceExpanded: boolean },
  verdict: VerdictKeyState,
): KeyHint[] {
  if (state.exporting) return [...formatHints];
  return [
    { key: 'e', label: 'export' },
    ...(verdict.expandable ? [{ key: 'v', label: state.evidenceExpanded ? 'less evidence' : 'all evidence' }] : []),
    ...(verdict.toggleable ? [{ key: 'd', label: state.verdictView === 'findings' ? 'diagram' : 'findings' }] : []),
    { key: 'Esc', label: 'back to the table' },
  ];
}
