import type { Session } from '../engine/session.js';
import type { PhaseDurations } from '../shared/phase-timings.js';
import { exchangeTimings, handshakeTimings } from './exchange-timings.js';
import { formatDuration } from './format-duration.js';
import { escapeHtml } from './html-escape.js';
import { stepMark } from './step-mark.js';

const marks = { pass: '✓', fail: '✗', info: '•' };

/**
 * The steps as a timeline: each with its mark, title, id, outcome and summary, and a bar placed where it ran
 * in the session (steps run one after another), as long as it took.
 */
export function stepsSection(session: Session): string {
  const total = session.steps.reduce((sum, step) => sum + Math.max(0, step.durationMs), 0);
  let start = 0;
  const items = session.steps.map((step) => {
    const mark = stepMark(step);
    const duration = Math.max(0, step.durationMs);
    const bar = barStyle(start, duration, total);
    start += duration;
    return [
      `<li class="step ${mark}">`,
      `<div class="step-head"><span class="mark" aria-hidden="true">${marks[mark]}</span>`,
      `<span class="step-title">${escapeHtml(step.title)}</span> <code>${escapeHtml(step.id)}</code>`,
      ` <span class="outcome">${escapeHtml(step.outcome)}</span>`,
      `<span class="step-dur">${formatDuration(step.durationMs)}</span></div>`,
      `<div class="track" aria-hidden="true"><div class="bar" style="${bar}"></div></div>`,
      `<p class="step-summary">${escapeHtml(step.summary)}</p></li>`,
    ].join('');
  });
  const body = items.length === 0 ? '<p class="muted">No step ran.</p>' : `<ol class="steps">${items.join('')}</ol>`;
  return `<section id="steps"><h2>Steps</h2>${body}</section>`;
}

/**
 * curl-style phases of the request/response exchange as a waterfall, each bar starting where the previous
 * phase ended, TLS included for https; for an https target whose handshake ended the diagnosis, the
 * handshake's phases instead. Empty when neither ran.
 */
export function waterfallSection(session: Session): string {
  const request = exchangeTimings(session);
  const timings = request ?? handshakeTimings(session);
  if (!timings) return '';
  const rows = phases(timings, request !== null).map(({ name, css, from, to }) => {
    const bar = `<div class="bar ${css}" style="${barStyle(from, to - from, timings.totalMs)}"></div>`;
    const track = `<div class="track" aria-hidden="true">${bar}</div>`;
    return `<span>${name}</span>${track}<span class="num">${formatDuration(to - from)}</span>`;
  });
  return [
    `<section id="timings"><h2>${request ? 'Request' : 'TLS handshake'} timings</h2>`,
    `<div class="waterfall">${rows.join('')}</div>`,
    `<p class="muted">${cumulative(timings)}</p></section>`,
  ].join('');
}

interface Phase {
  name: string;
  css: string;
  from: number;
  to: number;
}

/** Consecutive phases from the cumulative figures; a phase that did not happen is left out. */
function phases(timings: PhaseDurations, request: boolean): Phase[] {
  const ends: [string, string, number | null][] = [
    ['Name lookup', 'phase-dns', timings.dnsMs],
    ['TCP connect', 'phase-connect', timings.connectMs],
    ['TLS handshake', 'phase-tls', timings.tlsMs],
    ['Waiting for the first byte', 'phase-wait', timings.firstByteMs],
    [...tail(timings, request), timings.totalMs],
  ];
  const result: Phase[] = [];
  let from = 0;
  for (const [name, css, end] of ends) {
    if (end === null) continue;
    const to = Math.max(from, end);
    result.push({ name, css, from, to });
    from = to;
  }
  return result;
}

/** What the time after the last mark was. */
function tail(timings: PhaseDurations, request: boolean): [string, string] {
  // A TLS 1.3 client watches briefly after its handshake: a refused client certificate only shows then.
  if (!request)
    return timings.tlsMs === null ? ['Handshake, never finished', 'phase-wait'] : ['After the handshake', 'phase-wait'];
  // Without a first byte, what followed the connect was waiting that nothing answered.
  return timings.firstByteMs === null
    ? ['Waited, no response', 'phase-wait']
    : ['Reading the answer', 'phase-transfer'];
}

function cumulative(timings: PhaseDurations): string {
  const figures: [string, number | null][] = [
    ['name lookup', timings.dnsMs],
    ['connected', timings.connectMs],
    ['TLS done', timings.tlsMs],
    ['first byte', timings.firstByteMs],
    ['total', timings.totalMs],
  ];
  const shown = figures.flatMap(([name, ms]) => (ms === null ? [] : [`${name} ${formatDuration(ms)}`]));
  return `From the start, as <code>curl -w</code> counts them: ${shown.join(', ')}.`;
}

/** Inline geometry of a bar: where it starts and how wide it is, in % of the whole; a sliver stays visible. */
function barStyle(start: number, length: number, total: number): string {
  const pct = (ms: number) => (total > 0 ? Math.min(100, (ms / total) * 100) : 0).toFixed(2);
  return `margin-left:min(${pct(start)}%, calc(100% - 3px));width:${pct(length)}%`;
}
