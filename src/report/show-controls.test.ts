import { describe, expect, it } from 'vitest';
import { showControls } from './show-controls.js';

describe('showControls', () => {
  it.each([
    ['\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['line\r\nnext\tcol', 'line\\r\\nnext\\tcol'],
    ['nul\u0000 bel\u0007 del\u007f', 'nul\\x00 bel\\x07 del\\x7f'],
    ['c1 csi \u009b2J', 'c1 csi \\x9b2J'],
    ['bidi \u202eevil\u202c and \u2066iso\u2069', 'bidi \\u202eevil\\u202c and \\u2066iso\\u2069'],
    ['sep\u2028para\u2029', 'sep\\u2028para\\u2029'],
    ['marks \u200e\u200f\u061c', 'marks \\u200e\\u200f\\u061c'],
  ])('makes %j visible', (input, shown) => {
    expect(showControls(input)).toBe(shown);
  });

  it('leaves printable text, accents, symbols and emoji alone', () => {
    const text = 'café ✓ ✗ → 日本語 🙂 "quotes" \\ back';
    expect(showControls(text)).toBe(text);
  });

  it('passes text already made visible upstream through unchanged, so a second pass never doubles it', () => {
    const visible = 'SSH-2.0-OpenSSH_9.2\\r\\n \\x1b[31m C:\\path';
    expect(showControls(visible)).toBe(visible);
    expect(showControls(showControls('a\x1bb'))).toBe(showControls('a\x1bb'));
  });
});
