import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

export interface SelectIndicatorProps {
  /** Whether this row is the highlighted one. */
  readonly isSelected?: boolean;
}

/** ink-select-input's pointer, in the theme's colour and marks (its own is always blue and Unicode). */
export function SelectIndicator({ isSelected = false }: SelectIndicatorProps) {
  const theme = useTheme();
  return (
    <Box marginRight={1}>
      <Text color={theme.color('cyan')}>{isSelected ? theme.marks.pointer : ' '}</Text>
    </Box>
  );
}
