import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { keys, settle } from './app-harness.test-helper.js';
import { ChoiceSelect } from './ChoiceSelect.js';
import { makeTheme, ThemeContext } from './theme.js';

const items = ['alpha', 'beta', 'gamma', 'delta'].map((word) => ({ key: word, label: word, value: word }));

function renderSelect(initialIndex = 0, ascii = false) {
  const onSelect = vi.fn();
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: false, ascii })}>
      <ChoiceSelect items={items} initialIndex={initialIndex} onSelect={onSelect} />
    </ThemeContext.Provider>,
  );
  const send = async (chunk: string) => {
    await settle();
    instance.stdin.write(chunk);
    await settle();
  };
  return { ...instance, onSelect, send };
}

describe('ChoiceSelect', () => {
  it('selects the row on screen even when the keys arrive in one read', async () => {
    // Given the list, first row highlighted
    const { lastFrame, send, onSelect } = renderSelect();
    // When Down, Down and Enter arrive together, as from a paste or tmux send-keys
    await send(`${keys.down}${keys.down}${keys.enter}`);
    // Then the third row is both shown and selected
    expect(lastFrame()).toMatch(/❯ gamma/);
    expect(onSelect).toHaveBeenCalledWith('gamma');
  });

  it('moves with arrows and j/k, wrapping around, and selects by number', async () => {
    const { lastFrame, send, onSelect } = renderSelect(1);
    expect(lastFrame()).toMatch(/❯ beta/);
    await send(keys.up);
    await send(keys.up);
    expect(lastFrame()).toMatch(/❯ delta/);
    await send('j');
    expect(lastFrame()).toMatch(/❯ alpha/);
    await send('k');
    await send(keys.enter);
    expect(onSelect).toHaveBeenLastCalledWith('delta');
    await send('2');
    expect(onSelect).toHaveBeenLastCalledWith('beta');
  });

  it('draws its pointer in ASCII when asked', () => {
    expect(renderSelect(0, true).lastFrame()).toMatch(/^> alpha/);
  });
});
