import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeHtmlBlock, escapeHtmlKeepingCode } from './html-escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives meaning', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('turns an attribute breakout into inert text', () => {
    const out = escapeHtml('"><img src=x onerror=alert(1)>');
    expect(out).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(out).not.toMatch(/[<>"]/);
  });

  it('makes control characters, DEL, C1 and bidi overrides visible', () => {
    expect(escapeHtml('a\x1b[31mb\r\n\u202ec\x7f\u009b')).toBe('a\\x1b[31mb\\r\\n\\u202ec\\x7f\\x9b');
  });

  it('leaves ordinary text, non-ASCII letters and backslashes alone', () => {
    expect(escapeHtml('résumé → 127.0.0.1:8080 \\x41')).toBe('résumé → 127.0.0.1:8080 \\x41');
  });
});

describe('escapeHtmlKeepingCode', () => {
  it('renders backtick spans as code, escaping inside and outside them', () => {
    expect(escapeHtmlKeepingCode("See <who> listens: `sudo ss -ltnp 'sport = :8080'` & retry")).toBe(
      'See &lt;who&gt; listens: <code>sudo ss -ltnp &#39;sport = :8080&#39;</code> &amp; retry',
    );
  });

  it('cannot be tricked into markup by a span', () => {
    expect(escapeHtmlKeepingCode('`</code><script>x</script>`')).toBe(
      '<code>&lt;/code&gt;&lt;script&gt;x&lt;/script&gt;</code>',
    );
  });

  it('leaves an unpaired backtick as text', () => {
    expect(escapeHtmlKeepingCode('a ` b')).toBe('a ` b');
  });
});

describe('escapeHtmlBlock', () => {
  it('keeps line breaks, escapes every line', () => {
    expect(escapeHtmlBlock('{\n  "a": "<b>\\u001b"\n}')).toBe('{\n  &quot;a&quot;: &quot;&lt;b&gt;\\u001b&quot;\n}');
    expect(escapeHtmlBlock('x\r\ny')).toBe('x\\r\ny');
  });
});
