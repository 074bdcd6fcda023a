import type { AnswerChoice, Question } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import type { DiagnosisRunner, RunningDiagnosis } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import { type ProbeSettings, probeSettingsOf } from '../shared/options.js';
import type { ReportFormat } from '../report/report-format.js';
import type { DecodedSymptom } from '../tree/symptom.js';
import type { SymptomChoice } from '../tree/symptom-choices.js';
import { exportSession } from './export-session.js';
import {
  applyEvent,
  createUiStore,
  initialState,
  isDeferred,
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

/** Starts the walk when the command line gave a target; called once the app is on screen. */
export function startIfReady(ctl: AppController): void {
  if (ctl.store.getState().phase === 'running' && ctl.running === null) startWalk(ctl);
}

/** The target typed: the probes start at once. */
export function submitTarget(ctl: AppController, text: string): void {
  const parsed = parseTarget(text);
  if (!parsed.ok) {
    ctl.store.setState({ targetText: text, targetError: parsed.error });
    return;
  }
  ctl.store.setState({ targetText: text, targetError: null, target: parsed.target });
  startWalk(ctl);
}

/** `s` on the verdict: "What did you see?", to record it in the report. */
export function askSymptom(ctl: AppController): void {
  if (ctl.store.getState().phase === 'verdict') ctl.store.setState({ phase: 'symptom', symptomMode: 'list' });
}

/** Esc on the symptom list: back to the verdict, nothing recorded. */
export function cancelSymptom(ctl: AppController): void {
  ctl.store.setState((s) => ({ phase: s.session ? 'verdict' : s.phase, symptomMode: 'list' }));
}

export function pickSymptom(ctl: AppController, choice: SymptomChoice): void {
  switch (choice.kind) {
    case 'symptom':
      return void recordSymptom(ctl, choice.text);
    case 'unknown':
      return void recordSymptom(ctl, null);
    case 'paste':
      ctl.store.setState({ symptomMode: 'paste' });
      if (!ctl.decode) {
        void loadDecoder(ctl).then(() => setPastedText(ctl, ctl.store.getState().pastedText));
      }
      return;
    default: {
      const unknown: never = choice;
      throw new Error(`unknown symptom choice ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Records what the user saw in the session on screen: the header, the report's symptom section and `--report`
 * follow. Where everything answered (a healthy verdict) the symptom can change the path (a reset on reused
 * connections, a failure that comes and goes), so the walk runs again with it and the same answers.
 */
export async function recordSymptom(ctl: AppController, text: string | null): Promise<void> {
  const { session } = ctl.store.getState();
  if (!session) return;
  if (text !== null && session.verdict.id === 'healthy') {
    const given = Object.fromEntries(session.answers.map((a) => [a.id, a.value]));
    ctl.store.setState({ symptom: text, symptomMode: 'list', pastedText: '', pastedMeaning: null, replay: given });
    return startWalk(ctl);
  }
  const decoder = text === null ? null : await loadDecoder(ctl);
  // The user may have run again meanwhile: the symptom belongs to the session it was picked for.
  if (ctl.store.getState().session !== session) return;
  const symptom = decoder && text !== null ? decoder.decodeSymptom(text) : null;
  const recorded: Session = {
    ...session,
    symptom,
    symptomReproduced:
      decoder && symptom ? decoder.symptomMatchesVerdict(symptom.id, session.verdict.id, symptom.gateway) : null,
  };
  ctl.store.setState({
    symptom: text,
    session: recorded,
    phase: 'verdict',
    symptomMode: 'list',
    pastedText: '',
    pastedMeaning: null,
  });
  ctl.options.onSession?.(recorded);
}

type SymptomDecoder = typeof import('../tree/symptom-decoder.js');

/** The symptom decoder is a large table: loaded when the user first gives a symptom. */
async function loadDecoder(ctl: AppController): Promise<SymptomDecoder> {
  const decoder = await import('../tree/symptom-decoder.js');
  ctl.decode = decoder.decodeSymptom;
  return decoder;
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
  void recordSymptom(ctl, pastedText.trim());
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
 * `b` on the verdict, Esc on a question: change the last answer, or give it where the app took its default to
 * show the verdict first. The walk runs again with the answers before it given at once and that question asked,
 * its earlier answer highlighted. Esc on a question the app had deferred, with no answer before it, goes back
 * to the verdict it had shown (the question deferred again). Otherwise, with no answer to change, nothing.
 */
export function stepBack(ctl: AppController): void {
  const { answers, preselect, question } = ctl.store.getState();
  const last = answers.at(-1);
  if (!last) {
    if (!question?.question.deferrable) return;
    const { [question.question.id]: _asked, ...rest } = preselect;
    ctl.store.setState({ preselect: rest, replay: {} });
    startWalk(ctl);
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
  if (!parsed.ok) {
    ctl.store.setState({ phase: 'target', targetError: parsed.error });
    return;
  }
  ctl.store.setState(runStarted);
  const current = () => walk === ctl.walk;
  const running = ctl.options.runner(
    {
      target: parsed.target,
      credentials: parsed.credentials,
      requestPath: parsed.requestPath,
      symptom: state.symptom,
      // Nothing answered or to replay yet: every deferrable question is deferred (isDeferred), so the engine takes
      // their defaults itself, without waiting on this thread.
      deferQuestions: Object.keys(state.replay).length === 0 && Object.keys(state.preselect).length === 0,
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
  const finish = (session: Session) => {
    ctl.running = null;
    ctl.store.setState((s) => sessionFinished(s, session));
    ctl.options.onSession?.(session);
  };
  // The early run may have finished while the UI loaded: its verdict is then the first frame, with no frame of
  // the step list before it.
  const known = running.finished?.() ?? null;
  if (known) {
    finish(known);
    return;
  }
  running.session.then(
    (session) => {
      if (!current()) return;
      finish(session);
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
  const state = ctl.store.getState();
  const replayed = state.replay[question.id];
  if (replayed !== undefined) return Promise.resolve({ value: replayed, defaulted: false });
  // Nobody was asked: the report says the default was taken, and `b` on the verdict asks it.
  if (isDeferred(state, question)) return Promise.resolve({ value: question.defaultValue, defaulted: true });
  return new Promise((resolve, reject) => {
    ctl.waiting = { walk, resolve, reject };
  });
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
