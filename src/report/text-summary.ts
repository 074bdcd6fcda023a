import type { Session, Step } from '../engine/session.js';
import { formatDuration } from './format-duration.js';
import { showControls } from './show-controls.js';
import { stepMark, type StepMark } from './step-mark.js';
import { padColumns, wrapWords } from './wrap-words.js';

export interface TextSummaryOptions {
  /** ANSI colours. The caller decides (TTY, `NO_COLOR`, `FORCE_COLOR`); this module never looks. */
  color: boolean;
  /** Plain ASCII marks (`+ x -`) for terminals and logs that mangle ✓ ✗. */
  ascii?: boolean;
  /** Columns to fit in; 80 when not given, never fewer than 40. */
  width?: number;
}

const glyphSets = {
  unicode: { pass: '✓', fail: '✗', info: '•', bullet: '•', arrow: '→' },
  ascii: { pass: '+', fail: 'x', info: '-', bullet: '*', arrow: '>' },
};

const styles = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const;
type Style = keyof typeof styles;
const markStyle: Record<StepMark, Style> = { pass: 'green', fail: 'red', info: 'yellow' };

/** Widest step id column; a longer id pushes its own line's summary right rather than every line's. */
const maxIdColumn = 16;

/** Wide enough for any `formatDuration` output below 100 s (`999.9 ms`, `12.34 s`). */
const durationColumn = 8;

/**
 * The human summary printed by `--no-interactive`: a header, one line per step, then the verdict with its
 * evidence and next steps. Plain text (no Ink), wrapped at word boundaries to `width` columns.
 */
export function renderTextSummary(session: Session, options: TextSummaryOptions): string {
  const width = Math.max(40, options.width ?? 80);
  const glyphs = options.ascii ? glyphSets.ascii : glyphSets.unicode;
  const paint = (style: Style, text: string) =>
    options.color ? `\x1b[${styles[style][0]}m${text}\x1b[${styles[style][1]}m` : text;
  const mark = (kind: StepMark) => paint(markStyle[kind], glyphs[kind]);

  const lines = indented(`conn-doctor: ${showControls(session.target.input)}`, width, '', '  ');
  if (session.symptom) {
    const { input, source } = session.symptom;
    lines.push(
      ...indented(`Symptom: ${showControls(input)} (${showControls(source)}), ${reproduced(session)}`, width, '', '  '),
    );
  }

  lines.push('');
  const idColumn = Math.min(maxIdColumn, Math.max(0, ...session.steps.map((step) => showControls(step.id).length)));
  for (const step of session.steps) lines.push(...stepLines(step, idColumn, width, mark(stepMark(step)), paint));

  const { verdict } = session;
  const verdictMark: StepMark = verdict.id === 'healthy' ? 'pass' : 'fail';
  const title = wrapWords(showControls(verdict.title), width - 2, width - 2);
  lines.push('', ...title.map((line, i) => `${i === 0 ? mark(verdictMark) : ' '} ${paint('bold', line)}`));
  lines.push(`  ${paint('dim', `${showControls(verdict.id)}, confidence: ${verdict.confidence}`)}`);
  if (verdict.summary) lines.push('', ...indented(showControls(verdict.summary), width, '  ', '  '));
  lines.push(...listBlock('Evidence', verdict.evidence, glyphs.bullet, width, paint));
  lines.push(...listBlock('Next steps', verdict.nextSteps, glyphs.arrow, width, paint));
  return `${lines.join('\n')}\n`;
}

/**
 * `  ✓ tcp.connect  summary …   0.25 ms`: durations right-aligned in their own column, the summary wrapped
 * under itself so the column stays clear.
 */
function stepLines(step: Step, idColumn: number, width: number, mark: string, paint: (s: Style, t: string) => string) {
  const id = showControls(step.id).padEnd(idColumn);
  const indent = ' '.repeat(idColumn + 6);
  const room = width - durationColumn - 1;
  const body = wrapWords(showControls(step.summary || step.title), room - (id.length + 6), room - indent.length);
  return body.map((line, i) => {
    if (i > 0) return `${indent}${line}`;
    const duration = paint('dim', formatDuration(step.durationMs).padStart(durationColumn));
    return `  ${mark} ${paint('dim', id)}  ${padColumns(line, room - (id.length + 6))} ${duration}`;
  });
}

function listBlock(
  title: string,
  items: string[],
  glyph: string,
  width: number,
  paint: (s: Style, t: string) => string,
) {
  if (items.length === 0) return [];
  return [
    '',
    `  ${paint('bold', title)}`,
    ...items.flatMap((item) => indented(showControls(item), width, `  ${glyph} `, '    ')),
  ];
}

function reproduced(session: Session): string {
  if (session.symptomReproduced === null) return 'not checked';
  return session.symptomReproduced ? 'reproduced' : 'not reproduced';
}

/** Wrapped text with `first` before its first line and `rest` before the others. */
function indented(text: string, width: number, first: string, rest: string): string[] {
  return wrapWords(text, width - first.length, width - rest.length).map((line, i) => (i === 0 ? first : rest) + line);
}
