/**
 * Punycode decoding (RFC 3492), for checking the `xn--` labels of a host name ourselves: Node's own check differs
 * between versions (Node 24's URL parser, ada 4, no longer decodes an ASCII `xn--` label at all). The decoder is
 * the userland `punycode` package, bundled; Node's own `punycode` module is deprecated (DEP0040). Its ES-module
 * file keeps esbuild from taking the package's name for that built-in, and lets it bundle `decode` alone (every
 * bundle holding the engine carries a copy).
 */
import { decode } from 'punycode/punycode.es6.js';

/** The Unicode text a Punycode string (without its `xn--`) encodes, or null when it is not valid Punycode. */
export function decodePunycode(input: string): string | null {
  try {
    return decode(input);
  } catch {
    // RangeError: not a Punycode digit, a non-ASCII basic part, an overflow, or a code point past U+10FFFF.
    return null;
  }
}
