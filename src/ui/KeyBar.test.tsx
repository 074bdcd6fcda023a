import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyBar } from './KeyBar.js';
import { keyHints } from './key-hints.js';
import { initialState, type UiState } from './store.js';
import { makeTheme } from './theme.js';

const theme = makeTheme({ color: false, ascii: false });
const hints = (state: Partial<UiState>, toggleable = false) =>
  keyHints({ ...initialState({ target: null, symptom: null }), ...state }, theme, toggleable);
const labels = (state: Partial<UiState>, toggleable = false) =>
  hints(state, toggleable)
    .map((h) => `[${h.key}] ${h.label}`)
    .join('  ');

describe('KeyBar', () => {
  it('draws each key in brackets with what it does', () => {
    const { lastFrame } = render(
      <KeyBar
        hints={[
          { key: 'e', label: 'export' },
          { key: 'q', label: 'quit' },
        ]}
      />,
    );
    expect(lastFrame()).toBe('[e] export  [q] quit');
  });
});

describe('keyHints', () => {
  it('offers Esc, not q, where text is typed', () => {
    expect(labels({ phase: 'target' })).toBe('[Enter] diagnose  [Esc] quit');
    expect(labels({ phase: 'symptom', symptomMode: 'paste' })).toBe('[Enter] use this message  [Esc] back to the list');
  });

  it('names what b changes on the verdict, and offers d only when the view can switch', () => {
    const answered = {
      id: 'server.location',
      question: '?',
      value: 'unknown',
      answer: "I don't know",
      defaulted: false,
    };
    expect(labels({ phase: 'verdict' })).toBe('[e] export  [r] run again  [b] change symptom  [q] quit');
    expect(labels({ phase: 'verdict', answers: [answered] }, true)).toBe(
      '[e] export  [r] run again  [b] change last answer  [d] diagram  [q] quit',
    );
    expect(labels({ phase: 'verdict', verdictView: 'exchange' }, true)).toContain('[d] findings');
  });

  it('lists the report formats while one is picked', () => {
    expect(labels({ phase: 'exporting' })).toBe('[m] Markdown  [j] JSON  [h] HTML  [Esc] cancel  [q] quit');
  });

  it('spells the arrows out in ASCII', () => {
    expect(
      keyHints(
        { ...initialState({ target: null, symptom: null }), phase: 'question' },
        makeTheme({ color: false, ascii: true }),
      )[0]?.key,
    ).toBe('up/down');
  });
});
