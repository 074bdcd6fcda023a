import type { SourceResult, SourcedTarget } from './sourced-target.js';
import { redactTarget } from '../shared/redact-secrets.js';

/**
 * A `--targets` file (or stdin): one target a line, in any form the command line takes. Blank lines and `#`
 * comments are skipped, as is a comment after the target (` # web`, after a space: a `#` inside a URL is its
 * fragment). A line with two words is an error rather than a guess at which one was meant.
 */
export function targetsFromList(text: string, fileName: string): SourceResult {
  const targets: SourcedTarget[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  for (const [index, line] of lines.entries()) {
    const entry = line.replace(/(?:^|\s)#.*$/, '').trim();
    if (entry === '') continue;
    const where = { file: fileName, line: index + 1 };
    if (/[\u0000-\u001f\u007f]/.test(entry)) {
      return { error: { ...where, message: 'holds a control character: one target a line, as text' } };
    }
    if (/\s/.test(entry)) {
      return { error: { ...where, message: 'holds more than one word: one target a line (a comment starts with #)' } };
    }
    targets.push({ input: redactTarget(entry), raw: entry, source: { kind: 'list', ...where } });
  }
  return { targets, notes: [] };
}

/** Targets given on the command line, in order. */
export function targetsFromArgs(args: readonly string[]): SourcedTarget[] {
  return args.map((arg) => ({ input: redactTarget(arg), raw: arg, source: { kind: 'arg' } }));
}
