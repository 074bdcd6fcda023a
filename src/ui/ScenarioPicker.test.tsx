import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import { keys, settle } from './app-harness.test-helper.js';
import { ScenarioPicker } from './ScenarioPicker.js';

const scenarios = Array.from({ length: 12 }, (_, i) => ({
  id: `fault-${i + 1}`,
  title: `Fault number ${i + 1}, described at some length so that it would not fit`,
  expectedVerdict: 'no-listener',
}));

function renderPicker(initialIndex = 0) {
  const onPick = vi.fn();
  const onQuit = vi.fn();
  const instance = render(
    <ScenarioPicker
      scenarios={scenarios}
      initialIndex={initialIndex}
      rows={5}
      columns={40}
      onPick={onPick}
      onQuit={onQuit}
    />,
  );
  const press = async (...sent: string[]) => {
    for (const key of sent) {
      await settle();
      instance.stdin.write(key);
    }
    await settle();
  };
  return { frame: () => instance.lastFrame() ?? '', press, onPick, onQuit };
}

describe('ScenarioPicker', () => {
  it('shows a window of the list around the highlighted row, one line a row', async () => {
    // Given twelve scenarios and room for five rows, 40 columns
    const { frame, press } = renderPicker();
    expect(frame()).toContain('12 faults staged on loopback');
    expect(frame()).toMatch(/❯ fault-1 /);
    expect(frame()).not.toContain('fault-6 ');
    expect(
      frame()
        .split('\n')
        .every((line) => line.length <= 40 || line.startsWith('12 faults')),
    ).toBe(true);

    // When the user goes down to the eighth, the window follows
    await press(...Array(7).fill(keys.down));
    expect(frame()).toMatch(/❯ fault-8 /);
    expect(frame()).not.toContain('fault-1 ');
  });

  it('picks the highlighted scenario on Enter, and quits on q or Esc', async () => {
    const { press, onPick, onQuit } = renderPicker(2);
    await press(keys.enter);
    expect(onPick).toHaveBeenCalledWith(scenarios[2]);
    await press('q');
    await press(keys.escape);
    expect(onQuit).toHaveBeenCalledTimes(2);
  });
});
