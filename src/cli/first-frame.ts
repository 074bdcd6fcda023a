import type { Target } from '../shared/target.js';
import { headerText } from '../ui/header-text.js';
import { makeTheme } from '../ui/make-theme.js';

/** What the CLI knows before the UI has loaded, and the terminal it paints on. */
export interface FirstFrameInput {
  version: string;
  target: Target | null;
  symptom: string | null;
  color: boolean;
  ascii: boolean;
  columns: number;
}

/**
 * The app's header line as plain text, painted the moment the CLI has started: loading Ink, React and the layout
 * engine takes longer than Node's own start, and a blank terminal meanwhile looks like a hang. Ink's first frame
 * draws the same line in the same place, after `eraseFirstFrame` has taken this one away.
 *
 * Kept to one terminal row (cut with an ellipsis), so that erasing it is one cursor move whatever the width; a
 * line holding characters that may take two columns is not painted at all rather than risk a second row.
 */
export function firstFrameText(input: FirstFrameInput): string | null {
  const theme = makeTheme({ color: false, ascii: input.ascii });
  const text = headerText({ version: input.version, target: input.target, symptom: input.symptom }, theme);
  if (!/^[\x20-\x7e·…|]*$/.test(text)) return null;
  const room = Math.max(20, input.columns - 1);
  const line =
    text.length > room ? `${text.slice(0, room - theme.marks.ellipsis.length)}${theme.marks.ellipsis}` : text;
  // The tool's name as Ink draws it (bold cyan), the rest plain: the repaint changes no character.
  const name = 'conn-doctor';
  return input.color && line.startsWith(name) ? `\x1b[1;36m${name}\x1b[0m${line.slice(name.length)}\n` : `${line}\n`;
}

/** Moves back to the start of the painted line and clears from there down, so Ink paints where it was. */
export const eraseFirstFrame = '\x1b[1F\x1b[J';
