import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

/** One key and what it does, as the bar shows it: `[e] export`. */
export interface KeyHint {
  key: string;
  label: string;
}

export interface KeyBarProps {
  readonly hints: readonly KeyHint[];
}

/** The keys the current screen takes; hints wrap to the next line on narrow terminals rather than overflow. */
export function KeyBar({ hints }: KeyBarProps) {
  const theme = useTheme();
  return (
    <Box flexWrap="wrap" columnGap={2}>
      {hints.map((hint) => (
        <Box key={hint.key}>
          <Text>
            <Text bold color={theme.color('cyan')}>{`[${hint.key}]`}</Text>
            <Text dimColor>{` ${hint.label}`}</Text>
          </Text>
        </Box>
      ))}
    </Box>
  );
}
