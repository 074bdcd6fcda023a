/** The arguments for `tasklist`: every process, as CSV without a heading. */
export const tasklistArgs: readonly string[] = ['/FO', 'CSV', '/NH'];

/**
 * Process names by pid from `tasklist /FO CSV /NH`: `"svchost.exe","1052","Services","0","12,344 K"`. Only the
 * first two fields are read; the others (memory with its thousands separator) are localised. Windows file names
 * cannot hold a `"`, so no field needs unescaping.
 */
export function parseTasklist(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^"([^"]*)","(\d+)"/.exec(line);
    if (match !== null) names.set(Number(match[2]), match[1]!);
  }
  return names;
}
