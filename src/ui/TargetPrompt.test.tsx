import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { useStore } from 'zustand';
import { keys, settle } from './app-harness.test-helper.js';
import { createUiStore, initialState, setTargetText, type UiStore } from './store.js';
import { TargetPrompt } from './TargetPrompt.js';

/** The prompt bound to a real store, as the App binds it. */
function Bound({ store, onSubmit, onQuit }: { store: UiStore; onSubmit: (v: string) => void; onQuit: () => void }) {
  const value = useStore(store, (s) => s.targetText);
  const error = useStore(store, (s) => s.targetError);
  return (
    <TargetPrompt
      value={value}
      error={error}
      onChange={(t) => setTargetText(store, t)}
      onSubmit={onSubmit}
      onQuit={onQuit}
    />
  );
}

function renderPrompt() {
  const store = createUiStore(initialState({ target: null, symptom: null }));
  const onSubmit = vi.fn();
  const onQuit = vi.fn();
  const instance = render(<Bound store={store} onSubmit={onSubmit} onQuit={onQuit} />);
  const type = async (text: string) => {
    for (const char of text) {
      await settle(2);
      instance.stdin.write(char);
    }
    await settle();
  };
  return { ...instance, store, onSubmit, onQuit, type };
}

describe('TargetPrompt', () => {
  it('shows examples of what to type', () => {
    const { lastFrame } = renderPrompt();
    expect(lastFrame()).toContain('What do you want to connect to?');
    expect(lastFrame()).toContain('localhost:3000');
    expect(lastFrame()).toContain('https://example.com');
  });

  it("shows parseTarget's error while the target is invalid, and drops it once fixed", async () => {
    // Given the prompt
    const { lastFrame, type, onSubmit } = renderPrompt();

    // When the user types a port out of range
    await type('localhost:99999');
    // Then the error shows under the input, before Enter
    expect(lastFrame()).toContain('localhost:99999');
    expect(lastFrame()).toContain('✗ invalid port "99999": must be 1-65535');

    // When they fix it and press Enter
    await type(keys.backspace.repeat(5));
    await type('3000');
    // Then the error is gone and the target is submitted
    expect(lastFrame()).not.toContain('invalid port');
    await type(keys.enter);
    expect(onSubmit).toHaveBeenCalledWith('localhost:3000');
  });

  it('takes a pasted line with its line break as submitted', async () => {
    const { type, onSubmit } = renderPrompt();
    await type('https://example.com/health\r');
    expect(onSubmit).toHaveBeenCalledWith('https://example.com/health');
  });

  it('lets q be typed, and quits on Esc', async () => {
    const { lastFrame, type, onQuit } = renderPrompt();
    await type('q');
    expect(lastFrame()).toContain('❯ q');
    expect(onQuit).not.toHaveBeenCalled();
    await type(keys.escape);
    expect(onQuit).toHaveBeenCalledTimes(1);
  });
});
