import { describe, expect, it } from 'vitest';
import { bytesOfVisible, visibleBytes, visibleText } from './visible-bytes.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('visibleBytes', () => {
  it('keeps printable ASCII and names the usual whitespace escapes', () => {
    expect(visibleBytes(bytes('SSH-2.0-OpenSSH_9.2p1\r\n\tx')).text).toBe('SSH-2.0-OpenSSH_9.2p1\\r\\n\\tx');
  });

  it('writes an ANSI escape sequence out instead of passing ESC through', () => {
    const result = visibleBytes(bytes('ok\x1b[2J\x1b]0;pwned\x07'));
    expect(result.text).toBe('ok\\x1b[2J\\x1b]0;pwned\\x07');
    expect(result.text).not.toContain('\x1b');
  });

  it('escapes a backslash so an escaped byte and the literal text differ', () => {
    expect(visibleBytes(bytes('\\x1b')).text).toBe('\\\\x1b');
    expect(visibleBytes(bytes('\x1b')).text).toBe('\\x1b');
  });

  it('shows NUL, DEL and every byte at or above 0x80 as hex, without decoding UTF-8', () => {
    expect(visibleBytes(Uint8Array.from([0x00, 0x7f, 0x80, 0x9b, 0xff])).text).toBe('\\x00\\x7f\\x80\\x9b\\xff');
    // U+202E RIGHT-TO-LEFT OVERRIDE in UTF-8: inert as bytes.
    expect(visibleBytes(Buffer.from('a\u202eb', 'utf8')).text).toBe('a\\xe2\\x80\\xaeb');
  });

  it('bounds the text, dumps the first 32 bytes as hex and counts them all', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => 0x41 + (i % 26));
    const result = visibleBytes(data, 10);
    expect(result.text).toBe('ABCDEFGHIJ');
    expect(result.length).toBe(1000);
    expect(result.hex.split(' ')).toHaveLength(32);
    expect(result.hex.startsWith('41 42 43')).toBe(true);
  });

  it('renders nothing for no bytes', () => {
    expect(visibleBytes(new Uint8Array(0))).toEqual({ text: '', hex: '', length: 0 });
  });
});

describe('visibleText', () => {
  it('makes bidi overrides and isolates visible so they cannot reorder the line', () => {
    const spoof = 'invoice\u202Egnp.exe';
    expect(visibleText(spoof)).toBe('invoice\\u202egnp.exe');
    expect(visibleText('\u2066x\u2069')).toBe('\\u2066x\\u2069');
  });

  it('escapes C0 and C1 controls, ESC and DEL but keeps non-ASCII letters', () => {
    expect(visibleText('caf\u00e9 \u65e5\u672c \x1b[31mred\x7f\u0085')).toBe(
      'caf\u00e9 \u65e5\u672c \\x1b[31mred\\x7f\\x85',
    );
  });

  it('counts code points, so an astral character is never split', () => {
    expect(visibleText('\u{1F600}\u{1F600}\u{1F600}', 2)).toBe('\u{1F600}\u{1F600}…');
    expect(visibleText('abc', 3)).toBe('abc');
  });

  it('shows a lone surrogate as an escape instead of emitting malformed text', () => {
    expect(visibleText('a\ud800b')).toBe('a\\ud800b');
  });
});

describe('bytesOfVisible', () => {
  it('turns what visibleBytes shows back into the bytes, escapes and all', () => {
    const bytes = Buffer.from([...Buffer.from('SSH-2.0-x \\ \t'), 0x1b, 0x00, 0xff, 0x0d, 0x0a]);
    expect(bytesOfVisible(visibleBytes(bytes).text)).toEqual(bytes);
  });

  it('is null for text visibleBytes never writes', () => {
    expect(bytesOfVisible('caf\u00e9')).toBeNull();
    expect(bytesOfVisible('\\q')).toBeNull();
    expect(bytesOfVisible('\\x4')).toBeNull();
  });
});
