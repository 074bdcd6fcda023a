// What the engine worker does (engine-worker.ts loads it): runs one diagnosis off the UI's event loop (a busy
// render loop was measured to turn a 2 ms connect into 40 ms) and streams its events back. Bundled on its own as
// dist/engine.js, so that the worker can run it from the V8 code cache.
import type { MessagePort } from 'node:worker_threads';
import { deferringAnswers } from './defer-questions.js';
import type { AnswerChoice, AnswerProvider } from './events.js';
import { runDiagnosis } from './run-diagnosis.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

/**
 * Serves one diagnosis: requests and answers come on `port`, events go back on `events`. `beforeDone` runs once the
 * session is ready, before it is posted: the front end may end the thread as soon as it has the session.
 */
export function serveEngine(port: MessagePort, events: MessagePort, beforeDone: () => void = () => {}): void {
  const post = (message: FromWorker) => events.postMessage(message);
  const controller = new AbortController();
  /** The engine asks one question at a time; this resolves the one it waits on. */
  let waiting: { questionId: string; resolve: (choice: AnswerChoice) => void } | null = null;

  const answer: AnswerProvider = (question) =>
    new Promise((resolve, reject) => {
      // The engine does not watch the signal while it waits for an answer, so the wait itself must.
      if (controller.signal.aborted) return reject(controller.signal.reason);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      waiting = { questionId: question.id, resolve };
    });

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'start': {
        const { request } = message;
        runDiagnosis({
          ...request,
          answer: deferringAnswers(request.deferQuestions, answer),
          signal: controller.signal,
          onEvent: (event) => post({ type: 'event', event }),
        }).then(
          (session) => {
            beforeDone();
            post({ type: 'done', session });
          },
          (error: unknown) =>
            post({
              type: 'failed',
              name: error instanceof Error ? error.name : 'Error',
              message: String(error instanceof Error ? error.message : error),
            }),
        );
        break;
      }
      case 'answer':
        // An answer to anything but the question waited on is stale (cancelled meanwhile): dropped.
        if (waiting?.questionId !== message.questionId) break;
        waiting.resolve(message.choice);
        waiting = null;
        break;
      case 'cancel':
        controller.abort();
        break;
      default: {
        const unknown: never = message;
        throw new Error(`engine-worker got an unknown message: ${JSON.stringify(unknown)}`);
      }
    }
  });
}
