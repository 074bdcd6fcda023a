import type { Session } from '../engine/session.js';
import { showControls } from '../report/show-controls.js';
import { stepMark } from '../report/step-mark.js';
import { wrapWords } from '../report/wrap-words.js';

/**
 * The verdict's words, wrapped to the screen's width here rather than by Ink, so that the layout can count
 * exactly the lines the screen will take. Lists are indented by their bullet (`  • `), prose by two spaces.
 */
export interface VerdictText {
  title: string[];
  summary: string[];
  /** One entry per evidence line, each wrapped into its own lines. */
  evidence: string[][];
  nextSteps: string[][];
  /**
   * The measurement that decided the verdict, as `step.id: summary`: the first step that failed (the last one
   * when none did). Shown first among the evidence where the step list is cut to ids; null without steps.
   */
  decisive: string[] | null;
}

/** Where the walk broke: the first step whose result reads as a failure, else the last step. */
export function decisiveStep(session: Session): Session['steps'][number] | null {
  return session.steps.find((step) => stepMark(step) === 'fail') ?? session.steps.at(-1) ?? null;
}

/** Prose is indented under the verdict's mark. */
export const proseIndent = 2;
/** List items are indented by the prose indent plus their bullet. */
export const listIndent = 4;

export function wrapVerdict(session: Session, columns: number): VerdictText {
  const { verdict } = session;
  const decided = decisiveStep(session);
  const wrap = (text: string, indent: number) => wrapWords(showControls(text), columns - indent, columns - indent);
  return {
    title: wrap(`${verdict.title} (${verdict.confidence})`, proseIndent),
    summary: wrap(verdict.summary, proseIndent),
    evidence: verdict.evidence.map((line) => wrap(line, listIndent)),
    nextSteps: verdict.nextSteps.map((line) => wrap(line, listIndent)),
    decisive: decided ? wrap(`${decided.id}: ${decided.summary || decided.title}`, listIndent) : null,
  };
}
