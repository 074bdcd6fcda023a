import type { Session } from '../engine/session.js';
import { showControls } from '../report/show-controls.js';
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
}

/** Prose is indented under the verdict's mark. */
export const proseIndent = 2;
/** List items are indented by the prose indent plus their bullet. */
export const listIndent = 4;

export function wrapVerdict(session: Session, columns: number): VerdictText {
  const { verdict } = session;
  const wrap = (text: string, indent: number) => wrapWords(showControls(text), columns - indent, columns - indent);
  return {
    title: wrap(`${verdict.title} (${verdict.confidence})`, proseIndent),
    summary: wrap(verdict.summary, proseIndent),
    evidence: verdict.evidence.map((line) => wrap(line, listIndent)),
    nextSteps: verdict.nextSteps.map((line) => wrap(line, listIndent)),
  };
}
