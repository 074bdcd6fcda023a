import { afterEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../engine/run-in-process.js';
import type { DiagnosisRunner } from '../engine/run-in-worker.js';
import type { EngineEvent } from '../engine/events.js';
import type { Session } from '../engine/session.js';
import { symptomChoices } from '../tree/symptom-choices.js';
import * as actions from './app-actions.js';
import { createTestLab } from './lab-events.test-helper.js';
import { beginExport } from './store.js';
import { waitFor } from './wait-for.test-helper.js';

const lab = createTestLab();
const controllers: actions.AppController[] = [];
afterEach(async () => {
  controllers.splice(0).forEach(actions.stopWalk);
  await lab.close();
});

/** The real in-process runner, counting the walks it starts and the ones it is told to cancel. */
function countingRunner() {
  const counts = { started: 0, cancelled: 0 };
  const runner: DiagnosisRunner = (request, handlers) => {
    counts.started++;
    const running = runInProcess(request, handlers);
    const cancel = () => {
      counts.cancelled++;
      running.cancel();
    };
    return { session: running.session, cancel };
  };
  return { runner, counts };
}

function controller(
  given: { target: string | null; symptom: string | null },
  runner: DiagnosisRunner = runInProcess,
  exportDir = '.',
) {
  const ctl = actions.createAppController(
    { runner, timeoutMs: 60_000, dnsServer: null, version: '0', exportDir },
    given,
  );
  controllers.push(ctl);
  return ctl;
}

describe('app actions', () => {
  it('keeps an invalid target in the prompt with its error, and starts nothing', () => {
    const { runner, counts } = countingRunner();
    const ctl = controller({ target: null, symptom: 'ECONNREFUSED' }, runner);
    actions.submitTarget(ctl, 'http://');
    expect(ctl.store.getState()).toMatchObject({
      phase: 'target',
      targetText: 'http://',
      targetError: expect.stringContaining('missing host'),
    });
    expect(counts.started).toBe(0);
  });

  it('cancels the walk under way when a new one starts, and drops whatever it says after', async () => {
    // Given a walk waiting on a server that never answers
    const { runner, counts } = countingRunner();
    const port = await lab.silentServer();
    const ctl = controller({ target: `http://127.0.0.1:${port}/`, symptom: 'ETIMEDOUT' }, runner);
    actions.startIfReady(ctl);
    await waitFor(() => ctl.store.getState().steps.some((s) => s.id === 'http.request'));

    // When the user runs again
    actions.runAgain(ctl);

    // Then the first walk is cancelled, and the screen shows only the second one's steps
    expect(counts).toEqual({ started: 2, cancelled: 1 });
    await waitFor(() => ctl.store.getState().steps.some((s) => s.id === 'http.request'));
    expect(ctl.store.getState().steps.map((s) => s.id)).toEqual(['dns.lookup', 'tcp.connect', 'http.request']);
  });

  it('shows the verdict at once when the runner already has the finished session, with every step the run took', async () => {
    // Given a real walk of a refused port, recorded, as the worker's early run holds it when the app takes it
    const target = `127.0.0.1:${await lab.closedPort()}`;
    const events: EngineEvent[] = [];
    const recording: DiagnosisRunner = (request, handlers) =>
      runInProcess(request, {
        ...handlers,
        onEvent: (event) => {
          events.push(event);
          handlers.onEvent(event);
        },
      });
    const first = controller({ target, symptom: null }, recording);
    actions.startIfReady(first);
    await waitFor(() => first.store.getState().phase === 'verdict');
    const known = first.store.getState().session as Session;
    const taken: DiagnosisRunner = (_, handlers) => {
      for (const event of events) handlers.onEvent(event);
      return { session: Promise.resolve(known), cancel: () => {}, finished: () => known };
    };
    // When the app starts its walk with it
    const ctl = controller({ target, symptom: null }, taken);
    actions.startIfReady(ctl);
    // Then in the same turn, before any frame could be drawn, the store is at the verdict with every step
    const state = ctl.store.getState();
    expect(state.phase).toBe('verdict');
    expect(state.session?.verdict.id).toBe('no-listener');
    expect(state.steps.length).toBeGreaterThan(0);
    expect(state.steps).toEqual(first.store.getState().steps);
    expect(ctl.running).toBeNull();
  });

  it('ignores an answer when no question waits', async () => {
    const ctl = controller({ target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: null });
    actions.answerQuestion(ctl, 'container');
    expect(ctl.store.getState().phase).toBe('running');
  });

  it('records what the user saw in the session on screen, without running again where the probes found the failure', async () => {
    // Given the verdict of a 502, reached with no symptom
    const { runner, counts } = countingRunner();
    const seen: Session[] = [];
    const ctl = actions.createAppController(
      {
        runner,
        timeoutMs: 60_000,
        dnsServer: null,
        version: '0',
        exportDir: '.',
        onSession: (s) => seen.push(s),
      },
      { target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: null },
    );
    controllers.push(ctl);
    actions.startIfReady(ctl);
    await waitFor(() => ctl.store.getState().phase === 'verdict');
    expect(ctl.store.getState().session?.symptom).toBeNull();

    // When the user says they saw a reset
    actions.askSymptom(ctl);
    expect(ctl.store.getState().phase).toBe('symptom');
    await actions.recordSymptom(ctl, 'ECONNRESET');

    // Then the session carries it, decoded and checked against the verdict, and --report is told of it
    expect(ctl.store.getState()).toMatchObject({
      phase: 'verdict',
      symptom: 'ECONNRESET',
      session: { symptom: { id: 'reset' }, symptomReproduced: false, verdict: { id: 'http-upstream-error' } },
    });
    expect(seen.at(-1)?.symptom?.id).toBe('reset');
    expect(counts.started).toBe(1);
  });

  it('runs again with the symptom where everything answered: reused connections that reset get the keep-alive check', async () => {
    // Given a healthy verdict (the frequency question answered "it works now")
    const ctl = actions.createAppController(
      { runner: runInProcess, timeoutMs: 1000, dnsServer: null, version: '0', exportDir: '.' },
      { target: `http://127.0.0.1:${await lab.httpServer(200)}/`, symptom: null },
    );
    controllers.push(ctl);
    actions.startIfReady(ctl);
    await waitFor(() => ctl.store.getState().phase === 'question');
    expect(ctl.store.getState().question?.question.id).toBe('failure.frequency');
    actions.answerQuestion(ctl, 'works-now');
    await waitFor(() => ctl.store.getState().session?.verdict.id === 'healthy');

    // When the user says they saw "socket hang up"
    await actions.recordSymptom(ctl, 'socket hang up');

    // Then the walk runs again with it, and this time watches an idle keep-alive connection. That watch lasts up to
    // the 1 s budget, while waitFor's default 200,000 turns of an otherwise idle loop can pass in under one (it
    // failed so, after 0.8 s): here the wait is bounded by waitFor's 10 s deadline and a count far above it.
    await waitFor(
      () => ctl.store.getState().session?.steps.some((s) => s.id === 'http.keepalive') === true,
      undefined,
      50_000_000,
    );
    expect(ctl.store.getState().session?.symptom?.input).toBe('socket hang up');
  }, 30_000);

  it('decodes a pasted message once the decoder has loaded, flattening its lines and bounding its length', async () => {
    const ctl = controller({ target: 'localhost:1', symptom: null });
    actions.pickSymptom(ctl, symptomChoices.find((c) => c.kind === 'paste')!);
    actions.setPastedText(ctl, 'Error: read ECONNRESET\n    at TLSWrap.onStreamRead');
    await waitFor(() => ctl.store.getState().pastedMeaning !== null);
    expect(ctl.store.getState()).toMatchObject({
      pastedText: 'Error: read ECONNRESET at TLSWrap.onStreamRead',
      pastedMeaning: { id: 'reset' },
    });
    actions.setPastedText(ctl, 'x'.repeat(5000));
    expect(ctl.store.getState().pastedText).toHaveLength(1000);
    actions.setPastedText(ctl, '   ');
    actions.submitPasted(ctl);
    expect(ctl.store.getState()).toMatchObject({ symptomMode: 'paste', pastedText: '   ', symptom: null });
  });

  it('says why an export could not be written', async () => {
    const ctl = controller(
      { target: `http://127.0.0.1:${await lab.httpServer(502)}/`, symptom: 'ECONNRESET' },
      runInProcess,
      '/nonexistent-conn-doctor-dir',
    );
    actions.startIfReady(ctl);
    await waitFor(() => ctl.store.getState().phase === 'verdict');
    beginExport(ctl.store);
    await actions.exportReport(ctl, 'md');
    expect(ctl.store.getState()).toMatchObject({
      phase: 'verdict',
      exportStatus: {
        kind: 'failed',
        message: expect.stringMatching(/^Could not write \/nonexistent-conn-doctor-dir\/conn-doctor-.*\.md: ENOENT$/),
      },
    });
  });
});
