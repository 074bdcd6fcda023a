import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import {
  applyEvent,
  createUiStore,
  exitCodeOf,
  initialState,
  runFailed,
  runStarted,
  sessionFinished,
  setTargetText,
  type UiState,
} from './store.js';

const lab = createTestLab();
afterEach(() => lab.close());

const fold = (state: UiState, events: readonly EngineEvent[]) => events.reduce(applyEvent, state);
const ready = (target: string) => runStarted(initialState({ target, symptom: 'x' }));

describe('initialState', () => {
  it('asks for the target when none was given', () => {
    expect(initialState({ target: null, symptom: null })).toMatchObject({
      phase: 'target',
      targetText: '',
      targetError: null,
      target: null,
    });
  });

  it('shows an invalid target from the command line in the prompt, with its error', () => {
    const state = initialState({ target: 'localhost:99999', symptom: null });
    expect(state).toMatchObject({ phase: 'target', targetText: 'localhost:99999', target: null });
    expect(state.targetError).toMatch(/invalid port "99999"/);
  });

  it('runs at once when a target was given, with or without a symptom', () => {
    expect(initialState({ target: 'localhost:3000', symptom: null })).toMatchObject({
      phase: 'running',
      target: { host: 'localhost', port: 3000 },
    });
    expect(initialState({ target: 'localhost:3000', symptom: 'ECONNRESET' })).toMatchObject({
      phase: 'running',
      symptom: 'ECONNRESET',
    });
  });

  it('never keeps URL credentials in the shown target', () => {
    expect(initialState({ target: 'http://user:secret@127.0.0.1:8080/', symptom: null }).target?.input).toBe(
      'http://***@127.0.0.1:8080/',
    );
  });
});

describe('applyEvent, fed a real walk', () => {
  it('shows a step as running when it starts and replaces it in place with its result', async () => {
    // Given the events of a diagnosis of an HTTP 502 gateway on loopback
    const port = await lab.httpServer(502);
    const { events, session } = await recordDiagnosis(`http://127.0.0.1:${port}/`);

    // When only the first event has been folded
    const first = fold(ready(`http://127.0.0.1:${port}/`), events.slice(0, 1));
    // Then the first step shows as running
    expect(first.steps).toEqual([{ status: 'running', id: 'dns.lookup', title: expect.any(String) }]);

    // When every event has been folded
    const all = fold(ready(`http://127.0.0.1:${port}/`), events);
    // Then each step is finished, in order, with the session's own results; the verdict waits for the session
    expect(all.steps.map((view) => view.status)).toEqual(session.steps.map(() => 'finished'));
    expect(all.steps.map((view) => (view.status === 'finished' ? view.step : null))).toEqual(session.steps);
    expect(all.phase).toBe('running');
    expect(sessionFinished(all, session)).toMatchObject({ phase: 'verdict', session });
  });

  it('puts a question on screen with its default highlighted, and records the answer', async () => {
    // Given a refused connection, where the tree asks where the server runs
    const port = await lab.closedPort();
    const { events, session } = await recordDiagnosis(`127.0.0.1:${port}`, {
      answers: { 'server.location': 'container' },
    });
    const asked = events.findIndex((e) => e.type === 'question-asked');

    // When the events up to the question are folded, the question asked for (it refines a verdict the probes
    // found, so the app asks it only once the user wants to answer: in `preselect`)
    const deferred = fold(ready(`127.0.0.1:${port}`), events.slice(0, asked + 1));
    expect(deferred.phase).toBe('running');
    const asking = { ...ready(`127.0.0.1:${port}`), preselect: { 'server.location': 'unknown' } };
    const waiting = fold(asking, events.slice(0, asked + 1));
    // Then the question is on screen, its default first
    expect(waiting.phase).toBe('question');
    expect(waiting.question).toMatchObject({ question: { id: 'server.location' }, initialValue: 'unknown' });

    // When the answer event follows
    const answered = fold(waiting, events.slice(asked + 1));
    // Then the walk goes on, the answer kept
    expect(answered).toMatchObject({ phase: 'running', question: null });
    expect(answered.answers).toEqual(session.answers);
  });

  it('highlights the earlier answer of a question asked again, and never shows a replayed one', async () => {
    const port = await lab.closedPort();
    const { events } = await recordDiagnosis(`127.0.0.1:${port}`);
    const question = events.filter((e) => e.type === 'question-asked');

    const again = fold({ ...ready(`127.0.0.1:${port}`), preselect: { 'server.location': 'this-machine' } }, question);
    expect(again.question?.initialValue).toBe('this-machine');

    const replayed = fold({ ...ready(`127.0.0.1:${port}`), replay: { 'server.location': 'this-machine' } }, question);
    expect(replayed).toMatchObject({ phase: 'running', question: null });
  });

  it('adds a finished step it never saw start (events can begin mid-walk)', async () => {
    const port = await lab.closedPort();
    const { events } = await recordDiagnosis(`127.0.0.1:${port}`);
    const finished = events.filter((e) => e.type === 'step-finished');
    expect(fold(ready(`127.0.0.1:${port}`), finished).steps.map((v) => v.status)).toEqual(
      finished.map(() => 'finished'),
    );
  });
});

describe('runStarted, runFailed', () => {
  it('drops the last walk but keeps what to replay', () => {
    const state: UiState = {
      ...initialState({ target: 'localhost:1', symptom: null }),
      replay: { a: 'b' },
      exportStatus: { kind: 'written', path: '/x' },
    };
    expect(runStarted(state)).toMatchObject({
      phase: 'running',
      steps: [],
      answers: [],
      session: null,
      replay: { a: 'b' },
      exportStatus: { kind: 'none' },
    });
    expect(runFailed(state, 'boom')).toMatchObject({ phase: 'error', error: 'boom' });
  });
});

describe('exitCodeOf', () => {
  it('is 0 for a healthy verdict on screen, 1 for a problem or no verdict yet, 3 after an internal error', async () => {
    const healthyPort = await lab.httpServer(200);
    const healthy = await recordDiagnosis(`http://127.0.0.1:${healthyPort}/`);
    const bad = await recordDiagnosis(`http://127.0.0.1:${await lab.httpServer(502)}/`);
    const base = initialState({ target: null, symptom: null });
    expect(healthy.session.verdict.id).toBe('healthy');
    expect(exitCodeOf(sessionFinished(base, healthy.session))).toBe(0);
    expect(exitCodeOf(sessionFinished(base, bad.session))).toBe(1);
    expect(exitCodeOf(base)).toBe(1);
    expect(exitCodeOf(runFailed(base, 'boom'))).toBe(3);
  });
});

describe('setTargetText', () => {
  it('validates as the user types, but an empty field is no error until submitted', () => {
    const store = createUiStore(initialState({ target: null, symptom: null }));
    setTargetText(store, 'localhost:');
    expect(store.getState().targetError).toBe('missing port after ":"');
    setTargetText(store, 'localhost:3000');
    expect(store.getState().targetError).toBeNull();
    setTargetText(store, '');
    expect(store.getState()).toMatchObject({ targetText: '', targetError: null });
  });
});
