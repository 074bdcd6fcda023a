import type { UntrustedBytes } from './untrusted-bytes.js';

/** How many leading bytes the hex dump shows. */
const HEX_BYTES = 32;

/**
 * Code points that reorder or break the text around them on screen (bidi embeddings, overrides, isolates and
 * marks, line and paragraph separators): a peer could use them to make a banner read as something else.
 */
const INVISIBLE_FORMATTING = new Set([
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/**
 * Renders bytes from the network so they can be shown anywhere: printable ASCII as is, `\r` `\n` `\t` and `\\`
 * escaped, every other byte (controls, ESC, DEL, anything ≥ 0x80) as `\xHH`. Bytes are not decoded as UTF-8,
 * so a multi-byte character shows as its bytes: the point is to show what was sent, not to prettify it.
 */
export function visibleBytes(data: Uint8Array, maxBytes = 256): UntrustedBytes {
  let text = '';
  const shown = Math.min(data.length, Math.max(0, maxBytes));
  for (let i = 0; i < shown; i++) {
    const byte = data[i]!;
    text += byte < 0x80 ? escapeCodePoint(byte) : hexEscape(byte);
  }
  const hex = Array.from(data.subarray(0, HEX_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return { text, hex, length: data.length };
}

/**
 * The bytes `visibleBytes` rendered as `text`, back: for a reader that parses a reply kept only in its visible form
 * (an SSH banner identification read). Null when the text is not such a rendering (an escape it never writes).
 */
export function bytesOfVisible(text: string): Buffer | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x5c) {
      if (code < 0x20 || code > 0x7e) return null;
      bytes.push(code);
      continue;
    }
    const next = text[i + 1];
    const escaped = next === '\\' ? 0x5c : next === 'r' ? 0x0d : next === 'n' ? 0x0a : next === 't' ? 0x09 : null;
    if (escaped !== null) {
      bytes.push(escaped);
      i++;
      continue;
    }
    const hex = next === 'x' ? /^[0-9a-f]{2}$/.exec(text.slice(i + 2, i + 4)) : null;
    if (!hex) return null;
    bytes.push(Number.parseInt(hex[0], 16));
    i += 3;
  }
  return Buffer.from(bytes);
}

/**
 * The same escaping for text that is already a string (a decoded name, a certificate subject), by code point:
 * C0 and C1 controls, ESC and DEL as `\xHH`, bidi controls, separators and lone surrogates as `\uHHHH`; other
 * characters, non-ASCII letters included, are kept. Past `maxChars` code points the rest is cut and `…` added.
 */
export function visibleText(s: string, maxChars = 256): string {
  let out = '';
  let count = 0;
  for (const char of s) {
    if (count === maxChars) return `${out}…`;
    out += escapeCodePoint(char.codePointAt(0)!);
    count++;
  }
  return out;
}

function escapeCodePoint(code: number): string {
  switch (code) {
    case 0x5c:
      return '\\\\';
    case 0x0d:
      return '\\r';
    case 0x0a:
      return '\\n';
    case 0x09:
      return '\\t';
  }
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return hexEscape(code);
  // A lone surrogate (from a malformed string) would make the output itself malformed UTF-16.
  if (INVISIBLE_FORMATTING.has(code) || (code >= 0xd800 && code <= 0xdfff)) {
    return `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return String.fromCodePoint(code);
}

function hexEscape(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}
