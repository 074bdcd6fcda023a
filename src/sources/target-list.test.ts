import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSourceError } from './sourced-target.js';
import { targetsFromArgs, targetsFromList } from './target-list.js';

const fixture = readFileSync(new URL('./fixtures/targets.txt', import.meta.url), 'utf8');

describe('targetsFromList', () => {
  it('takes one target a line with its line, skipping blanks and comments, hiding credentials in the input', () => {
    const result = targetsFromList(fixture, 'targets.txt');
    expect(result).toEqual({
      notes: [],
      targets: [
        ['https://payments.internal.example:8443/health', 2],
        ['postgres://checkout:list-secret@127.0.0.1:5432/checkout', 3],
        ['redis://localhost:6379', 4],
        ['localhost:8080', 6],
        ['[::1]:9000', 7],
        ['http://localhost:3000/#/dashboard', 8],
        ['10.0.0.5', 9],
      ].map(([raw, line]) => ({
        input: String(raw).replace('checkout:list-secret@', '***@'),
        raw,
        source: { kind: 'list', file: 'targets.txt', line },
      })),
    });
    expect(JSON.stringify('targets' in result && result.targets.map((t) => t.input))).not.toContain('list-secret');
  });

  it('reads stdin (named -), CRLF line ends and a byte-order mark alike', () => {
    const result = targetsFromList(`\uFEFFlocalhost:1\r\n\r\nlocalhost:2\r\n`, '-');
    expect(result).toEqual({
      notes: [],
      targets: [
        { input: 'localhost:1', raw: 'localhost:1', source: { kind: 'list', file: '-', line: 1 } },
        { input: 'localhost:2', raw: 'localhost:2', source: { kind: 'list', file: '-', line: 3 } },
      ],
    });
  });

  it('refuses a line with two words, naming the file and line, without quoting it', () => {
    const result = targetsFromList('localhost:1\nredis://:pw-in-line@localhost:6379 localhost:2\n', 'targets.txt');
    expect(result).toEqual({
      error: {
        file: 'targets.txt',
        line: 2,
        message: 'holds more than one word: one target a line (a comment starts with #)',
      },
    });
    expect('error' in result && formatSourceError(result.error)).toBe(
      'targets.txt:2: holds more than one word: one target a line (a comment starts with #)',
    );
    expect(JSON.stringify(result)).not.toContain('pw-in-line');
  });

  it('refuses a control character', () => {
    expect(targetsFromList('localhost:1\u0007\n', 't.txt')).toEqual({
      error: { file: 't.txt', line: 1, message: 'holds a control character: one target a line, as text' },
    });
  });
});

describe('targetsFromArgs', () => {
  it('keeps the command line order and hides credentials in the input', () => {
    expect(targetsFromArgs(['mysql://root:arg-pw@127.0.0.1:3306', 'localhost:80'])).toEqual([
      { input: 'mysql://***@127.0.0.1:3306', raw: 'mysql://root:arg-pw@127.0.0.1:3306', source: { kind: 'arg' } },
      { input: 'localhost:80', raw: 'localhost:80', source: { kind: 'arg' } },
    ]);
  });
});
