import { describe, expect, it } from 'vitest';
import { padColumns, wrapWords } from './wrap-words.js';

describe('wrapWords', () => {
  it('breaks at spaces, within the first and then the other widths', () => {
    expect(wrapWords('one two three four five', 9, 5)).toEqual(['one two', 'three', 'four', 'five']);
  });

  it('cuts only a word longer than a whole line', () => {
    expect(wrapWords('see abcdefghijkl now', 5, 5)).toEqual(['see', 'abcde', 'fghij', 'kl', 'now']);
  });

  it('keeps a number with its unit and a command in backticks on one line', () => {
    expect(wrapWords('took 12.5 ms', 9, 9)).toEqual(['took', '12.5 ms']);
    expect(wrapWords('run `nc -vz host 80` now', 12, 20)).toEqual(['run', '`nc -vz host 80` now']);
  });

  it('never cuts a command in backticks, even one longer than a line: it overflows on a line of its own', () => {
    const command = '`sudo cp ca.pem /usr/local/share/ca-certificates/my-ca.crt && sudo update-ca-certificates`';
    expect(wrapWords(`Trust it: ${command} now`, 30, 30)).toEqual(['Trust it:', command, 'now']);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(wrapWords('🙂🙂🙂 ab', 6, 6)).toEqual(['🙂🙂🙂 ab']);
  });

  it('gives one empty line for empty text', () => {
    expect(wrapWords('', 10, 10)).toEqual(['']);
  });
});

describe('padColumns', () => {
  it('pads to a number of code points', () => {
    expect(padColumns('🙂a', 4)).toBe('🙂a  ');
    expect(padColumns('longer', 3)).toBe('longer');
  });
});
