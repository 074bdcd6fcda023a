import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';
import { graphemeSegmenter } from './grapheme-segmenter.js';

/**
 * How many terminal columns a string takes: the same numbers as string-width 8, which Ink measures and wraps
 * text with. The UI bundle points every `string-width` import here (scripts/build.mjs) for start-up time:
 * string-width builds a `^\p{RGI_Emoji}$` pattern as it loads, and V8 spends ~20 ms parsing it, ~20 ms on
 * its first match and ~6 ms more when the match tiers up: a fifth of the time to the first result frame, for
 * marks such as ✓ that are no emoji at all. Here a cluster of one code point is matched against
 * \p{Basic_Emoji}, the only part of RGI_Emoji made of single code points (about 1 ms to build), and the full
 * pattern is built the first time a longer cluster needs it. The tests hold this to string-width itself.
 */
export type WidthOptions = { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean };
type EastAsianOptions = { ambiguousAsWide: boolean };

/** Builds a value the first time it is asked for. */
function onFirstUse<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const printableAscii = /^[\x20-\x7e]*$/;
// Written as strings: the v flag is newer than the TypeScript target.
const visibleCharacter = onFirstUse(
  () =>
    new RegExp(
      '[^\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Nonspacing_Mark}\\p{Enclosing_Mark}\\p{Surrogate}]',
      'v',
    ),
);
const spacingMark = onFirstUse(() => new RegExp('\\p{Spacing_Mark}', 'v'));
const basicEmoji = onFirstUse(() => new RegExp('^\\p{Basic_Emoji}$', 'v'));
const rgiEmoji = onFirstUse(() => new RegExp('^\\p{RGI_Emoji}$', 'v'));
const extendedPictographic = onFirstUse(() => /\p{Extended_Pictographic}/gu);
const bareKeycap = /^[\d#*]\u20e3$/;

export default function terminalWidth(input: unknown, options: WidthOptions = {}): number {
  if (typeof input !== 'string' || input === '') return 0;
  const text =
    !options.countAnsiEscapeCodes && (input.includes('\u001b') || input.includes('\u009b')) ? stripAnsi(input) : input;
  if (printableAscii.test(text)) return text.length;
  const eastAsian: EastAsianOptions = { ambiguousAsWide: options.ambiguousIsNarrow === false };
  let columns = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) columns += clusterWidth(segment, eastAsian);
  return columns;
}

/** One grapheme cluster: what a terminal draws in one place. */
function clusterWidth(cluster: string, eastAsian: EastAsianOptions): number {
  // Clusters with nothing to draw (controls, format characters, lone marks) take no column; tabs included.
  const firstVisible = cluster.search(visibleCharacter());
  if (firstVisible === -1) return 0;
  if (isWideEmoji(cluster)) return 2;
  const visible = cluster.slice(firstVisible);
  const hangul = hangulJamoWidth(visible, eastAsian);
  if (hangul !== undefined) return hangul;
  return eastAsianWidth(visible.codePointAt(0)!, eastAsian) + widthOfMarksAfterBase(visible, eastAsian);
}

function isWideEmoji(cluster: string): boolean {
  const oneCodePoint = cluster.length === 1 || (cluster.length === 2 && cluster.codePointAt(0)! > 0xffff);
  if (oneCodePoint) return basicEmoji().test(cluster);
  return rgiEmoji().test(cluster) || isWideUnlistedEmoji(cluster);
}

/** Emoji sequences not in the RGI list that terminals still draw two columns wide. */
function isWideUnlistedEmoji(cluster: string): boolean {
  if (cluster.length > 50) return false;
  if (bareKeycap.test(cluster)) return true;
  if (!cluster.includes('\u200d')) return false;
  return (cluster.match(extendedPictographic())?.length ?? 0) >= 2;
}

const isLeadingJamo = (c: number) => (c >= 0x1100 && c <= 0x115f) || (c >= 0xa960 && c <= 0xa97c);
const isVowelJamo = (c: number | undefined) =>
  c !== undefined && ((c >= 0x1160 && c <= 0x11a7) || (c >= 0xd7b0 && c <= 0xd7c6));
const isTrailingJamo = (c: number | undefined) =>
  c !== undefined && ((c >= 0x11a8 && c <= 0x11ff) || (c >= 0xd7cb && c <= 0xd7fb));
const isJamo = (c: number) => isLeadingJamo(c) || isVowelJamo(c) || isTrailingJamo(c);

/**
 * A cluster that starts with Hangul jamo: each leading + vowel (+ trailing) run is one syllable two columns
 * wide; unpaired jamo add their own widths, as the terminals we aim at draw them. Undefined when the cluster
 * does not start with a jamo.
 */
function hangulJamoWidth(visible: string, eastAsian: EastAsianOptions): number | undefined {
  const codePoints = [...visible].filter((c) => visibleCharacter().test(c)).map((c) => c.codePointAt(0)!);
  if (codePoints.length === 0 || !isJamo(codePoints[0]!)) return undefined;
  let columns = 0;
  for (let i = 0; i < codePoints.length; i++) {
    const codePoint = codePoints[i]!;
    if (!isJamo(codePoint)) {
      for (const rest of codePoints.slice(i)) columns += eastAsianWidth(rest, eastAsian);
      return columns;
    }
    if (isLeadingJamo(codePoint) && isVowelJamo(codePoints[i + 1])) {
      columns += 2;
      i += isTrailingJamo(codePoints[i + 2]) ? 2 : 1;
    } else {
      columns += eastAsianWidth(codePoint, eastAsian);
    }
  }
  return columns;
}

/** Spacing marks and half/full-width forms after a cluster's base add their own columns (e.g. dakuten). */
function widthOfMarksAfterBase(visible: string, eastAsian: EastAsianOptions): number {
  let columns = 0;
  for (const character of [...visible].slice(1)) {
    const codePoint = character.codePointAt(0)!;
    if ((codePoint >= 0xff00 && codePoint <= 0xffef) || spacingMark().test(character))
      columns += eastAsianWidth(codePoint, eastAsian);
  }
  return columns;
}
