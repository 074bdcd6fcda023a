import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { useTheme } from './theme.js';
import { applyErases } from './typed-keys.js';
import { useKeys } from './use-keys.js';

export interface TargetPromptProps {
  /** What is typed so far. */
  readonly value: string;
  /** `parseTarget`'s one-line message for `value`, or null. */
  readonly error: string | null;
  readonly onChange: (value: string) => void;
  readonly onSubmit: (value: string) => void;
  readonly onQuit: () => void;
}

const examples = ['localhost:3000', 'https://example.com', '10.0.0.5:5432', 'http://[::1]:8080/health'];

/** Asks what to diagnose; the error follows the typing, so the user sees what is wrong before pressing Enter. */
export function TargetPrompt({ value, error, onChange, onSubmit, onQuit }: TargetPromptProps) {
  const theme = useTheme();
  // `q` is a letter here: only Esc quits.
  useKeys((_input, key) => {
    if (key.escape) onQuit();
  });
  return (
    <Box flexDirection="column">
      <Text bold>What do you want to connect to?</Text>
      <Text dimColor wrap="wrap">
        {`e.g. ${examples.join(`  ${theme.marks.separator}  `)}`}
      </Text>
      <Box marginTop={1}>
        <Text color={theme.color('cyan')}>{`${theme.marks.pointer} `}</Text>
        <TextInput
          value={value}
          // A pasted line arrives with its line break in the same read, as text: it means Enter.
          onChange={(typed) => {
            const text = applyErases(typed);
            return /[\r\n]/.test(text) ? onSubmit(text.split(/[\r\n]/)[0]!) : onChange(text);
          }}
          onSubmit={onSubmit}
        />
      </Box>
      {error !== null && (
        <Text color={theme.color('red')} wrap="wrap">
          {`${theme.marks.fail} ${error}`}
        </Text>
      )}
    </Box>
  );
}
