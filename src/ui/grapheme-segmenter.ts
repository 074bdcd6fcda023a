/**
 * Grapheme clusters as `Intl.Segmenter` finds them, without building one for the text the app draws most: the
 * first `Intl.Segmenter` of a process sets up ICU's locale data, ~10–25 ms measured on the main thread, and Ink's
 * output and slice-ansi each built one as their modules loaded, on the way to the first frame. The UI bundle gives
 * them this object instead (scripts/build.mjs), and terminal-width.ts uses it too.
 *
 * A text made only of the characters below is cut into single characters: each of them has the grapheme cluster
 * break property Other or Control (UAX #29), and between two such characters there is always a boundary (no CR,
 * LF, Extend, ZWJ, SpacingMark, Prepend, regional indicator or Hangul jamo among them). Every other text goes to
 * a real `Intl.Segmenter`, built the first time one is needed. grapheme-segmenter.test.ts checks each character
 * of the set against `Intl.Segmenter` itself.
 */
const simpleText =
  /^[\x1b\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u2010-\u2027\u2030-\u205e\u2190-\u23ff\u2500-\u27bf\u2800-\u28ff]*$/;

/** The part of `Intl.Segments` its users here call: iteration, and `containing` (slice-ansi). */
export interface GraphemeSegments extends Iterable<Intl.SegmentData> {
  containing(codeUnitIndex?: number): Intl.SegmentData | undefined;
}

/** One segment per UTF-16 code unit: every character of `simpleText` is one code unit and one cluster. */
class SingleCharacterSegments implements GraphemeSegments {
  constructor(private readonly input: string) {}

  containing(codeUnitIndex?: number): Intl.SegmentData | undefined {
    // As Intl's: the index made an integer (none or NaN is 0), and no segment outside the text.
    const index = Math.trunc(Number(codeUnitIndex)) || 0;
    if (index < 0 || index >= this.input.length) return undefined;
    return { segment: this.input[index]!, index, input: this.input };
  }

  *[Symbol.iterator](): Iterator<Intl.SegmentData> {
    for (let index = 0; index < this.input.length; index++)
      yield { segment: this.input[index]!, index, input: this.input };
  }
}

let segmenter: Intl.Segmenter | undefined;

/** A stand-in for `new Intl.Segmenter(undefined, { granularity: 'grapheme' })`, for its `segment` method. */
export const graphemeSegmenter = {
  segment(input: string): GraphemeSegments {
    const text = String(input);
    if (simpleText.test(text)) return new SingleCharacterSegments(text);
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return segmenter.segment(text);
  },
};
