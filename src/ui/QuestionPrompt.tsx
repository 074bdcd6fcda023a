import { Box, Text } from 'ink';
import { useRef, useState } from 'react';
import { showControls } from '../report/show-controls.js';
import { ChoiceSelect } from './ChoiceSelect.js';
import { InlineCode } from './InlineCode.js';
import type { PendingQuestion } from './store.js';
import { useTheme } from './theme.js';
import { applyErases, portError } from './typed-keys.js';
import { useKeys } from './use-keys.js';

export interface QuestionPromptProps {
  readonly pending: PendingQuestion;
  /** The chosen value; the engine walks on with it. */
  readonly onAnswer: (value: string) => void;
  /** Esc (or `b`): change the answer before this one. */
  readonly onBack: () => void;
  readonly onQuit: () => void;
}

/**
 * Any question the tree asks: its prompt, its detail (often a command to run), and a select of its choices. A
 * question that takes a typed value (a port not in the list) shows a field under the list: digits go there, and
 * Enter answers with it once something is typed.
 */
export function QuestionPrompt({ pending, onAnswer, onBack, onQuit }: QuestionPromptProps) {
  const { question, initialValue } = pending;
  const theme = useTheme();
  // Keys of one read reach the handler before React redraws: the field's text lives in a ref, the screen follows.
  const typed = useRef('');
  const [field, setField] = useState({ text: '', error: null as string | null });
  const setTyped = (text: string, error: string | null = null) => {
    typed.current = text;
    setField({ text, error });
  };
  useKeys((input, key) => {
    if (question.other !== null) {
      if (key.backspace || key.delete) return setTyped(typed.current.slice(0, -1));
      const [text = '', enter] = input.split('\r');
      if (/^[\d\u007F\b]+$/.test(text)) {
        setTyped(applyErases(typed.current + text));
        if (enter === undefined) return;
      }
      if ((key.return || enter !== undefined) && typed.current !== '') {
        const error = portError(typed.current);
        return error === null ? onAnswer(typed.current) : setTyped(typed.current, error);
      }
    }
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
          digitsPick={question.other === null}
          // With a value typed, Enter answers with it, not with the highlighted row.
          onSelect={(value) => typed.current === '' && onAnswer(value)}
        />
      </Box>
      {question.other !== null && (
        <Box flexDirection="column">
          <Text>
            <Text dimColor>{`${question.other.label}: `}</Text>
            <Text color={theme.color('cyan')}>{field.text === '' ? 'type it' : field.text}</Text>
          </Text>
          {field.error !== null && <Text color={theme.color('red')}>{`${theme.marks.fail} ${field.error}`}</Text>}
        </Box>
      )}
    </Box>
  );
}
