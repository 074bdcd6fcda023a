/** A variable's assignment in a dotenv file: its name, the 1-based line it starts on and how its value is quoted. */
export interface EnvAssignment {
  name: string;
  line: number;
  quote: '"' | "'" | '`' | null;
}

/** Same line breaks as dotenv's parser: CRLF, LF and a lone CR. */
const LINE_BREAK = /\r\n?|\n/;
/** `NAME=value`, `export NAME=value`, `NAME: value`: the names dotenv accepts (`[\w.-]+`). */
const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s|:$)\s*(.?)/;
/** A name alone, which Docker's env files use to pass a variable through: valid, never a target. */
const BARE_NAME = /^\s*(?:export\s+)?[\w.-]+\s*$/;

/**
 * Where each variable of a dotenv file is assigned (the last assignment wins, as in dotenv), or the first line that
 * is no assignment, comment or blank, or a quote that never closes. dotenv's own parser skips such lines in silence;
 * a tool that says which connections a file names must say instead that it could not read one.
 */
export function scanEnvLines(
  text: string,
): { assignments: Map<string, EnvAssignment> } | { line: number; message: string } {
  const lines = text.replace(/^\uFEFF/, '').split(LINE_BREAK);
  const assignments = new Map<string, EnvAssignment>();
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^\s*(?:#|$)/.test(line)) continue;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      if (BARE_NAME.test(line)) continue;
      return { line: index + 1, message: 'not a NAME=value line (nor a comment)' };
    }
    const name = match[1]!;
    const opening = match[2]!;
    const quote = opening === '"' || opening === "'" || opening === '`' ? opening : null;
    assignments.delete(name);
    assignments.set(name, { name, line: index + 1, quote });
    if (quote === null) continue;
    // A quoted value may run over several lines; it ends at the first unescaped closing quote.
    const valueStart = match.index + match[0].length;
    let rest = line.slice(valueStart);
    let end = index;
    while (!closes(rest, quote)) {
      end++;
      if (end >= lines.length) {
        return { line: index + 1, message: `the ${quote} quote opened here for ${name} is never closed` };
      }
      rest = lines[end]!;
    }
    index = end;
  }
  return { assignments };
}

function closes(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return true;
  }
  return false;
}
