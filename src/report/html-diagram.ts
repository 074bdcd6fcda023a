import type { ExchangeArrow, ExchangeDiagram } from './exchange-diagram.js';
import { formatDuration } from './format-duration.js';
import { escapeHtml } from './html-escape.js';

/**
 * The exchange diagram as HTML: two lifelines (the borders of each row's lane), an arrow per row drawn by
 * CSS (a bottom border and a triangle), its time in a column on the right. Plain HTML rather than SVG, so
 * long labels wrap on a phone, and a screen reader reads each row as a sentence.
 */
export function htmlExchangeDiagram(diagram: ExchangeDiagram): string {
  const names = `<span>${escapeHtml(diagram.client)}</span><span>${escapeHtml(diagram.server)}</span>`;
  const head = `<div class="seq-row seq-head"><div class="seq-lane">${names}</div></div>`;
  const rows = diagram.arrows.map((arrow) => row(arrow, diagram));
  const spacer = '<li class="seq-row" aria-hidden="true"><div class="seq-lane"></div></li>';
  return `<div class="seq">${head}<ol>${spacer}${rows.join('')}${spacer}</ol></div>`;
}

function row(arrow: ExchangeArrow, diagram: ExchangeDiagram): string {
  const time = arrow.atMs === null || arrow.atMs === 0 ? '' : formatDuration(arrow.atMs); // the SYN starts the clock
  const broken = arrow.broken ? ' broken' : '';
  const mark = arrow.broken ? '✗ ' : '';
  const message = `<div class="msg ${shapeOf(arrow)}">${spoken(arrow, diagram)}${mark}${escapeHtml(arrow.label)}</div>`;
  return `<li class="seq-row${broken}"><div class="seq-lane">${message}</div><div class="seq-time">${time}</div></li>`;
}

/** Which way the arrow points, or none: silence and notes are text between the lifelines. */
function shapeOf(arrow: ExchangeArrow): string {
  switch (arrow.kind) {
    case 'silence':
      return 'silence';
    case 'note':
      return 'note';
    case 'error':
      // A local failure sent nothing: it is said, not drawn.
      return arrow.from === 'server' ? 'to-client' : 'note';
    case 'packet':
    case 'data':
      return arrow.from === 'client' ? 'to-server' : 'to-client';
    default: {
      const unknown: never = arrow.kind;
      return String(unknown);
    }
  }
}

/** What the arrow's direction says to the eye, for a screen reader. */
function spoken(arrow: ExchangeArrow, diagram: ExchangeDiagram): string {
  if (shapeOf(arrow) !== 'to-server' && shapeOf(arrow) !== 'to-client') return '';
  const [from, to] = arrow.from === 'client' ? [diagram.client, diagram.server] : [diagram.server, diagram.client];
  return `<span class="vh">${escapeHtml(from)} to ${escapeHtml(to)}: </span>`;
}
