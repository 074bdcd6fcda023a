/**
 * Characters past ASCII's own controls that can still drive a terminal or hide text: DEL, C1 controls
 * (U+009B is a one-character CSI on some terminals), and the marks, overrides, isolates and separators that
 * reorder or break what the reader sees ("Trojan Source"): the same set as the probes' `visibleText`.
 * A regex class body, so `stringifyJson` escapes exactly these too.
 */
export const hazardsBeyondC0 = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';

/** Every hazard: the C0 controls (ESC starts every ANSI sequence) and the rest. */
const hazardous = new RegExp(`[\\u0000-\\u001f${hazardsBeyondC0}]`, 'g');

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text made safe to print: every hazardous character written out as a visible escape (`\x1b`, `\r`,
 * `\u202e`), so no text in a report or summary can move the cursor, recolour the terminal or break a line.
 * Unlike the probes' `visibleText` it leaves `\` alone and cuts nothing: most text reaching a report was made
 * visible and bounded upstream already, and a second pass must not turn its `\r` into `\\r`.
 */
export function showControls(text: string): string {
  return text.replace(hazardous, (char) => named[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
