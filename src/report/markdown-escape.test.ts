import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMarkdownKeepingCode, markdownCode, markdownCodeBlock } from './markdown-escape.js';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words stay plain', 'plain words stay plain'],
    ['127.0.0.1:8080 refused (RST)', '127.0.0.1:8080 refused (RST)'],
    ['a | b', 'a \\| b'],
    ['run `rm -rf /`', 'run \\`rm -rf /\\`'],
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['[click](https://evil.example)', '\\[click\\](https\\://evil.example)'],
    ['see http://evil.example and www.evil.example', 'see http\\://evil.example and www\\.evil.example'],
    ['mail me@evil.example', 'mail me\\@evil.example'],
    ['&lt;b&gt; &#60;', '\\&lt;b\\&gt; \\&#60;'],
    ['*bold* _em_ ~~gone~~', '\\*bold\\* \\_em\\_ \\~\\~gone\\~\\~'],
    ['back\\slash', 'back\\\\slash'],
    ['# heading', '\\# heading'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['---', '\\---'],
    ['1. first', '1\\. first'],
    ['2) second', '2\\) second'],
    ['#hashtag and -flag', '#hashtag and -flag'],
    ['  padded  ', 'padded'],
  ])('escapes %j', (input, escaped) => {
    expect(escapeMarkdown(input)).toBe(escaped);
  });

  it('keeps every value on one line and shows terminal escapes', () => {
    const escaped = escapeMarkdown('one\ntwo\r\n\x1b[2Jthree');
    expect(escaped).toBe('one\\\\ntwo\\\\r\\\\n\\\\x1b\\[2Jthree');
    expect(escaped).not.toMatch(/[\n\r\x1b]/);
  });
});

describe('escapeMarkdownKeepingCode', () => {
  it('turns backtick spans into code spans and escapes the prose around them', () => {
    expect(escapeMarkdownKeepingCode('See who listens <here>: `ss -ltnp | grep :8080`')).toBe(
      'See who listens \\<here\\>: `ss -ltnp | grep :8080`',
    );
  });

  it('escapes an unpaired backtick as text', () => {
    expect(escapeMarkdownKeepingCode('odd ` tick')).toBe('odd \\` tick');
  });

  it('guards a leading list marker', () => {
    expect(escapeMarkdownKeepingCode('- `x`')).toBe('\\- `x`');
  });
});

describe('markdownCode', () => {
  it.each([
    ['ss -ltnp', '`ss -ltnp`'],
    ['a `b` c', '``a `b` c``'],
    ['``fenced``', '``` ``fenced`` ```'],
    [' spaced ', '`  spaced  `'],
    ['<script>', '`<script>`'],
  ])('wraps %j as %j', (input, code) => {
    expect(markdownCode(input)).toBe(code);
  });

  it('escapes pipes only inside a table cell', () => {
    expect(markdownCode('a|b')).toBe('`a|b`');
    expect(markdownCode('a|b', { inTable: true })).toBe('`a\\|b`');
  });

  it('shows control characters instead of emitting them', () => {
    expect(markdownCode('x\x1b[31m\ny')).toBe('`x\\x1b[31m\\ny`');
  });

  it('renders nothing for blank text rather than a broken span', () => {
    expect(markdownCode('')).toBe('');
    expect(markdownCode('   ')).toBe('');
  });
});

describe('markdownCodeBlock', () => {
  it('uses a fence longer than any backtick run inside', () => {
    expect(markdownCodeBlock('{"a": "```"}', 'json')).toBe('````json\n{"a": "```"}\n````');
    expect(markdownCodeBlock('x')).toBe('```\nx\n```');
  });

  it('keeps lines but shows control characters within them', () => {
    expect(markdownCodeBlock('a\x1b[2J\nb\r')).toBe('```\na\\x1b[2J\nb\\r\n```');
  });
});
