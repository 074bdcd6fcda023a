// The worker-thread entry of `runInWorker`: runs one diagnosis off the UI's event loop (a busy render loop
// was measured to turn a 2 ms connect into 40 ms) and streams its events back. Bundled as dist/engine-worker.js.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { deferringAnswers } from './defer-questions.js';
import type { AnswerChoice, AnswerProvider } from './events.js';
import { runDiagnosis } from './run-diagnosis.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
// Events go back on the channel runInWorker hands over (it can read them synchronously); answers come on parentPort.
const events = (workerData as { events?: MessagePort } | null)?.events ?? port;
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
        (session) => post({ type: 'done', session }),
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
