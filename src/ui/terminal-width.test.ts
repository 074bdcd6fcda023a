import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import terminalWidth from './terminal-width.js';

// terminal-width stands in for string-width inside the UI bundle, so it must give the same number for every
// input Ink can hand it: checked against string-width itself, code point by code point and on sequences.

type Options = { ambiguousIsNarrow?: boolean };

const differs = (text: string, options?: Options) => terminalWidth(text, options) !== stringWidth(text, options);
/** Texts measured one by one: ANSI stripping and CR LF reach across a line feed; printable ASCII has a path of its own. */
const measuredAlone = (text: string) => /[\r\u001b\u009b]|^[\x20-\x7e]*$/.test(text);
const GROUP = 32;

/**
 * The groups texts are measured in, each text in two of them: with its neighbours (GROUP in a row), and in tiles of
 * GROUP × GROUP texts transposed, so that no two texts share both their groups.
 */
function groupsOf(texts: readonly string[]): string[][] {
  const groups: string[][] = [];
  for (let i = 0; i < texts.length; i += GROUP) groups.push(texts.slice(i, i + GROUP));
  for (let tile = 0; tile < texts.length; tile += GROUP * GROUP) {
    const end = Math.min(tile + GROUP * GROUP, texts.length);
    for (let column = tile; column < Math.min(tile + GROUP, end); column++) {
      const group: string[] = [];
      for (let i = column; i < end; i += GROUP) group.push(texts[i]!);
      groups.push(group);
    }
  }
  return groups;
}

/**
 * Every text whose width differs, as hex, for a readable failure. Each text is held to string-width exactly, though
 * not in a call of its own: Intl.Segmenter costs ~15 µs to set up per call, which made this file take 25 s. Texts
 * are joined by line feeds into groups instead. A grapheme cluster never spans a line feed (UAX #29 GB4, GB5) and
 * both functions give one no column, so a group's width is the sum of its texts' widths, each cluster measured as
 * it would be alone (the first test below checks this of string-width). A group whose width differs is measured
 * text by text to name the culprits. A wrong width could pass in a group's sum only behind an opposite error in
 * the same group, and no two texts share both their groups (groupsOf).
 */
function mismatches(texts: Iterable<string>, options?: Options): string[] {
  const wrong = new Set<string>();
  const joinable: string[] = [];
  for (const text of texts) {
    if (!measuredAlone(text)) joinable.push(text);
    else if (differs(text, options)) wrong.add(text);
  }
  for (const group of groupsOf(joinable)) {
    if (differs(group.join('\n'), options)) for (const text of group) if (differs(text, options)) wrong.add(text);
  }
  return [...wrong].map((text) => [...text].map((c) => c.codePointAt(0)!.toString(16)).join(' '));
}

/**
 * Every code point of the planes that hold characters (0–3, and 14 with its tags and variation selectors) and
 * of the BMP alone when `bmpOnly`; one in 61 of the rest (unassigned planes, private use).
 */
function* codePoints(bmpOnly = false): Generator<string> {
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    const plane = codePoint >> 16;
    const whole = bmpOnly ? plane === 0 : plane <= 3 || plane === 14;
    if (whole || codePoint % 61 === 0) yield String.fromCodePoint(codePoint);
  }
}

describe('terminalWidth', () => {
  it('is measured in groups: joined by line feeds, texts keep the widths string-width gives them alone', () => {
    const samples = [
      ...'a字✓ｶﾞ\u0301\u200d\ufe0f\u1100\u1161👍🏽🇫🇷❤\u0e33\t\u0000\ud800\udc00',
      'a\u0301',
      '\u1100\u1161',
    ];
    const groups = groupsOf(samples.flatMap((a) => samples.map((b) => a + b)));
    expect(groups.length).toBeGreaterThan(2);
    for (const group of groups) {
      expect(stringWidth(group.join('\n'))).toBe(group.reduce((sum, text) => sum + stringWidth(text), 0));
    }
  });

  it('measures every code point alone as string-width does, ambiguous ones narrow and wide', () => {
    expect(mismatches(codePoints())).toEqual([]);
    expect(mismatches(codePoints(true), { ambiguousIsNarrow: false })).toEqual([]);
  }, 60_000);

  it('measures every BMP code point after a letter and a Hangul leading jamo, and before a combining mark or an emoji selector', () => {
    const pairs: string[] = [];
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      const c = String.fromCharCode(codePoint);
      pairs.push(`a${c}`, `\u1100${c}`, `${c}\u0301`, `${c}\ufe0f`);
    }
    expect(mismatches(pairs)).toEqual([]);
  }, 60_000);

  it('measures emoji sequences, RGI or not, as string-width does', () => {
    const sequences = [
      '👨‍👩‍👧‍👦', // family: a ZWJ sequence in the RGI list
      '🧑‍🦰‍🐈', // ZWJ sequence of pictographs that is not in the list
      '🇫🇷',
      '🇦',
      '🇦🇦🇦', // a flag, a lone regional indicator, an odd run
      '1️⃣',
      '1⃣',
      '#⃣', // keycaps, qualified and bare
      '👍🏽',
      '🏽', // a skin-tone modifier sequence and the modifier alone
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿', // a tag sequence (Scotland)
      '❤️',
      '❤',
      '✔️',
      '✔',
      '⌚',
      '⌚︎', // text- and emoji-default symbols with and without selectors
    ];
    expect(mismatches(sequences)).toEqual([]);
  });

  it('measures scripts that build clusters as string-width does', () => {
    const texts = [
      '\u1100\u1161\u11a8',
      '\u1100\u1161',
      '\u1100\u1100\u1161',
      '\u1161\u11a8',
      '\u1100a', // Hangul jamo runs
      '각\u11a8', // a precomposed syllable followed by a trailing jamo
      'ｶﾞ',
      'ｶﾟｰ', // half-width katakana with (semi-)voiced sound marks
      'क्षि',
      'नमस्ते',
      'ที่',
      'กำ', // Devanagari conjuncts, Thai marks and SARA AM
      'e\u0301\u0327',
      '\u0301', // combining marks, and one alone
      'a\r\nb',
      'a\tb',
      '\u200b',
      '\u00ad',
      '\u2060', // CR LF, tab, zero-width and soft hyphen
      '\ud800',
      'a\udc00b', // lone surrogates
    ];
    expect(mismatches(texts)).toEqual([]);
  });

  it('skips ANSI escapes unless asked to count them, as string-width does', () => {
    const texts = ['\u001b[31m✓ ok\u001b[39m', '\u001b]8;;http://127.0.0.1/\u0007link\u001b]8;;\u0007', '\u009b31m字'];
    expect(mismatches(texts)).toEqual([]);
    for (const text of texts)
      expect(terminalWidth(text, { countAnsiEscapeCodes: true })).toBe(
        stringWidth(text, { countAnsiEscapeCodes: true }),
      );
  });

  it('agrees with string-width on random text drawn from every kind of character above', () => {
    const pool = [...'a 字✓✗•—→─│┌ｶﾞ\u0301\u200d\ufe0f\u20e3\u1100\u1161\u11a8👍🏽🇫🇷❤✔⌚ก\u0e33\u0e48क्\t\r\n\u001b[1m'];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const texts = Array.from({ length: 20_000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 8) }, () => pool[Math.floor(next() * pool.length)]).join(''),
    );
    expect(mismatches(texts)).toEqual([]);
  });

  it('gives 0 for an empty string or a value that is not a string', () => {
    expect(terminalWidth('')).toBe(0);
    expect(terminalWidth(undefined)).toBe(0);
    expect(terminalWidth(42)).toBe(0);
  });
});
