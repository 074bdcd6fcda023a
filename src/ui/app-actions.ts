import type { AnswerChoice, Question } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import type { DiagnosisRunner, RunningDiagnosis } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import { type ProbeSettings, probeSettingsOf } from '../shared/options.js';
import type { ReportFormat } from '../report/write-report-file.js';
import type { DecodedSymptom } from '../tree/symptom.js';
import type { SymptomChoice } from '../tree/symptom-choices.js';
import { exportSession } from './export-session.js';
import {
  applyEvent,
  createUiStore,
  initialState,
  runFailed,
  runStarted,
  sessionFinished,
  setExportStatus,
  type UiStore,
} from './store.js';

/** What the action layer needs besides the store. */
export interface AppActionOptions extends ProbeSettings {
  /** Runs one diagnosis: in a worker for the real app, in process in tests. */
  runner: DiagnosisRunner;
  version: string;
  /** Where exported reports go: the current folder, or a temp dir in tests. */
  exportDir: string;
  /** Told of every session that reaches a verdict (a re-run or a changed answer makes a new one). */
  onSession?: (session: Session) => void;
}

/**
 * The one place that starts and stops diagnoses: components call these actions and never the runner. It holds
 * what must not be state (the walk under way, the promise a question waits on); the store holds what is shown.
 */
export interface AppController {
  readonly store: UiStore;
  readonly options: AppActionOptions;
  /** Bumped by every walk started or stopped, so a stopped walk's late events and answers are dropped. */
  walk: number;
  running: RunningDiagnosis | null;
  /** The engine's question waiting for the user: QuestionPrompt's choice resolves it (cli-kit's renderSelectPrompt). */
  waiting: { walk: number; resolve: (choice: AnswerChoice) => void; reject: (error: Error) => void } | null;
  /** The symptom decoder, loaded when the user first pastes a message. */
  decode: ((text: string) => DecodedSymptom) | null;
}

export function createAppController(
  options: AppActionOptions,
  given: { target: string | null; symptom: string | null },
): AppController {
  return { store: createUiStore(initialState(given)), options, walk: 0, running: null, waiting: null, decode: null };
}

/** Starts the walk when the command line gave both target and symptom; called once the app is on screen. */
export function startIfReady(ctl: AppController): void {
  if (ctl.store.getState().phase === 'running' && ctl.running === null) startWalk(ctl);
}

export function submitTarget(ctl: AppController, text: string): void {
  const parsed = parseTarget(text);
  if (!parsed.ok) return ctl.store.setState({ targetText: text, targetError: parsed.error });
  const { symptom } = ctl.store.getState();
  ctl.store.setState({
    targetText: text,
    targetError: null,
    target: parsed.target,
    phase: 'symptom',
    symptomMode: 'list',
  });
  // A symptom from the command line needs no picking.
  if (symptom !== null) startWalk(ctl);
}

export function pickSymptom(ctl: AppController, choice: SymptomChoice): void {
  switch (choice.kind) {
    case 'symptom':
      ctl.store.setState({ symptom: choice.text, replay: {} });
      return startWalk(ctl);
    case 'unknown':
      ctl.store.setState({ symptom: null, replay: {} });
      return startWalk(ctl);
    case 'paste':
      ctl.store.setState({ symptomMode: 'paste' });
      if (!ctl.decode) {
        void import('../tree/symptom-decoder.js').then(({ decodeSymptom }) => {
          ctl.decode = decodeSymptom;
          setPastedText(ctl, ctl.store.getState().pastedText);
        });
      }
      return;
    default: {
      const unknown: never = choice;
      throw new Error(`unknown symptom choice ${JSON.stringify(unknown)}`);
    }
  }
}

/** Longer pastes add nothing the decoder reads that the first and last lines did not already show. */
const MAX_PASTE = 1000;

export function setPastedText(ctl: AppController, text: string): void {
  // A pasted stack trace arrives with its line breaks; the input is one line.
  const flat = text
    .replace(/[ \t]*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .slice(0, MAX_PASTE);
  const meaning = ctl.decode && flat.trim() !== '' ? ctl.decode(flat) : null;
  ctl.store.setState({ pastedText: flat, pastedMeaning: meaning });
}

export function submitPasted(ctl: AppController): void {
  const { pastedText } = ctl.store.getState();
  if (pastedText.trim() === '') return;
  ctl.store.setState({ symptom: pastedText.trim(), symptomMode: 'list', replay: {} });
  startWalk(ctl);
}

export function leavePaste(ctl: AppController): void {
  ctl.store.setState({ symptomMode: 'list' });
}

export function answerQuestion(ctl: AppController, value: string): void {
  const { waiting } = ctl;
  if (!waiting || waiting.walk !== ctl.walk) return;
  ctl.waiting = null;
  ctl.store.setState({ phase: 'running', question: null });
  waiting.resolve({ value, defaulted: false });
}

/**
 * `b` on the verdict, Esc on a question: change the last answer. The walk runs again with the answers before it
 * given at once and that question asked again, its earlier answer highlighted. With no answer to change, back
 * to the symptom.
 */
export function stepBack(ctl: AppController): void {
  const { answers, preselect } = ctl.store.getState();
  const last = answers.at(-1);
  if (!last) {
    stopWalk(ctl);
    ctl.store.setState((s) => ({ ...runStarted(s), phase: 'symptom', symptomMode: 'list', replay: {} }));
    return;
  }
  const replay = Object.fromEntries(answers.slice(0, -1).map((a) => [a.id, a.value]));
  ctl.store.setState({ replay, preselect: { ...preselect, [last.id]: last.value } });
  startWalk(ctl);
}

/** `r`: the same diagnosis again, with the same answers; `b` is there to change them. */
export function runAgain(ctl: AppController): void {
  const { answers } = ctl.store.getState();
  const given = Object.fromEntries(answers.map((a) => [a.id, a.value]));
  ctl.store.setState((s) => ({ replay: given, preselect: { ...s.preselect, ...given } }));
  startWalk(ctl);
}

/** Writes the session's report in `format` into the export folder; the screen says where, or why not. */
export async function exportReport(ctl: AppController, format: ReportFormat): Promise<void> {
  const { session, phase } = ctl.store.getState();
  if (!session || phase !== 'exporting') return;
  ctl.store.setState({ phase: 'verdict' });
  const status = await exportSession(session, format, ctl.options.exportDir, ctl.options.version);
  // The user may have run again meanwhile: the status belongs to the session it was written from.
  if (ctl.store.getState().session === session) setExportStatus(ctl.store, status);
}

/** Stops the walk under way, if any: its probes are cancelled and anything it still says is ignored. */
export function stopWalk(ctl: AppController): void {
  ctl.walk++;
  ctl.running?.cancel();
  ctl.running = null;
  ctl.waiting?.reject(Object.assign(new Error('the question was withdrawn'), { name: 'AbortError' }));
  ctl.waiting = null;
}

function startWalk(ctl: AppController): void {
  stopWalk(ctl);
  const walk = ctl.walk;
  const state = ctl.store.getState();
  const parsed = parseTarget(state.targetText);
  if (!parsed.ok) return ctl.store.setState({ phase: 'target', targetError: parsed.error });
  ctl.store.setState(runStarted);
  const current = () => walk === ctl.walk;
  const running = ctl.options.runner(
    {
      target: parsed.target,
      credentials: parsed.credentials,
      symptom: state.symptom,
      ...probeSettingsOf(ctl.options),
    },
    {
      onEvent: (event) => {
        if (current()) ctl.store.setState((s) => applyEvent(s, event));
      },
      answer: (question) => ask(ctl, walk, question),
    },
  );
  ctl.running = running;
  running.session.then(
    (session) => {
      if (!current()) return;
      ctl.running = null;
      ctl.store.setState((s) => sessionFinished(s, session));
      ctl.options.onSession?.(session);
    },
    (error: unknown) => {
      if (!current()) return;
      ctl.running = null;
      ctl.store.setState((s) => runFailed(s, firstLine(error)));
    },
  );
}

/** The answer provider: a replayed answer at once, else a promise the user's choice resolves. */
function ask(ctl: AppController, walk: number, question: Question): Promise<AnswerChoice> {
  if (walk !== ctl.walk)
    return Promise.reject(Object.assign(new Error('the walk was stopped'), { name: 'AbortError' }));
  const replayed = ctl.store.getState().replay[question.id];
  if (replayed !== undefined) return Promise.resolve({ value: replayed, defaulted: false });
  return new Promise((resolve, reject) => {
    ctl.waiting = { walk, resolve, reject };
  });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
