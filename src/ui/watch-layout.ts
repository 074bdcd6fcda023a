import { showControls } from '../report/show-controls.js';
import { wrapWords } from '../report/wrap-words.js';
import type { StepView } from './store.js';
import { durationWidth } from './verdict-layout.js';

/** Everything that shares the terminal with the history on the watch screen, as the screen will show it. */
export interface WatchLayoutInput {
  rows: number;
  columns: number;
  /** The header as one line of plain text. */
  header: string;
  /** The verdict's title line as plain text; null before the first verdict (one line then). */
  verdictTitle: string | null;
  /** The counters as plain text. */
  counters: string;
  /** The run under way's steps, or null between runs. */
  steps: readonly StepView[] | null;
  /** Between runs: the lines under the verdict (an error, the countdown), as plain text. */
  idle: readonly string[];
  /** The export status as plain text; null before any export. */
  exportLine: string | null;
  /** The key bar as one line of plain text. */
  keyBar: string;
}

/** Enough to see a verdict flap; the counters keep the totals. */
export const maxHistoryRows = 8;

/**
 * How many history lines fit without scrolling (at most `maxHistoryRows`): the header, the verdict, the live
 * steps or the countdown, the counters, the export status and the key bar come first, each block after a blank
 * line; the history gives way, since the counters still sum it up.
 */
export function watchHistoryRows(input: WatchLayoutInput): number {
  // Ink redraws the whole screen, flickering, once a frame is as tall as the terminal: stay a line short.
  const budget = input.rows - 1;
  const { columns } = input;
  const verdict = input.verdictTitle === null ? 1 : lines(input.verdictTitle, columns) + 1;
  const live =
    input.steps === null
      ? sum(input.idle.map((line) => lines(line, columns)))
      : sum(input.steps.map((step) => stepLines(step, columns)));
  const used =
    lines(input.header, columns) +
    1 +
    verdict +
    1 +
    live +
    1 +
    lines(input.counters, columns) +
    1 +
    (input.exportLine === null ? 0 : lines(input.exportLine, columns)) +
    lines(input.keyBar, columns);
  return Math.max(0, Math.min(maxHistoryRows, budget - used));
}

/** As StepList lays a step out: a mark, the text, and a duration column once it finished. */
function stepLines(view: StepView, columns: number): number {
  if (view.status === 'running') return lines(`${view.title}...`, columns - 2);
  return lines(view.step.summary || view.title, columns - 2 - durationWidth);
}

const lines = (text: string, width: number) => wrapWords(showControls(text), width, width).length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
