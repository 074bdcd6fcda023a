/** The userland `punycode` package by its ES-module file path (see punycode.ts); its API is the one @types/node gives `punycode`. */
declare module 'punycode/punycode.es6.js' {
  export { decode } from 'punycode';
}
