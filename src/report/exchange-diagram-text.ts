import type { ExchangeArrow, ExchangeDiagram } from './exchange-diagram.js';
import { formatDuration } from './format-duration.js';
import { showControls } from './show-controls.js';
import { padColumns, wrapWords } from './wrap-words.js';

export interface DiagramTextOptions {
  /** `|`, `-->`, `<--` for terminals and logs that mangle box drawing. */
  ascii: boolean;
  /** Columns to fit in; never fewer than 40. */
  width: number;
}

const glyphSets = {
  unicode: { bar: '│', line: '─', right: '▶', left: '◀', wait: '…', broken: '✗' },
  ascii: { bar: '|', line: '-', right: '>', left: '<', wait: '...', broken: 'x' },
};
type Glyphs = (typeof glyphSets)['unicode'];

/** Before the client's lifeline: two spaces, the broken mark, a space. */
const gutter = 4;
/** `  ` and the longest figure `formatDuration` writes (`1000.00 s`). */
const timeColumn = 11;
/** Past this, longer arrows only make the eye travel. */
const maxLane = 48;

/**
 * The diagram as terminal lines: two lifelines, one arrow per line with its label on it (or on the lines
 * above when it does not fit), the time in a column on the right and `✗` left of where it broke.
 *
 *   client                              127.0.0.1:8080
 *     │ ── SYN ─────────────────────────────▶ │
 *   ✗ │ ◀──────────────────────────── RST ── │  0.29 ms
 */
export function renderExchangeDiagram(diagram: ExchangeDiagram, options: DiagramTextOptions): string[] {
  const width = Math.max(40, options.width);
  const glyphs = options.ascii ? glyphSets.ascii : glyphSets.unicode;
  // Between the bars: `│ ` + lane + ` │`.
  const lane = Math.min(maxLane, width - gutter - 4 - timeColumn);
  const blank = lifelines(glyphs, ' '.repeat(lane), false, null);
  return [...header(diagram, lane, width), blank, ...diagram.arrows.flatMap((a) => arrowLines(a, lane, glyphs)), blank];
}

/** The client's name over its lifeline, the server's ending over its own; on two lines when they don't fit. */
function header(diagram: ExchangeDiagram, lane: number, width: number): string[] {
  const client = showControls(diagram.client);
  const server = showControls(diagram.server);
  const rightEdge = gutter + lane + 4;
  const oneLine = 2 + columns(client) + 1 + columns(server);
  if (oneLine <= Math.max(rightEdge, width)) {
    return [`  ${padColumns(client, Math.max(columns(client) + 1, rightEdge - 2 - columns(server)))}${server}`];
  }
  const cut = cutTo(server, width - 2);
  return [`  ${client}`, `  ${' '.repeat(Math.max(0, rightEdge - 2 - columns(cut)))}${cut}`];
}

function arrowLines(arrow: ExchangeArrow, lane: number, glyphs: Glyphs): string[] {
  const label = showControls(arrow.label);
  const time = arrow.atMs === null || arrow.atMs === 0 ? null : formatDuration(arrow.atMs); // the SYN starts the clock
  const onWire =
    arrow.kind === 'packet' || arrow.kind === 'data' || (arrow.kind === 'error' && arrow.from === 'server');
  if (!onWire) {
    const lead = arrow.kind === 'silence' ? `${glyphs.wait} ` : '';
    const text = wrapWords(`${lead}${label}`, lane - 2, lane - 2 - lead.length);
    return text.map((line, i) => {
      const last = i === text.length - 1;
      const body = ` ${padColumns(i === 0 ? line : `${' '.repeat(lead.length)}${line}`, lane - 1)}`;
      return lifelines(glyphs, body, arrow.broken && i === 0, last ? time : null);
    });
  }
  const toServer = arrow.from === 'client';
  const fill = (n: number) => glyphs.line.repeat(Math.max(1, n));
  // `── LABEL ───▶`: two dashes, the label, at least one dash before the head.
  if (columns(label) <= lane - 6) {
    const rest = fill(lane - columns(label) - 5);
    const body = toServer ? `${fill(2)} ${label} ${rest}${glyphs.right}` : `${glyphs.left}${rest} ${label} ${fill(2)}`;
    return [lifelines(glyphs, body, arrow.broken, time)];
  }
  const text = wrapWords(label, lane - 4, lane - 4);
  const aligned = text.map((line) =>
    toServer ? `   ${padColumns(line, lane - 3)}` : `${padStart(line, lane - 3)}   `,
  );
  const above = aligned.map((line) => lifelines(glyphs, line, false, null));
  const bare = toServer ? `${fill(lane - 1)}${glyphs.right}` : `${glyphs.left}${fill(lane - 1)}`;
  return [...above, lifelines(glyphs, bare, arrow.broken, time)];
}

function lifelines(glyphs: Glyphs, body: string, broken: boolean, time: string | null): string {
  const mark = broken ? padColumns(glyphs.broken, 2) : '  ';
  const line = `  ${mark}${glyphs.bar} ${body} ${glyphs.bar}`;
  return time === null ? line : `${line}  ${time}`;
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - columns(text))) + text;
}

function cutTo(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text;
}

const columns = (text: string) => [...text].length;
