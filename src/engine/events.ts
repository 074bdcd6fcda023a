import type { Choice, OtherAnswer } from '../tree/tree-types.js';
import type { Verdict } from '../tree/verdict-ids.js';
import type { Answer, Step } from './session.js';

/** A question the tree asks where probes cannot know; the answer provider answers it. */
export interface Question {
  id: string;
  prompt: string;
  /** More to read under the prompt (a command to run, what to look for); null when none. */
  detail: string | null;
  choices: readonly Choice[];
  defaultValue: string;
  /** The answer only refines a failure the probes found: a person may be asked later, from the verdict. */
  deferrable: boolean;
  /** A value the user may type instead of a choice; null when only the choices are accepted. */
  other: OtherAnswer | null;
}

/** What an answer provider gives back: the chosen value, and whether nobody was asked. */
export interface AnswerChoice {
  value: string;
  defaulted: boolean;
}

/** The TUI resolves this from the user's choice; the non-interactive runner answers with the default. */
export type AnswerProvider = (question: Question) => Promise<AnswerChoice>;

/** Everything the engine tells its front ends, in the order it happens. */
export type EngineEvent =
  /** A probe node started; its spinner can show. */
  | { type: 'step-started'; id: string; title: string }
  /** A probe node finished, with its measured result. */
  | { type: 'step-finished'; step: Step }
  /** The engine waits for an answer to this question. */
  | { type: 'question-asked'; question: Question }
  | { type: 'question-answered'; answer: Answer }
  /** The walk reached a verdict; the session is complete. */
  | { type: 'verdict'; verdict: Verdict };

export type EngineListener = (event: EngineEvent) => void;

/** Answers every question with its default: for --json, --no-interactive, pipes and CI. */
export const defaultAnswers: AnswerProvider = async (question) => ({ value: question.defaultValue, defaulted: true });
