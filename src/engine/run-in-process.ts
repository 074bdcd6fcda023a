// The engine on the caller's own thread: for --json-like runs, the demo's scenarios and tests, where no render
// loop competes with the probes. Apart from run-in-worker.ts so that the app's loader, which runs the engine in a
// worker, does not carry (and compile) the engine as well.
import { cancelledError } from './cancelled-error.js';
import { cloneableRequest } from './cloneable-request.js';
import { deferringAnswers } from './defer-questions.js';
import { runDiagnosis } from './run-diagnosis.js';
import type { DiagnosisHandlers, DiagnosisRequest, DiagnosisRunner, RunningDiagnosis } from './run-in-worker.js';

/**
 * A runner of the engine on this thread, reading proxy variables from `env` (the process's by default): the
 * demo's scenarios each bring their own.
 */
export function inProcessRunner(env?: NodeJS.ProcessEnv): DiagnosisRunner {
  return (request, handlers) => runOnThisThread(request, handlers, env);
}

/** Runs the engine on this thread: for --json and tests, where no render loop competes with the probes. */
export const runInProcess: DiagnosisRunner = (request, handlers) => runOnThisThread(request, handlers);

function runOnThisThread(
  request: DiagnosisRequest,
  handlers: DiagnosisHandlers,
  env?: NodeJS.ProcessEnv,
): RunningDiagnosis {
  const controller = new AbortController();
  // The engine does not watch the signal while it waits for an answer, so the session races it.
  const aborted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(cancelledError()), { once: true }),
  );
  const session = Promise.race([
    runDiagnosis({
      ...cloneableRequest(request),
      env,
      signal: controller.signal,
      onEvent: (event) => {
        if (!controller.signal.aborted) handlers.onEvent(event);
      },
      answer: deferringAnswers(request.deferQuestions, (question) =>
        Promise.race([handlers.answer(question), aborted]),
      ),
    }),
    aborted,
  ]);
  return { session, cancel: () => controller.abort() };
}
