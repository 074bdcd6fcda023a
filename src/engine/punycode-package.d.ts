/** The userland `punycode` package by its file path (see punycode.ts); its API is the one @types/node gives `punycode`. */
declare module 'punycode/punycode.js' {
  export { decode } from 'punycode';
}
