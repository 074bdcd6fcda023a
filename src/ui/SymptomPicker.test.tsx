import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { symptomChoices } from '../tree/symptom-choices.js';
import { decodeSymptom } from '../tree/symptom-decoder.js';
import { keys, settle } from './app-harness.test-helper.js';
import { SymptomPicker, type SymptomPickerProps } from './SymptomPicker.js';

function renderPicker(overrides: Partial<SymptomPickerProps> = {}) {
  const props = {
    mode: 'list' as const,
    pastedText: '',
    pastedMeaning: null,
    onPick: vi.fn(),
    onPasteChange: vi.fn(),
    onPasteSubmit: vi.fn(),
    onPasteCancel: vi.fn(),
    onCancel: vi.fn(),
    onQuit: vi.fn(),
    ...overrides,
  };
  const instance = render(<SymptomPicker {...props} />);
  const press = async (...sent: string[]) => {
    for (const key of sent) {
      await settle();
      instance.stdin.write(key);
    }
    await settle();
  };
  return { ...instance, ...props, press };
}

describe('SymptomPicker', () => {
  it('asks what the user saw, listing every symptom, "paste the message" and "I don\'t know"', () => {
    const { lastFrame } = renderPicker();
    expect(lastFrame()).toContain('What did you see?');
    for (const choice of symptomChoices) expect(lastFrame()).toContain(choice.label);
  });

  it('highlights nothing the user did not choose, then picks with the arrow keys and Enter', async () => {
    // Given the list: no row highlighted, and Enter picks nothing
    const { lastFrame, press, onPick } = renderPicker();
    expect(lastFrame()).not.toContain('❯');
    await press(keys.enter);
    expect(onPick).not.toHaveBeenCalled();

    // When the user goes down four rows (the first Down reaches the first row) and presses Enter
    await press(keys.down);
    expect(lastFrame()).toMatch(/❯ Connection refused/);
    await press(keys.down, keys.down, keys.down);
    expect(lastFrame()).toMatch(/❯ Timed out/);
    await press(keys.enter);

    // Then the "timed out" choice is picked, with the message that stands for it
    expect(onPick).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'symptom', value: 'timeout', family: 'timeout' }),
    );
  });

  it('goes back to the verdict on Esc and quits on q', async () => {
    const { press, onQuit, onCancel } = renderPicker();
    await press(keys.escape);
    expect(onCancel).toHaveBeenCalledTimes(1);
    await press('q');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('shows what a pasted message means, and goes back to the list on Esc', async () => {
    // Given a pasted curl error, decoded
    const text = 'curl: (56) Recv failure: Connection reset by peer';
    const { lastFrame, press, onPasteCancel, onPasteSubmit, onQuit } = renderPicker({
      mode: 'paste',
      pastedText: text,
      pastedMeaning: decodeSymptom(text),
    });

    // Then the message and its meaning show
    expect(lastFrame()).toContain('Paste or type the error message you got:');
    expect(lastFrame()).toContain(text);
    expect(lastFrame()).toContain('(reset)');
    expect(lastFrame()).toMatch(/aborted it with a reset \(RST\)/);

    // When Enter, then Esc, then q (a letter here) are pressed
    await press(keys.enter);
    await press(keys.escape);
    await press('q');
    expect(onPasteSubmit).toHaveBeenCalledTimes(1);
    expect(onPasteCancel).toHaveBeenCalledTimes(1);
    expect(onQuit).not.toHaveBeenCalled();
  });
});
