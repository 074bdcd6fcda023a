import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EngineEvent, Question } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import { parseTarget } from '../engine/parse-target.js';
import type { Answer, Session, Step } from '../engine/session.js';
import type { Target } from '../shared/target.js';
import type { DecodedSymptom } from '../tree/symptom.js';

/** Which screen the app shows. */
export type Phase =
  /** Asking for the target. */
  | 'target'
  /** "What did you see?", asked from the verdict to record it in the report. */
  | 'symptom'
  /** Probes run; the step list grows. */
  | 'running'
  /** The engine waits for the user's answer. */
  | 'question'
  /** The session is done; its verdict is shown. */
  | 'verdict'
  /** The verdict is shown and a report format is being picked. */
  | 'exporting'
  /** The engine failed (a bug, never a network outcome). */
  | 'error';

/** A step of the walk as the step list shows it. */
export type StepView =
  /** Started, not finished: a spinner. */
  | { status: 'running'; id: string; title: string }
  /** Finished, with its measured result. */
  | { status: 'finished'; id: string; title: string; step: Step };

/** The question on screen, and the choice to highlight first. */
export interface PendingQuestion {
  question: Question;
  /** The user's earlier answer when they stepped back to change it, else the question's default. */
  initialValue: string;
}

/** What the verdict screen shows below the summary when there is no room for everything at once. */
export type VerdictView = 'findings' | 'exchange';

/** What became of the last export. */
export type ExportStatus =
  /** Nothing exported since this verdict. */
  | { kind: 'none' }
  /** The report was written to this path. */
  | { kind: 'written'; path: string }
  /** Writing failed; one line saying why. */
  | { kind: 'failed'; message: string };

export interface UiState {
  phase: Phase;
  /** The target as typed (it may hold URL credentials: only `target.input` is ever shown outside the input). */
  targetText: string;
  /** `parseTarget`'s one-line error for `targetText`, null while it is valid or empty and never submitted. */
  targetError: string | null;
  /** The validated target, credentials redacted; null until one is accepted. */
  target: Target | null;
  /** The message handed to the engine as the symptom; null for "I don't know". */
  symptom: string | null;
  /** The symptom screen shows the list, or the input for a pasted message. */
  symptomMode: 'list' | 'paste';
  pastedText: string;
  /** What the pasted message means; null while empty or while the decoder loads. */
  pastedMeaning: DecodedSymptom | null;
  /** The steps of the current walk, in order; finished ones keep their place. */
  steps: readonly StepView[];
  question: PendingQuestion | null;
  /** Answers given in the current walk, replayed ones included. */
  answers: readonly Answer[];
  /** Answers the next walk gives without asking (question id → value): the earlier ones, when stepping back. */
  replay: Readonly<Record<string, string>>;
  /** Choices to highlight first when these questions come up again (question id → value). */
  preselect: Readonly<Record<string, string>>;
  /** The finished session; null while a walk runs. */
  session: Session | null;
  exportStatus: ExportStatus;
  /** Which half of a verdict too tall for the terminal is on screen (`d` switches). */
  verdictView: VerdictView;
  /** Every evidence line on the verdict screen, not only those that fit (`v` switches). */
  evidenceExpanded: boolean;
  /** Why the engine failed, in the `error` phase. */
  error: string | null;
}

export type UiStore = StoreApi<UiState>;

/** Where the app starts: what the command line already gave decides the first screen. */
export function initialState(given: { target: string | null; symptom: string | null }): UiState {
  const parsed = given.target === null ? null : parseTarget(given.target);
  const base: UiState = {
    phase: 'target',
    targetText: given.target ?? '',
    targetError: parsed && !parsed.ok ? parsed.error : null,
    target: null,
    symptom: given.symptom,
    symptomMode: 'list',
    pastedText: '',
    pastedMeaning: null,
    steps: [],
    question: null,
    answers: [],
    replay: {},
    preselect: {},
    session: null,
    exportStatus: { kind: 'none' },
    verdictView: 'findings',
    evidenceExpanded: false,
    error: null,
  };
  if (!parsed?.ok) return base;
  // A target is all the probes need: they run at once, and what the user saw is asked only where it matters.
  return { ...base, target: parsed.target, phase: 'running' };
}

/**
 * Whether the app answers this question with its default for now: it only refines a failure the probes found,
 * so the verdict comes first and the verdict screen offers the question (`b`). Once the user asked for it (it is
 * in `preselect`), it is asked.
 */
export function isDeferred(state: Pick<UiState, 'preselect'>, question: Question): boolean {
  return question.deferrable && !(question.id in state.preselect);
}

export function createUiStore(state: UiState): UiStore {
  return createStore<UiState>()(() => state);
}

/**
 * Folds one engine event into the state. Pure, so the screens' whole behaviour during a walk can be tested
 * from a recorded event sequence without React.
 */
export function applyEvent(state: UiState, event: EngineEvent): UiState {
  switch (event.type) {
    case 'step-started':
    case 'step-finished':
      return { ...state, steps: stepsAfter(state.steps, event) };
    case 'question-asked': {
      // A replayed answer is given at once: showing its question would only flicker.
      if (event.question.id in state.replay || isDeferred(state, event.question)) return state;
      const initialValue = state.preselect[event.question.id] ?? event.question.defaultValue;
      return { ...state, phase: 'question', question: { question: event.question, initialValue } };
    }
    case 'question-answered':
      return { ...state, phase: 'running', question: null, answers: [...state.answers, event.answer] };
    case 'verdict':
      // The screen changes when the session arrives: exports and the diagram need all of it.
      return state;
    default: {
      const unknown: never = event;
      throw new Error(`unknown engine event ${JSON.stringify(unknown)}`);
    }
  }
}

/** The step list after a step starts or finishes: shared by the guided walk and the watch screen. */
export function stepsAfter(
  steps: readonly StepView[],
  event: Extract<EngineEvent, { type: 'step-started' | 'step-finished' }>,
): readonly StepView[] {
  if (event.type === 'step-started') return [...steps, { status: 'running', id: event.id, title: event.title }];
  const { step } = event;
  const finished: StepView = { status: 'finished', id: step.id, title: step.title, step };
  const at = lastRunning(steps, step.id);
  return at === -1 ? [...steps, finished] : steps.map((view, i) => (i === at ? finished : view));
}

function lastRunning(steps: readonly StepView[], id: string): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.status === 'running' && steps[i]!.id === id) return i;
  return -1;
}

/** A new walk begins: everything measured before is dropped; what to replay and preselect stays. */
export function runStarted(state: UiState): UiState {
  return {
    ...state,
    phase: 'running',
    steps: [],
    question: null,
    answers: [],
    session: null,
    exportStatus: { kind: 'none' },
    error: null,
  };
}

/** The walk ended with this session. */
export function sessionFinished(state: UiState, session: Session): UiState {
  return {
    ...state,
    phase: 'verdict',
    session,
    question: null,
    replay: {},
    verdictView: 'findings',
    evidenceExpanded: false,
  };
}

/** The engine failed; `message` is one line. */
export function runFailed(state: UiState, message: string): UiState {
  return { ...state, phase: 'error', question: null, error: message };
}

/**
 * The exit status if the user quits now (SPEC §1): 0 when the verdict on screen is `healthy`, 1 when it names a
 * problem, 3 after an internal error. Quitting before any verdict is 1: 0 promises a target checked healthy end
 * to end, and an unfinished check must not let a script's `conn-doctor host && deploy` go on.
 */
export function exitCodeOf(state: UiState): number {
  return exitStatusOf(state.phase === 'error' ? 'failed' : state.session);
}

// Actions that only change state. Those that start or stop a walk are in app-actions.ts.

/** The user edits the target: its error follows as they type, but an empty field is only an error on submit. */
export function setTargetText(store: UiStore, text: string): void {
  const parsed = parseTarget(text);
  store.setState({ targetText: text, targetError: parsed.ok || text.trim() === '' ? null : parsed.error });
}

export function setExportStatus(store: UiStore, exportStatus: ExportStatus): void {
  store.setState({ exportStatus });
}

/** `e` on the verdict screen: pick a format. */
export function beginExport(store: UiStore): void {
  if (store.getState().phase === 'verdict') store.setState({ phase: 'exporting' });
}

/** `d`: the findings or the exchange diagram, when both do not fit. */
export function toggleVerdictView(store: UiStore): void {
  store.setState((s) => ({ verdictView: s.verdictView === 'findings' ? 'exchange' : 'findings' }));
}

/** `v`: every evidence line, or only those that fit with the rest of the verdict. */
export function toggleEvidence(store: UiStore): void {
  store.setState((s) => ({ evidenceExpanded: !s.evidenceExpanded }));
}

export function cancelExport(store: UiStore): void {
  if (store.getState().phase === 'exporting') store.setState({ phase: 'verdict' });
}
