import { showControls } from './show-controls.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML that shows exactly that text, safe in element content and in quoted attribute values: the
 * five characters HTML gives meaning escaped, and control characters (ESC, CR, bidi overrides …) written
 * out visibly, since a browser would hide them or let them reorder what the reader sees. Every string from
 * a session goes through here: targets, banners and headers are the peer's or the user's choice.
 */
export function escapeHtml(text: string): string {
  return showControls(text).replace(/[&<>"']/g, (char) => entities[char]!);
}

/**
 * Text in which backtick spans mark commands, the convention of verdicts' next steps
 * ("See what listens: `ss -ltnp`"): each span becomes `<code>`, everything is escaped.
 */
export function escapeHtmlKeepingCode(text: string): string {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

/** Multi-line text (the raw JSON) for a `<pre>`: line breaks kept, everything else as `escapeHtml`. */
export function escapeHtmlBlock(text: string): string {
  return text.split('\n').map(escapeHtml).join('\n');
}
