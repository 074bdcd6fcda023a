import type { Session } from '../engine/session.js';
import { formatDuration } from '../report/format-duration.js';
import { showControls } from '../report/show-controls.js';
import { wrapWords } from '../report/wrap-words.js';
import type { VerdictText } from './verdict-text.js';

/** Everything that shares the terminal on the verdict screen, as the screen will show it. */
export interface VerdictLayoutInput {
  rows: number;
  columns: number;
  /** The header as one line of plain text. */
  header: string;
  /** The key bar as one line of plain text, its widest form. */
  keyBar: string;
  session: Session;
  text: VerdictText;
  diagram: readonly string[];
  /** Lines the export status takes above the key bar (0 when nothing was exported). */
  exportLines: number;
}

/** How the verdict screen fits the terminal. */
export interface VerdictLayout {
  /** The step list as one line of step ids and marks rather than one line per step. */
  compactSteps: boolean;
  /**
   * `shown`: the diagram under the findings. `toggle`: there is no room for both, so `d` switches between the
   * findings (evidence and next steps) and the diagram.
   */
  diagram: 'shown' | 'toggle';
  /** How many evidence items the findings show; the rest are counted in a "+N more" line. */
  evidenceShown: number;
  /**
   * The decisive measurement leads the evidence: the compact step list shows only ids, so the line that
   * decided the verdict would otherwise be hidden.
   */
  decisiveShown: boolean;
  /** Whether the "+N more" line has a row; where it has none, the key bar's `v` still says there is more. */
  moreCounted: boolean;
}

/**
 * Fits the verdict screen in the terminal without scrolling, giving up detail in this order: evidence items
 * beyond the first (the report keeps them all), then one line per step (the evidence and the diagram retell
 * the path), then the diagram beside the findings (one key away). The title, the summary and the next steps
 * are never cut: they are the answer. If even that does not fit, the screen scrolls.
 */
export function verdictLayout(input: VerdictLayoutInput): VerdictLayout {
  const { text } = input;
  // Ink redraws the whole screen, flickering, once a frame is as tall as the terminal: stay a line short.
  const budget = input.rows - 1;
  const decisive = text.decisive?.length ?? 0;
  const findings = 2 + (text.nextSteps.length > 0 ? 2 + sum(text.nextSteps.map((s) => s.length)) : 0);
  const base =
    lines(input.header, input.columns) +
    1 +
    text.title.length +
    text.summary.length +
    findings +
    input.exportLines +
    1 +
    lines(input.keyBar, input.columns);
  const diagram = input.diagram.length > 0 ? 1 + input.diagram.length : 0;

  const evidence = text.evidence.map((item) => item.length);

  for (const compactSteps of [false, true]) {
    // The compact path sits right under the header, like a breadcrumb; the full list has a blank line above.
    const steps = compactSteps ? compactStepLines(input) + decisive : 1 + fullStepLines(input);
    const room = budget - base - steps - diagram;
    if (room >= (evidence[0] ?? 0) + (evidence.length > 1 ? 1 : 0)) {
      return {
        compactSteps,
        diagram: 'shown',
        evidenceShown: fit(evidence, room, 1),
        decisiveShown: compactSteps && decisive > 0,
        moreCounted: true,
      };
    }
  }
  const room = budget - base - compactStepLines(input) - decisive;
  return {
    compactSteps: true,
    diagram: diagram === 0 ? 'shown' : 'toggle',
    // The decisive line says what decided: with it on screen, the other evidence may all wait behind `v`.
    evidenceShown: fit(evidence, room, decisive > 0 ? 0 : 1),
    decisiveShown: decisive > 0,
    moreCounted: decisive === 0 || room >= 1,
  };
}

/** As many items as fit in `room` lines, keeping one line for "+N more" when some are left out; at least `least`. */
function fit(items: number[], room: number, least: number): number {
  if (sum(items) <= room) return items.length;
  let shown = 0;
  let used = 1;
  while (shown < items.length && used + items[shown]! <= room) used += items[shown++]!;
  return Math.max(Math.min(least, items.length), shown);
}

/** The compact step list: `✓ dns.lookup  ✓ tcp.connect  ✗ http.request`, wrapped. */
export function compactStepsText(session: Session, mark: (index: number) => string): string {
  return session.steps.map((step, i) => `${mark(i)} ${showControls(step.id)}`).join('  ');
}

function compactStepLines(input: VerdictLayoutInput): number {
  return lines(
    compactStepsText(input.session, () => '✓'),
    input.columns,
  );
}

/** As StepList lays a step out: a mark, the summary, a duration column. */
function fullStepLines(input: VerdictLayoutInput): number {
  return sum(
    input.session.steps.map((step) =>
      lines(step.summary || step.title, input.columns - 2 - durationColumn(step.durationMs)),
    ),
  );
}

/** The duration column of StepList: the widest `formatDuration` below 100 s, after a space. */
export const durationWidth = 9;
const durationColumn = (ms: number) => Math.max(durationWidth, formatDuration(ms).length + 1);

const lines = (text: string, width: number) => wrapWords(showControls(text), width, width).length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
