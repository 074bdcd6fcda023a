import { describe, expect, it } from 'vitest';
import { graphemeSegmenter } from './grapheme-segmenter.js';

// graphemeSegmenter stands in for Intl.Segmenter in the UI bundle (Ink's output, slice-ansi, terminal-width): it
// must cut every text exactly as Intl does, whether it takes its own path or Intl's.

const intl = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ours = (text: string) =>
  [...graphemeSegmenter.segment(text)].map(({ segment, index, input }) => ({ segment, index, input }));
const theirs = (text: string) =>
  [...intl.segment(text)].map(({ segment, index, input }) => ({ segment, index, input }));
const hex = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16)).join(' ');

/** Texts whose clusters differ from Intl's, as hex. */
const mismatches = (texts: Iterable<string>) =>
  [...texts].filter((t) => JSON.stringify(ours(t)) !== JSON.stringify(theirs(t))).map(hex);

describe('graphemeSegmenter', () => {
  it('cuts every character of the BMP as Intl does, next to itself, letters, ESC and a check mark', () => {
    // A character that joined its neighbour (Extend, ZWJ, SpacingMark, Prepend, a regional indicator, a jamo that
    // repeats) would be cut apart by a path that takes it for a cluster of its own.
    const texts: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      if (unit >= 0xd800 && unit <= 0xdfff) continue;
      const c = String.fromCharCode(unit);
      texts.push(`a${c}${c}a\u001b${c}\u2713${c}[`);
    }
    expect(mismatches(texts)).toEqual([]);
  });

  it('cuts what the app draws, and what joins, as Intl does', () => {
    expect(
      mismatches([
        '',
        '\u001b[1;36mconn-doctor\u001b[0m · 127.0.0.1:9 · ✓ open in 0.21 ms → ✗ refused … ─│┌┐└┘ ⠋⠙ ❯ ↑↓ ≥ – ’ — • ▶ ◀ ⇒ −',
        'a\r\nb',
        '\r\n\r\n',
        'e\u0301',
        '\u1100\u1161\u11a8',
        '\uac00\u11a8',
        '👩‍💻 🇫🇷 ✓\ufe0f 1\ufe0f\u20e3',
        'क्षि',
        'x\u200dy',
        '\u00ad\u00adx',
      ]),
    ).toEqual([]);
  });

  it('agrees with Intl on random texts of drawn characters and joining ones', () => {
    const pool = [
      ...'ab ✓✗·…─│⠋→\u001b[m',
      '\u0301',
      '\u200d',
      '\ufe0f',
      '\r',
      '\n',
      '🇫',
      '🇷',
      '👩',
      '\u1100',
      '\u1161',
      'ก',
      'ำ',
      '😀',
    ];
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const texts = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 12) }, () => pool[Math.floor(random() * pool.length)]).join(''),
    );
    expect(mismatches(texts)).toEqual([]);
  });

  it('finds the segment containing an index as Intl does, outside the text and for odd indexes too', () => {
    for (const text of ['✓ open', 'e\u0301x', '']) {
      const ourSegments = graphemeSegmenter.segment(text);
      const intlSegments = intl.segment(text);
      for (const index of [undefined, Number.NaN, -1, -0.5, 0, 0.7, 1, 2, 5, 6, 7, Number.POSITIVE_INFINITY]) {
        const expected = intlSegments.containing(index);
        const found = ourSegments.containing(index);
        expect(
          found && { segment: found.segment, index: found.index, input: found.input },
          `${text} @ ${index}`,
        ).toEqual(expected && { segment: expected.segment, index: expected.index, input: expected.input });
      }
    }
  });
});
