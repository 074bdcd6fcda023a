import type { SweepSession } from '../engine/run-sweep.js';
import { elapsed, sweepCounts, sweepRows, type SweepRowView } from './sweep-rows.js';
import { padColumns, wrapWords } from './wrap-words.js';

export interface SweepTextOptions {
  /** ANSI colours; the caller decides (TTY, `NO_COLOR`, `--no-color`). */
  color: boolean;
  /** Plain ASCII marks (`+ x`) for terminals and logs that mangle ✓ ✗. */
  ascii?: boolean;
  /** Columns the problems' words are wrapped to; 80 when not given. The table's rows are never cut. */
  width?: number;
}

const headings = { source: 'SOURCE', target: 'TARGET', verdict: 'VERDICT', confidence: 'CONFIDENCE', time: 'TIME' };
const columns = Object.keys(headings) as (keyof typeof headings)[];

/**
 * What a sweep prints without a terminal: a header, the table (a row per target, problems first), then each
 * problem's title, the first sentence of its summary and its first next step.
 */
export function renderSweepText(sweep: SweepSession, options: SweepTextOptions): string {
  const width = Math.max(40, options.width ?? 80);
  const paint = (code: number, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const mark = (row: SweepRowView) =>
    row.healthy ? paint(32, options.ascii ? '+' : '✓') : paint(31, options.ascii ? 'x' : '✗');
  const rows = sweepRows(sweep);
  const { total, healthy, problems } = sweepCounts(sweep);
  const took = elapsed(sweep.startedAt, sweep.finishedAt);
  const lines = [
    `conn-doctor: ${total} target${total === 1 ? '' : 's'}: ${healthy} healthy, ${problems} with a problem, in ${took}`,
    '',
  ];

  const widths = Object.fromEntries(
    columns.map((column) => [column, Math.max(headings[column].length, ...rows.map((row) => [...row[column]].length))]),
  ) as Record<keyof typeof headings, number>;
  const line = (cells: Record<keyof typeof headings, string>) =>
    columns
      .map((column, i) => (i === columns.length - 1 ? cells[column] : padColumns(cells[column], widths[column])))
      .join('  ');
  lines.push(`  ${paint(2, line(headings))}`);
  for (const row of rows) lines.push(`${mark(row)} ${line(row)}`);

  const troubled = rows.filter((row) => !row.healthy);
  if (troubled.length > 0) lines.push('', paint(1, 'Problems'));
  for (const row of troubled) {
    lines.push('', `${mark(row)} ${row.source}  ${row.target}`);
    for (const text of [row.title, firstSentence(row.summary)])
      lines.push(...wrapWords(text, width - 2, width - 2).map((part) => `  ${part}`));
    if (row.nextStep !== null)
      lines.push(
        ...wrapWords(row.nextStep, width - 4, width - 4).map(
          (part, i) => `  ${i === 0 ? (options.ascii ? '>' : '→') : ' '} ${part}`,
        ),
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The summary's first sentence: enough to tell the problems apart; the row's own report has the rest. */
function firstSentence(text: string): string {
  const end = /[.!?](?=\s+[A-Z(])/.exec(text);
  return end === null ? text : text.slice(0, end.index + 1);
}
