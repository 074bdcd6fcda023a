import type { AnswerProvider, Question } from './events.js';

/**
 * The answer provider the engine gets for a request that defers questions: a deferrable question (the probes
 * already found the failure; the answer only refines why) takes its default where the engine runs, and the
 * front end offers it later from the verdict. In the engine worker this saves a round trip to a UI thread that
 * may still be loading or drawing when the probes are done.
 */
export function deferringAnswers(deferQuestions: boolean | undefined, answer: AnswerProvider): AnswerProvider {
  if (!deferQuestions) return answer;
  return (question) => (answeredHere(true, question) ? Promise.resolve(deferredDefault(question)) : answer(question));
}

/** Whether a question is answered where the engine runs, without asking the front end. */
export function answeredHere(deferQuestions: boolean | undefined, question: Question): boolean {
  return Boolean(deferQuestions) && question.deferrable;
}

const deferredDefault = (question: Question) => ({ value: question.defaultValue, defaulted: true });
