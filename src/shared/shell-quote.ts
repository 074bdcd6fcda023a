/** Single-quotes for a POSIX shell, only when needed: a value pasted into a command line stays one argument. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
