import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultNote, helpText } from '../src/cli/help-text.js';
import { optionLabel, optionTable } from '../src/cli/option-table.js';

// The README is the user's doc: its table of options must say what `--help` says, both being checked against
// the option table the parser is built from. An option added to the table but not to the README fails here.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's `| option | meaning |` table, as [label, meaning] rows; backticks and escapes dropped from the label. */
function readmeOptionRows(): [string, string][] {
  const table = readme.slice(readme.indexOf('| option | meaning |'));
  const rows = table.split('\n').slice(2);
  const end = rows.findIndex((row) => !row.startsWith('|'));
  return rows.slice(0, end).map((row) => {
    const [, label = '', meaning = ''] = row.split(/(?<!\\)\|/).map((cell) => cell.trim());
    // `\|` is a pipe inside a cell: `--targets <file\|->`.
    return [label.replace(/`/g, '').replace(/\\\|/g, '|'), meaning];
  });
}

describe("the README's options and --help", () => {
  const rows = readmeOptionRows();

  it('list the same options, in the same order, with the same values', () => {
    expect(rows.map(([label]) => label)).toEqual(optionTable.map(optionLabel));
  });

  it('give the same defaults', () => {
    for (const spec of optionTable) {
      const note = defaultNote(spec);
      if (note === '') continue;
      const row = rows.find(([label]) => label === optionLabel(spec));
      expect(row?.[1], optionLabel(spec)).toContain(`default ${spec.default}`);
      expect(helpText()).toContain(`${spec.help[0]}${note}`);
    }
  });

  it('--help has a line for every option, with its help beside it', () => {
    const help = helpText();
    for (const spec of optionTable) {
      expect(help).toMatch(new RegExp(`^  ${escapeRegExp(optionLabel(spec))} +${escapeRegExp(spec.help[0]!)}`, 'm'));
      for (const line of spec.help.slice(1)) expect(help).toContain(`\n${' '.repeat(25)}${line}\n`);
    }
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
