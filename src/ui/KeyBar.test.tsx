import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { KeyBar } from './KeyBar.js';
import { keyHints } from './key-hints.js';
import { initialState, type UiState } from './store.js';
import { makeTheme } from './theme.js';

const theme = makeTheme({ color: false, ascii: false });
const hints = (state: Partial<UiState>, toggleable = false, expandable = false) =>
  keyHints({ ...initialState({ target: null, symptom: null }), ...state }, theme, { toggleable, expandable });
const labels = (state: Partial<UiState>, toggleable = false, expandable = false) =>
  hints(state, toggleable, expandable)
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

  it('names what b does on the verdict, and offers v and d only when there is more to see', () => {
    const answered = {
      id: 'server.location',
      question: 'The connection was refused. Where does the server run?',
      value: 'unknown',
      answer: "I don't know",
      defaulted: false,
    };
    // No answer: nothing for b to change; s records what the user saw
    expect(labels({ phase: 'verdict' })).toBe('[e] export  [r] run again  [s] say what you saw  [q] quit');
    expect(labels({ phase: 'verdict', answers: [answered], symptom: 'ECONNRESET' }, true)).toBe(
      '[e] export  [r] run again  [b] change answer  [s] change what you saw  [d] diagram  [q] quit',
    );
    // A question the app took the default of, to show the verdict first: b asks it
    expect(labels({ phase: 'verdict', answers: [{ ...answered, defaulted: true }] })).toContain(
      '[b] answer: Where does the server run?',
    );
    expect(labels({ phase: 'verdict', verdictView: 'exchange' }, true)).toContain('[d] findings');
    expect(labels({ phase: 'verdict' }, false, true)).toContain('[v] all evidence');
    expect(labels({ phase: 'verdict', evidenceExpanded: true }, false, true)).toContain('[v] less evidence');
  });

  it('says what digits do on a question: pick a row, or type a port where the question takes one', () => {
    expect(labels({ phase: 'question' })).toContain('[1-9] pick by number');
    expect(
      keyHints({ ...initialState({ target: null, symptom: null }), phase: 'question' }, theme, undefined, true)
        .map((h) => `[${h.key}] ${h.label}`)
        .join('  '),
    ).toContain('[0-9] type a port');
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
