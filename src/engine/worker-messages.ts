// The messages between `runInWorker` (main thread) and `engine-worker` (the worker thread). Plain data only:
// everything crosses the thread boundary by structured clone, so no functions, Errors or class instances.
import type { AnswerChoice, EngineEvent } from './events.js';
import type { DiagnosisRequest } from './run-in-worker.js';
import type { Session } from './session.js';

/** What the main thread tells the worker. */
export type ToWorker =
  /** Start the one diagnosis this worker exists for. */
  | { type: 'start'; request: DiagnosisRequest }
  /** The answer to the question the engine is waiting on. */
  | {
      type: 'answer';
      questionId: string;
      choice: AnswerChoice;
    }
  /** Abort the engine; the worker is terminated right after. */
  | { type: 'cancel' };

/** What the worker tells the main thread. */
export type FromWorker =
  /** One engine event, in the order the engine emitted it. */
  | { type: 'event'; event: EngineEvent }
  /** The walk ended with this session. */
  | {
      type: 'done';
      session: Session;
    }
  /** `runDiagnosis` rejected; its error, flattened, since an Error loses its name when cloned. */
  | { type: 'failed'; name: string; message: string };
