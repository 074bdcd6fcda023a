import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import { showControls } from '../report/show-controls.js';
import type { DecodedSymptom } from '../tree/symptom.js';
import { useTheme } from './theme.js';
import { applyErases } from './typed-keys.js';
import { useKeys } from './use-keys.js';

export interface PastedSymptomProps {
  readonly text: string;
  /** What `text` means, decoded as the user types; null while empty or while the decoder loads. */
  readonly meaning: DecodedSymptom | null;
  readonly onChange: (text: string) => void;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
}

/** The error message as the user saw it, and what it means on the wire, before the diagnosis starts. */
export function PastedSymptom({ text, meaning, onChange, onSubmit, onCancel }: PastedSymptomProps) {
  const theme = useTheme();
  useKeys((_input, key) => {
    if (key.escape) onCancel();
  });
  return (
    <Box flexDirection="column">
      <Text bold>Paste or type the error message you got:</Text>
      <Box>
        <Text color={theme.color('cyan')}>{`${theme.marks.pointer} `}</Text>
        <TextInput value={text} onChange={(typed) => onChange(applyErases(typed))} onSubmit={onSubmit} />
      </Box>
      {meaning && (
        <Box flexDirection="column" marginTop={1}>
          <Text wrap="wrap">
            <Text bold>{meaning.id === 'unknown' ? 'Not recognised' : showControls(meaning.source)}</Text>
            <Text dimColor>{meaning.id === 'unknown' ? '' : ` (${meaning.id})`}</Text>
          </Text>
          <Text wrap="wrap">{showControls(meaning.meaning)}</Text>
        </Box>
      )}
    </Box>
  );
}
