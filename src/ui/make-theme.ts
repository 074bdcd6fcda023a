// The theme without React, so that the CLI can paint with it before the UI bundle has loaded.

/** The colours the screens use: few, so that a colour always means the same thing. */
export type ColorName = 'green' | 'red' | 'yellow' | 'cyan' | 'blue' | 'gray';

/** How the screens draw: with or without colour, with Unicode marks or ASCII ones. */
export interface Theme {
  /** The colour for `<Text color>`, or undefined when colours are off, so every colour falls back at once. */
  color(name: ColorName): ColorName | undefined;
  ascii: boolean;
  marks: {
    pass: string;
    fail: string;
    info: string;
    pointer: string;
    bullet: string;
    arrow: string;
    /** Between the parts of the header line. */
    separator: string;
    upDown: string;
    ellipsis: string;
  };
  /** An ink-spinner (cli-spinners) name: `line` draws with `- \ | /` only. */
  spinner: 'dots' | 'line';
}

const unicodeMarks: Theme['marks'] = {
  pass: '✓',
  fail: '✗',
  info: '•',
  pointer: '❯',
  bullet: '•',
  arrow: '→',
  separator: '·',
  upDown: '↑↓',
  ellipsis: '…',
};
const asciiMarks: Theme['marks'] = {
  pass: '+',
  fail: 'x',
  info: '-',
  pointer: '>',
  bullet: '*',
  arrow: '>',
  separator: '|',
  upDown: 'up/down',
  ellipsis: '...',
};

/** `color: false` is the caller's decision (`--no-color`, `NO_COLOR`, not a TTY); this module never looks. */
export function makeTheme(options: { color: boolean; ascii: boolean }): Theme {
  return {
    color: (name) => (options.color ? name : undefined),
    ascii: options.ascii,
    marks: options.ascii ? asciiMarks : unicodeMarks,
    spinner: options.ascii ? 'line' : 'dots',
  };
}
