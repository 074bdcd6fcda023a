import { showControls } from './show-controls.js';

/**
 * Untrusted text as one line of inline Markdown that renders as exactly that text: no HTML, links,
 * emphasis, code or table cells of its own making. Safe in paragraphs, list items, headings and GFM table
 * cells. Line breaks and terminal escapes are shown as `\n`, `\x1b`, so a value can never end a table row.
 */
export function escapeMarkdown(text: string): string {
  return guardLineStart(escapeInline(text.trim()));
}

/**
 * Text in which backtick spans mark commands, the convention of verdicts' next steps
 * ("See what listens: `ss -ltnp`"): each span becomes a safe code span, the rest is escaped.
 */
export function escapeMarkdownKeepingCode(text: string): string {
  const parts = text.trim().split(/`([^`\n]+)`/);
  const rendered = parts.map((part, i) => (i % 2 === 1 ? markdownCode(part) : escapeInline(part)));
  return guardLineStart(rendered.join(''));
}

/**
 * Untrusted text as an inline code span (for commands and literal values): shown verbatim, never
 * interpreted. In a table cell pass `inTable`, so a `|` cannot split the cell.
 */
export function markdownCode(text: string, options?: { inTable: boolean }): string {
  const content = showControls(text);
  if (content.trim() === '') return escapeMarkdown(content);
  // A fence longer than any backtick run inside; padding keeps edge backticks from joining the fence,
  // and CommonMark strips exactly one space from each side when both are there.
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  const body = options?.inTable ? content.replace(/\|/g, '\\|') : content;
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block for multi-line untrusted text (e.g. JSON): the fence outgrows any run inside. */
export function markdownCodeBlock(text: string, language = ''): string {
  const content = text.split('\n').map(showControls).join('\n');
  const fence = '`'.repeat(Math.max(3, longestRun(content, '`') + 1));
  return `${fence}${language}\n${content}\n${fence}`;
}

function escapeInline(text: string): string {
  return (
    showControls(text)
      // `&` stops entity references, `<` HTML and autolinks, `[` `]` links, `|` table cells (GFM reads `\|`
      // inside a cell, code spans included), the rest emphasis, strikethrough, code and hard breaks.
      .replace(/[\\`*_~[\]<>|&]/g, '\\$&')
      // GFM turns bare `http://…`, `www.…` and `a@b.c` into links; an escaped character breaks the match.
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, (www) => `${www.slice(0, 3)}\\.`)
      .replace(/@/g, '\\@')
  );
}

/**
 * Block markers count only at the start of a line and only when followed by a space or the end: a
 * heading (`# `), a bullet (`- `, `+ `), a rule (`---`), an ordered item (`1. `). `127.0.0.1` stays as is.
 */
function guardLineStart(markdown: string): string {
  return markdown
    .replace(/^(?=#{1,6}(?:\s|$)|[+-](?:\s|$)|-\s*-\s*-)/, '\\')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
