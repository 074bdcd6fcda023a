import { describe, expect, it } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import { firstFrameText, type FirstFrameInput } from './first-frame.js';

function input(target: string | null, overrides: Partial<FirstFrameInput> = {}): FirstFrameInput {
  const parsed = target === null ? null : parseTarget(target);
  if (parsed && !parsed.ok) throw new Error(parsed.error);
  return {
    version: '0.1.0',
    target: parsed?.target ?? null,
    symptom: null,
    color: false,
    ascii: false,
    columns: 80,
    ...overrides,
  };
}

describe('firstFrameText', () => {
  it('is the header line the app draws first, on one row', () => {
    expect(firstFrameText(input('127.0.0.1:8080', { symptom: 'ECONNREFUSED' }))).toBe(
      'conn-doctor 0.1.0 · 127.0.0.1:8080 · symptom: ECONNREFUSED\n',
    );
    expect(firstFrameText(input(null))).toBe('conn-doctor 0.1.0\n');
  });

  it('cuts a long header to fit one row of a narrow terminal, so erasing it is one line up', () => {
    const text = firstFrameText(input('http://example.com:8080/a/very/long/path/that/goes/on', { columns: 40 }))!;
    expect(text.endsWith('…\n')).toBe(true);
    expect(text.length - 1).toBeLessThan(40);
  });

  it('paints nothing for a header that may hold double-width characters', () => {
    expect(firstFrameText(input('http://例え.jp/', { symptom: '接続が拒否されました' }))).toBeNull();
  });

  it('draws the name bold cyan as Ink does when colour is on, and in ASCII marks when Unicode is not supported', () => {
    expect(firstFrameText(input('127.0.0.1:1', { color: true }))).toBe(
      '\x1b[1;36mconn-doctor\x1b[0m 0.1.0 · 127.0.0.1:1\n',
    );
    expect(firstFrameText(input('127.0.0.1:1', { ascii: true }))).toBe('conn-doctor 0.1.0 | 127.0.0.1:1\n');
  });

  it('shows a target with terminal escapes made visible, never raw', () => {
    const text = firstFrameText(input(null, { symptom: 'bad\x1b[2Jthing' }));
    expect(text).toBe('conn-doctor 0.1.0 · symptom: bad\\x1b[2Jthing\n');
  });
});
