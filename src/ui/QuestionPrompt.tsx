import { Box, Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import { ChoiceSelect } from './ChoiceSelect.js';
import { InlineCode } from './InlineCode.js';
import type { PendingQuestion } from './store.js';
import { useKeys } from './use-keys.js';

export interface QuestionPromptProps {
  readonly pending: PendingQuestion;
  /** The chosen value; the engine walks on with it. */
  readonly onAnswer: (value: string) => void;
  /** Esc (or `b`): change the answer before this one. */
  readonly onBack: () => void;
  readonly onQuit: () => void;
}

/** Any question the tree asks: its prompt, its detail (often a command to run), and a select of its choices. */
export function QuestionPrompt({ pending, onAnswer, onBack, onQuit }: QuestionPromptProps) {
  const { question, initialValue } = pending;
  useKeys((input, key) => {
    if (key.escape || input === 'b') onBack();
    else if (input === 'q') onQuit();
  });
  const items = question.choices.map((choice) => ({
    key: choice.value,
    label: showControls(choice.label),
    value: choice.value,
  }));
  const initialIndex = Math.max(
    0,
    items.findIndex((item) => item.value === initialValue),
  );
  return (
    <Box flexDirection="column">
      <Text bold wrap="wrap">
        {showControls(question.prompt)}
      </Text>
      {question.detail !== null && (
        <Box marginLeft={2}>
          <InlineCode text={question.detail} />
        </Box>
      )}
      <Box marginTop={1}>
        <ChoiceSelect
          // A new question, or the same one asked again, starts from its own initial choice.
          key={`${question.id}:${initialValue}`}
          items={items}
          initialIndex={initialIndex}
          onSelect={onAnswer}
        />
      </Box>
    </Box>
  );
}
