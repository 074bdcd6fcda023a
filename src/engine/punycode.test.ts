import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePunycode } from './punycode.js';

describe('decodePunycode', () => {
  it.each([
    // RFC 3492 §7.1 samples (B), (A), (L) and (S), then labels seen in real names.
    ['ihqwcrb4cv8a8dqg056pqjye', '他们为什么不说中文'],
    ['egbpdaj6bu4bxfgehfvwxn', 'ليهمابتكلموشعربي؟'],
    ['3B-ww4c5e180e575a65lsy2b', '3年B組金八先生'],
    ['-> $1.00 <--', '-> $1.00 <-'],
    ['bcher-kva', 'bücher'],
    ['Mnchen-3ya', 'München'],
    ['ls8h', '💩'],
    ['55qx5d', '公司'],
    ['a', '\u0080'],
    ['', ''],
  ])('decodes %j to %j', (input, decoded) => {
    expect(decodePunycode(input)).toBe(decoded);
  });

  it.each([
    ['zz', 'ends in the middle of a number'],
    ['-a', 'a lone delimiter, then a digit-less character'],
    ['bcher-kv!', 'a character that is no Punycode digit'],
    ['bücher-kva', 'a non-ASCII basic part'],
    ['99999999999999', 'a number past any code point'],
    ['99999999', 'a code point past U+10FFFF'],
  ])('refuses %j (%s)', (input) => {
    expect(decodePunycode(input)).toBeNull();
  });

  it("reads back every label the runtime's IDNA encoder writes", () => {
    const names = [
      'bücher',
      'münchen',
      'ß',
      '日本語',
      'ελληνικά',
      'россия',
      'مثال',
      'उदाहरण',
      'テスト',
      '한국',
      'a-ü-b',
      '💩',
    ];
    for (const name of names) {
      const label = domainToASCII(name);
      expect(label.startsWith('xn--'), label).toBe(true);
      expect(decodePunycode(label.slice(4))).toBe(name.normalize('NFC'));
    }
  });
});
