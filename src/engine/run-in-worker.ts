import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { cancelledError } from './cancelled-error.js';
import { cloneableRequest } from './cloneable-request.js';
import { answeredHere } from './defer-questions.js';
import { type EngineThread, startEngineThread, takeEarlyEngineThread } from './engine-thread.js';
import type { AnswerProvider, EngineListener, Question } from './events.js';
import type { Session } from './session.js';
import type { ProbeSettings } from '../shared/options.js';
import type { Credentials, Target } from '../shared/target.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

/** What a front end needs to run one diagnosis anywhere (in process or in a worker): plain, cloneable data. */
export interface DiagnosisRequest extends ProbeSettings {
  target: Target;
  /** URL credentials, for the HTTP request only. */
  credentials: Credentials | null;
  /** The path and query as typed when `target.path` hides a secret: the HTTP request sends it (ParsedTarget). */
  requestPath?: string | null;
  /** The error text the user saw, if any. */
  symptom: string | null;
  /**
   * Deferrable questions take their default where the engine runs, and the front end is not asked: the guided
   * app's walk when the user has answered nothing yet (it offers them on the verdict screen).
   */
  deferQuestions?: boolean;
}

/** Where the engine's events and questions go; both run on the caller's thread. */
export interface DiagnosisHandlers {
  onEvent: EngineListener;
  answer: AnswerProvider;
}

/** A diagnosis under way. */
export interface RunningDiagnosis {
  /** The session; rejects with an Error named `AbortError` after `cancel()`. */
  session: Promise<Session>;
  /** Stops the probes; no event is delivered after it. Does nothing once the session settled. */
  cancel(): void;
  /**
   * The session when it is known already as the runner returns (an early run that finished before the app took
   * it), so the caller can show the verdict in its first frame rather than a turn later; null otherwise.
   */
  finished?: () => Session | null;
}

/** Signature shared by both runners so the UI (and its tests) can take either. */
export type DiagnosisRunner = (request: DiagnosisRequest, handlers: DiagnosisHandlers) => RunningDiagnosis;

/** How long a cancelled worker may take to abort its probes and close its sockets before it is terminated. */
const CANCEL_GRACE_MS = 200;

/**
 * Runs the engine in a worker thread, so that the TUI's render loop never delays a timed probe. Events and
 * questions come back to `handlers` on this thread; answers go back to the worker.
 *
 * `workerFile` defaults to dist/engine-worker.js, a bundle of engine-worker.ts next to dist/cli.js. Why not
 * `new URL('./engine-worker.js', import.meta.url)`: dist/ is CommonJS, where `import.meta` does not exist, so
 * the bundle finds its sibling through `__dirname`. Run from source (vitest), this module is ESM and worker
 * threads have no TypeScript loader: callers there bundle engine-worker.ts themselves and pass its path.
 */
export function runInWorker(
  request: DiagnosisRequest,
  handlers: DiagnosisHandlers,
  workerFile?: string | URL,
): RunningDiagnosis {
  let taken: TakenWorker;
  try {
    taken = takeWorker(workerFile ?? bundledWorkerFile(), request);
  } catch (error) {
    return { session: Promise.reject(error), cancel: () => {} };
  }
  const {
    thread: { worker, events },
    startedEarly,
  } = taken;
  const post = (message: ToWorker) => worker.postMessage(message);
  let settled = false;
  let cancelled = false;
  let known: Session | null = null;
  let grace: NodeJS.Timeout | undefined;
  let settle: (outcome: { session: Session } | { error: unknown }) => void = () => {};
  const session = new Promise<Session>((resolve, reject) => {
    settle = (outcome) => ('session' in outcome ? resolve(outcome.session) : reject(outcome.error));
  });

  /**
   * Ends the worker. A finished session is handed over at once: the worker, unref'd and with no listener of ours,
   * is terminated meanwhile (measured: waiting for that took 20-55 ms between the worker's 'done' and the app's
   * verdict). A failure or a cancel settles only once the worker is gone: no thread or handle of ours is left.
   */
  const finish = (outcome: { session: Session } | { error: unknown }) => {
    if (settled) return;
    settled = true;
    clearTimeout(grace);
    events.off('message', onMessage);
    events.close();
    worker.removeAllListeners();
    // An 'error' emitted while terminating would otherwise be thrown as an unhandled event.
    worker.on('error', () => {});
    worker.unref();
    const final = cancelled ? { error: cancelledError() } : outcome;
    if ('session' in final) {
      known = final.session;
      settle(final);
    }
    worker.terminate().then(
      () => settle(final),
      () => settle(final),
    );
  };

  const relayQuestion = (question: Question) => {
    Promise.resolve()
      .then(() => handlers.answer(question))
      .then((choice) => {
        if (!settled && !cancelled)
          post({
            type: 'answer',
            questionId: question.id,
            choice: { value: choice.value, defaulted: choice.defaulted },
          });
      })
      .catch((error: unknown) => finish({ error }));
  };

  const onMessage = (message: FromWorker) => {
    if (cancelled) return message.type === 'event' ? undefined : finish({ error: cancelledError() });
    switch (message.type) {
      case 'event':
        try {
          handlers.onEvent(message.event);
        } catch (error) {
          return finish({ error });
        }
        // A deferred question was answered in the worker already: only the events tell of it.
        if (message.event.type === 'question-asked' && !answeredHere(request.deferQuestions, message.event.question))
          relayQuestion(message.event.question);
        return;
      case 'done':
        return finish({ session: message.session });
      case 'failed':
        return finish({ error: Object.assign(new Error(message.message), { name: message.name }) });
      default: {
        const unknown: never = message;
        return finish({ error: new Error(`unknown message from the engine worker: ${JSON.stringify(unknown)}`) });
      }
    }
  };
  events.on('message', onMessage);
  events.ref();
  worker.on('error', (error: unknown) =>
    finish({
      error: new Error(`the engine worker crashed: ${error instanceof Error ? error.message : String(error)}`),
    }),
  );
  worker.on('messageerror', (error) =>
    finish({ error: new Error(`a message from the engine worker was unreadable: ${error.message}`) }),
  );
  worker.on('exit', (code) =>
    finish({ error: new Error(`the engine worker exited (code ${code}) before the diagnosis ended`) }),
  );
  if (startedEarly) {
    // What the early run said before anyone listened comes first, in its order; the worker then goes on live.
    for (const message of startedEarly.splice(0)) onMessage(message);
  } else {
    post({ type: 'start', request: cloneableRequest(request) });
  }

  const cancel = () => {
    if (settled || cancelled) return;
    cancelled = true;
    post({ type: 'cancel' });
    grace = setTimeout(() => finish({ error: cancelledError() }), CANCEL_GRACE_MS);
  };
  return { session, cancel, finished: () => known };
}

/** What engine-thread.ts starts threads with. */
const threads = { MessageChannel, Worker };

/**
 * A worker started ahead of the first diagnosis, so its ~30 ms start overlaps the UI's own loading. Given the
 * request, it starts that diagnosis at once too: the probes run on their own thread while the UI loads (timed as
 * fairly as ever), and what they report waits in `early` for the run that takes it.
 */
let spare: {
  file: string;
  thread: EngineThread;
  early: { key: string; messages: FromWorker[] } | null;
  release(): void;
} | null = null;

const requestKey = (request: DiagnosisRequest) => JSON.stringify(cloneableRequest(request));

/**
 * Starts the engine worker now for the next `runInWorker`; with `request`, starts that diagnosis in it too.
 * Harmless if never used: the worker is unref'd, and a next run with another request ends it and starts afresh.
 * Returns the spare (the one already waiting, if any), for a caller that watches its events; null if it could not
 * be started.
 */
export function prewarmEngineWorker(workerFile?: string | URL, request?: DiagnosisRequest): Worker | null {
  if (spare) return spare.thread.worker;
  try {
    const file = String(workerFile ?? bundledWorkerFile());
    // The installed command may have started it already, as it loaded (src/bin.ts).
    const thread = takeEarlyEngineThread(file) ?? startEngineThread(file, threads);
    const { worker, events } = thread;
    worker.unref();
    // A spare that dies before it is used is simply not used.
    const forget = () => (spare = null);
    worker.once('error', forget);
    worker.once('exit', forget);
    let early: { key: string; messages: FromWorker[] } | null = null;
    const messages: FromWorker[] = [];
    const keep = (message: FromWorker) => messages.push(message);
    if (request) {
      early = { key: requestKey(request), messages };
      events.on('message', keep);
      worker.postMessage({ type: 'start', request: cloneableRequest(request) } satisfies ToWorker);
    }
    events.unref();
    // Only our own listeners come off: `removeAllListeners()` on a Worker also drops Node's, and then no message
    // arrives any more (measured on Node 20).
    const release = () => {
      worker.off('error', forget);
      worker.off('exit', forget);
      events.off('message', keep);
      // What the early run posted while this thread was busy (loading the UI) is read now, not a turn later: the
      // first frame can then show it.
      for (let queued = receiveMessageOnPort(events); queued; queued = receiveMessageOnPort(events))
        messages.push(queued.message as FromWorker);
    };
    spare = { file, thread, early, release };
    return worker;
  } catch {
    // The first run starts its own worker and reports what goes wrong.
    return null;
  }
}

interface TakenWorker {
  thread: EngineThread;
  /** The messages of a diagnosis of this very request that the spare already runs; null when it must be started. */
  startedEarly: FromWorker[] | null;
}

function takeWorker(file: string | URL, request: DiagnosisRequest): TakenWorker {
  if (spare && spare.file === String(file)) {
    const { thread, early, release } = spare;
    spare = null;
    release();
    if (early && early.key !== requestKey(request)) {
      // It diagnoses something else (the user changed the target or the symptom): not worth keeping.
      thread.events.close();
      void thread.worker.terminate();
      return { thread: startEngineThread(file, threads), startedEarly: null };
    }
    thread.worker.ref();
    return { thread, startedEarly: early ? early.messages : null };
  }
  return { thread: startEngineThread(file, threads), startedEarly: null };
}

/**
 * dist/engine-worker.js when this module is bundled into CommonJS. `typeof` because plain ESM has no `__dirname`
 * (reading it would throw). vitest does define one (src/engine), where no .js worker exists: the session then
 * rejects with the worker's "Cannot find module …engine-worker.js", so tests pass `workerFile`.
 */
function bundledWorkerFile(): string {
  if (typeof __dirname !== 'string') throw new Error('runInWorker needs the engine worker file when run from source');
  return join(__dirname, 'engine-worker.js');
}
