import type { KeyHint } from './KeyBar.js';
import type { UiState } from './store.js';
import type { VerdictKeyState } from './use-verdict-keys.js';
import type { Theme } from './theme.js';
import type { WatchState } from './watch-store.js';

/** While a report format is picked, on the verdict and on the watch screen. */
export const formatHints: readonly KeyHint[] = [
  { key: 'm', label: 'Markdown' },
  { key: 'j', label: 'JSON' },
  { key: 'h', label: 'HTML' },
  { key: 'Esc', label: 'cancel' },
];

/**
 * The keys each screen takes. Esc leaves a sub-prompt (a question, the pasted message, the format choice) and
 * quits from the others; `q` quits wherever it cannot be typed; Ctrl-C always quits.
 */
export function keyHints(
  state: Pick<UiState, 'phase' | 'symptomMode' | 'answers' | 'verdictView' | 'symptom' | 'evidenceExpanded'>,
  theme: Theme,
  verdict: VerdictKeyState = { toggleable: false, expandable: false },
  /** The question on screen takes a typed value (a port) as well as its choices. */
  typed = false,
): KeyHint[] {
  const choose = { key: theme.marks.upDown, label: 'choose' };
  const quit = { key: 'q', label: 'quit' };
  switch (state.phase) {
    case 'target':
      return [
        { key: 'Enter', label: 'diagnose' },
        { key: 'Esc', label: 'quit' },
      ];
    case 'symptom':
      return state.symptomMode === 'paste'
        ? [
            { key: 'Enter', label: 'use this message' },
            { key: 'Esc', label: 'back to the list' },
          ]
        : [
            choose,
            { key: 'Enter', label: 'select' },
            { key: '1-9', label: 'pick by number' },
            { key: 'Esc', label: 'back' },
            quit,
          ];
    case 'running':
      return [quit];
    case 'question':
      return [
        choose,
        { key: 'Enter', label: 'answer' },
        typed ? { key: '0-9', label: 'type a port' } : { key: '1-9', label: 'pick by number' },
        { key: 'Esc', label: 'back' },
        quit,
      ];
    case 'verdict': {
      const last = state.answers.at(-1);
      return [
        { key: 'e', label: 'export' },
        { key: 'r', label: 'run again' },
        ...(last
          ? [{ key: 'b', label: last.defaulted ? `answer: ${lastSentence(last.question)}` : 'change answer' }]
          : []),
        { key: 's', label: state.symptom === null ? 'say what you saw' : 'change what you saw' },
        ...(verdict.expandable ? [{ key: 'v', label: state.evidenceExpanded ? 'less evidence' : 'all evidence' }] : []),
        ...(verdict.toggleable ? [{ key: 'd', label: state.verdictView === 'findings' ? 'diagram' : 'findings' }] : []),
        quit,
      ];
    }
    case 'exporting':
      return [...formatHints, quit];
    case 'error':
      return [{ key: 'r', label: 'run again' }, quit];
    default: {
      const unknown: never = state.phase;
      throw new Error(`no key hints for phase ${String(unknown)}`);
    }
  }
}

/** The question itself, without the finding before it: "Where does the server run?". */
function lastSentence(prompt: string): string {
  return prompt.split(/(?<=[.!?])\s+/).at(-1) ?? prompt;
}

/** The watch screen's keys; `e` once there is a verdict to export. */
export function watchKeyHints(state: Pick<WatchState, 'paused' | 'exporting' | 'latest'>): KeyHint[] {
  const quit = { key: 'q', label: 'quit' };
  if (state.exporting) return [...formatHints, quit];
  return [
    { key: 'p', label: state.paused ? 'resume' : 'pause' },
    { key: 'r', label: 'run now' },
    ...(state.latest ? [{ key: 'e', label: 'export' }] : []),
    quit,
  ];
}
