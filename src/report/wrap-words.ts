/**
 * Words laid out in lines of at most `firstWidth`, then `restWidth` columns. A word longer than a line (a
 * URL, a hex dump) is cut rather than left to overflow, except a command in backticks: it gets a line of its
 * own and may overflow it, because a line break pasted into a shell runs half a command. Columns are counted
 * in code points.
 */
export function wrapWords(text: string, firstWidth: number, restWidth: number): string[] {
  const lines: string[] = [];
  const room = () => Math.max(1, lines.length === 0 ? firstWidth : restWidth);
  let line: string[] = [];
  for (let word of unbreakable(text).map((w) => [...w])) {
    if (line.length > 0 && line.length + 1 + word.length > room()) {
      lines.push(line.join(''));
      line = [];
    }
    const command = word[0] === '`' && word.at(-1) === '`';
    while (!command && line.length === 0 && word.length > room()) {
      const cut = room();
      lines.push(word.slice(0, cut).join(''));
      word = word.slice(cut);
    }
    if (word.length > 0) line = line.length > 0 ? [...line, ' ', ...word] : word;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join(''));
  return lines;
}

/** Joins what must not be split. Callers wrap text `showControls` made visible, so no real NUL is left in it. */
const glue = '\u0000';

/**
 * Words split at spaces, except what must stay on one line: a number with its unit (`0.25 ms`), and a
 * command in backticks, so that it can be copied whole (unless it is longer than a line by itself).
 */
function unbreakable(text: string): string[] {
  return text
    .replace(/`[^`]+`/g, (code) => code.replaceAll(' ', glue))
    .replace(/(\d) (?=(?:ms|s|\u00b5s|bytes?|B|KiB|MiB)\b)/g, `$1${glue}`)
    .split(' ')
    .filter(Boolean)
    .map((word) => word.replaceAll(glue, ' '));
}

/** `text` padded with spaces to `columns` code points. */
export function padColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - [...text].length));
}
