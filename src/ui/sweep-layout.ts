import { wrapWords } from '../report/wrap-words.js';
import type { SweepRowState } from './sweep-store.js';
import terminalWidth from './terminal-width.js';

/** How wide each column of the sweep table is, in terminal columns; 0 for a column left out. */
export interface SweepColumns {
  source: number;
  target: number;
  verdict: number;
  confidence: number;
  time: number;
}

export const sweepHeadings = {
  source: 'SOURCE',
  target: 'TARGET',
  verdict: 'VERDICT',
  confidence: 'CONFIDENCE',
  time: 'TIME',
} as const;

/** The cursor and the row's mark, each with a space after it. */
export const rowPrefixWidth = 4;
/** Between two columns. */
const gap = 2;
/** What source and target keep at least before the columns on their right give way. */
const leastSourceAndTarget = 24;

/** A running row's verdict cell until its verdict comes. */
export const runningText = 'running';
export const queuedText = 'waiting';

/**
 * Fits the table in `columns` without ever wrapping a row: the verdict, its confidence and its time keep their
 * width, while source and target share the rest, cut with an ellipsis where they do not fit (the target gets the
 * larger share: it is what the user recognises). Narrower than that, the confidence column goes, then the time,
 * then the verdict is cut too. One column is left free at the right: a line that fills the terminal makes some
 * terminals wrap the cursor.
 */
export function sweepColumns(columns: number, rows: readonly SweepRowState[]): SweepColumns {
  const widest = (heading: string, cells: string[]) =>
    Math.max(terminalWidth(heading), ...cells.map((cell) => terminalWidth(cell)));
  const cells = (pick: (row: SweepRowState) => string | undefined) =>
    rows.map(pick).filter((cell): cell is string => cell !== undefined);
  const want = {
    source: widest(
      sweepHeadings.source,
      cells((row) => row.source),
    ),
    target: widest(
      sweepHeadings.target,
      cells((row) => row.target),
    ),
    verdict: widest(sweepHeadings.verdict, [
      runningText,
      queuedText,
      ...cells((row) => (row.view === null ? undefined : verdictCell(row))),
    ]),
    confidence: widest(
      sweepHeadings.confidence,
      cells((row) => row.view?.confidence),
    ),
    time: widest(
      sweepHeadings.time,
      cells((row) => row.view?.time),
    ),
  };
  const room = Math.max(10, columns - 1 - rowPrefixWidth);
  let right = { verdict: want.verdict, confidence: want.confidence, time: want.time };
  const rightWidth = () =>
    right.verdict + (right.confidence > 0 ? gap + right.confidence : 0) + (right.time > 0 ? gap + right.time : 0);
  const left = () => room - rightWidth() - gap * 2;
  if (left() < leastSourceAndTarget) right = { ...right, confidence: 0 };
  if (left() < leastSourceAndTarget) right = { ...right, time: 0 };
  if (left() < leastSourceAndTarget) right = { ...right, verdict: Math.max(7, room - gap * 2 - leastSourceAndTarget) };
  const share = Math.max(2, left());
  let source = Math.min(want.source, Math.max(6, Math.floor(share * 0.45)));
  let target = share - source;
  if (target > want.target) {
    source = Math.min(want.source, share - want.target);
    target = want.target;
  }
  return { source, target, ...right };
}

/** The verdict cell of a row with a result: its id, marked when it changed from the round before. */
export function verdictCell(row: SweepRowState): string {
  return row.view === null ? '' : `${row.view.verdict}${row.changedFrom === null ? '' : ' *'}`;
}

/**
 * `text` cut to `width` terminal columns, with `ellipsis` where it was cut, then padded with spaces to `width`.
 * `keep: 'end'` cuts the start instead: a source's end (`targets.txt:4`, `.env:3 DATABASE_URL`) tells rows of one
 * file apart, where its start is the same file name on every row.
 */
export function fitCell(text: string, width: number, ellipsis: string, keep: 'start' | 'end' = 'start'): string {
  const used = terminalWidth(text);
  if (used <= width) return text + ' '.repeat(width - used);
  const room = width - terminalWidth(ellipsis);
  if (room <= 0) return ellipsis.slice(0, width);
  const chars = keep === 'start' ? [...text] : [...text].reverse();
  const kept: string[] = [];
  let keptWidth = 0;
  for (const char of chars) {
    const w = terminalWidth(char);
    if (keptWidth + w > room) break;
    kept.push(char);
    keptWidth += w;
  }
  const padding = ' '.repeat(width - keptWidth - terminalWidth(ellipsis));
  return keep === 'start' ? `${kept.join('')}${ellipsis}${padding}` : `${ellipsis}${kept.reverse().join('')}${padding}`;
}

/** Everything around the table, as plain text, to count the lines it takes. */
export interface SweepChrome {
  rows: number;
  columns: number;
  /** The export status line; null when nothing was exported. */
  exportLine: string | null;
  /** The key bar as one line of plain text. */
  keyBar: string;
  /** How many rows the table has. */
  count: number;
  /** The rounds repeat: a line under the header says how (`--wait`, `--watch`). */
  repeatLine?: boolean;
}

/**
 * How many rows the table shows at once: the terminal's height less the header, the headings, the detail, the
 * export status and the key bar (a line short of the terminal: Ink redraws a frame as tall as it, flickering).
 * When not every row fits, a line says how many are above and below.
 */
export function sweepTableHeight(chrome: SweepChrome): { height: number; scrolls: boolean } {
  const lines = (text: string) => wrapWords(text, chrome.columns, chrome.columns).length;
  const around =
    1 + // the header, cut to one line
    (chrome.repeatLine ? 1 : 0) + // how the rounds repeat, cut to one line
    1 + // blank
    1 + // the headings
    1 + // blank
    2 + // the cursor row's source and target, and its verdict's title, each cut to one line
    1 + // blank
    (chrome.exportLine === null ? 0 : lines(chrome.exportLine)) +
    lines(chrome.keyBar);
  const room = Math.max(1, chrome.rows - 1 - around);
  if (chrome.count <= room) return { height: chrome.count, scrolls: false };
  return { height: Math.max(1, room - 1), scrolls: true };
}

/**
 * The first row shown: the window moves only as far as it must to keep the cursor's row in it, so the rows stay
 * still while the cursor moves within the window.
 */
export function scrollStart(previous: number, cursorAt: number, count: number, height: number): number {
  let start = Math.min(previous, Math.max(0, count - height));
  if (cursorAt < start) start = cursorAt;
  else if (cursorAt >= start + height) start = cursorAt - height + 1;
  return Math.max(0, start);
}
