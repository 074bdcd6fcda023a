/** Backspace as terminals send it: DEL (most), or BS (Ctrl-H, some Windows terminals). */
const erase = /[\u007F\b]/;

/**
 * Text typed into a field, with the erase keys that came in the same read applied. Ink hands a read of several
 * keys to a text input as one string: three quick Backspaces arrive as "\x7F\x7F\x7F" and were inserted as
 * invisible characters instead of erasing. Each erase key here removes the character before it, which is where
 * the text input inserted the read (at its cursor).
 */
export function applyErases(text: string): string {
  if (!erase.test(text)) return text;
  const kept: string[] = [];
  for (const char of text) {
    if (erase.test(char)) kept.pop();
    else kept.push(char);
  }
  return kept.join('');
}

/** A TCP port as typed: digits only, 1 to 65535. */
export function portError(text: string): string | null {
  if (!/^\d+$/.test(text)) return 'a port is a number';
  const port = Number(text);
  return port >= 1 && port <= 65535 ? null : 'a port is between 1 and 65535';
}
