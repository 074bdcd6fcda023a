import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import { Header } from './Header.js';
import { headerText } from './header-text.js';
import { makeTheme, ThemeContext } from './theme.js';

const target = (input: string) => {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
};

describe('Header', () => {
  it('names the tool, the target without its credentials, the symptom and whether it was reproduced', () => {
    const props = {
      version: '1.0.0',
      target: target('http://me:secret@127.0.0.1:8080/'),
      symptom: 'ECONNRESET',
      reproduced: false,
    };
    const { lastFrame } = render(<Header {...props} />);
    expect(lastFrame()).toBe('conn-doctor 1.0.0 · http://***@127.0.0.1:8080/ · symptom: ECONNRESET (not reproduced)');
    expect(lastFrame()).not.toContain('secret');
    expect(headerText(props, makeTheme({ color: false, ascii: false }))).toBe(lastFrame());
  });

  it('keeps a pasted stack trace to one line and escapes what could drive the terminal', () => {
    const symptom = `Error: \u001b[31mread ECONNRESET\n    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)\n    at more`;
    const { lastFrame } = render(
      <ThemeContext.Provider value={makeTheme({ color: false, ascii: true })}>
        <Header version="1.0.0" target={null} symptom={symptom} />
      </ThemeContext.Provider>,
    );
    expect(lastFrame()).toMatch(/^conn-doctor 1\.0\.0 \| symptom: Error: \\x1b\[31mread ECONNRESET at TLSWrap/);
    expect(lastFrame()).toMatch(/\.\.\.$/);
    expect(lastFrame()).not.toContain('\u001b');
  });

  it('hides the secrets of a pasted symptom, as the reports do', () => {
    const props = { version: '1.0.0', target: null, symptom: 'Authorization: Bearer s3cr3tT0ken ECONNREFUSED' };
    const text = headerText(props, makeTheme({ color: false, ascii: false }));
    expect(text).toBe('conn-doctor 1.0.0 · symptom: Authorization: Bearer [redacted] ECONNREFUSED');
    expect(text).not.toContain('s3cr3t');
  });
});
