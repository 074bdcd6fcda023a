import { Text } from 'ink';
import { useTheme } from './theme.js';

export interface SelectItemProps {
  readonly isSelected?: boolean;
  readonly label: string;
}

/** ink-select-input's row, in the theme's colour; bold marks the highlighted row when colours are off. */
export function SelectItem({ isSelected = false, label }: SelectItemProps) {
  const theme = useTheme();
  return (
    <Text color={isSelected ? theme.color('cyan') : undefined} bold={isSelected} wrap="wrap">
      {label}
    </Text>
  );
}
