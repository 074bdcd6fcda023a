import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Question } from '../engine/events.js';
import { keys, settle } from './app-harness.test-helper.js';
import { createTestLab, recordDiagnosis } from './lab-events.test-helper.js';
import { QuestionPrompt } from './QuestionPrompt.js';
import { makeTheme, ThemeContext } from './theme.js';

const lab = createTestLab();
afterEach(() => lab.close());

/** The questions a refused connection really asks, answered so that the walk reaches the last one. */
async function askedQuestions(): Promise<Question[]> {
  const answers = { 'server.location': 'other-host', 'server.access': 'yes', 'server.os': 'linux' };
  const { events } = await recordDiagnosis(`127.0.0.1:${await lab.closedPort()}`, { answers });
  return events.flatMap((e) => (e.type === 'question-asked' ? [e.question] : []));
}

function renderPrompt(question: Question, initialValue = question.defaultValue) {
  const props = { onAnswer: vi.fn(), onBack: vi.fn(), onQuit: vi.fn() };
  const instance = render(
    <ThemeContext.Provider value={makeTheme({ color: false, ascii: false })}>
      <QuestionPrompt pending={{ question, initialValue }} {...props} />
    </ThemeContext.Provider>,
  );
  const press = async (key: string) => {
    await settle();
    instance.stdin.write(key);
    await settle();
  };
  return { ...instance, ...props, press };
}

describe('QuestionPrompt', () => {
  it('shows the prompt and every choice, the default highlighted, and answers with the chosen value', async () => {
    // Given the question a refused connection asks: where does the server run?
    const [location] = await askedQuestions();
    const { lastFrame, press, onAnswer } = renderPrompt(location!);

    // Then the prompt and every choice show, the default ("I don't know") highlighted
    expect(lastFrame()).toContain('The connection was refused. Where does the server run?');
    for (const choice of location!.choices) expect(lastFrame()).toContain(choice.label);
    expect(lastFrame()).toMatch(/❯ I don't know/);

    // When the user moves up one row and presses Enter
    await press(keys.up);
    expect(lastFrame()).toMatch(/❯ On another host/);
    await press(keys.enter);

    // Then the engine gets that choice's value
    expect(onAnswer).toHaveBeenCalledWith('other-host');
  });

  it('highlights the earlier answer when the question is asked again', async () => {
    const [location] = await askedQuestions();
    const { lastFrame, press, onAnswer } = renderPrompt(location!, 'container');
    expect(lastFrame()).toMatch(/❯ In a container/);
    await press(keys.enter);
    expect(onAnswer).toHaveBeenCalledWith('container');
  });

  it('shows the command a question asks the user to run', async () => {
    const listeners = (await askedQuestions()).find((q) => q.id === 'server.listeners')!;
    const { lastFrame } = renderPrompt(listeners);
    expect(listeners.detail).toBeTruthy();
    expect(lastFrame()).toContain(listeners.detail!);
  });

  it('steps back on Esc and quits on q, answering nothing', async () => {
    const [location] = await askedQuestions();
    const { press, onAnswer, onBack, onQuit } = renderPrompt(location!);
    await press(keys.escape);
    expect(onBack).toHaveBeenCalledTimes(1);
    await press('q');
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(onAnswer).not.toHaveBeenCalled();
  });
});
