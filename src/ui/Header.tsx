import { Box, Text } from 'ink';
import { headerParts, type HeaderProps } from './header-text.js';
import { useTheme } from './theme.js';

/** One line (wrapped when narrow): the tool, the target, the symptom and whether the probes reproduced it. */
export function Header(props: HeaderProps) {
  const theme = useTheme();
  const { name, target, symptom } = headerParts(props, theme);
  const separator = ` ${theme.marks.separator} `;
  return (
    <Box>
      <Text wrap="wrap">
        <Text bold color={theme.color('cyan')}>
          conn-doctor
        </Text>
        <Text dimColor>{name.slice('conn-doctor'.length)}</Text>
        {target !== null && (
          <Text>
            {separator}
            <Text bold>{target}</Text>
          </Text>
        )}
        {symptom !== null && <Text dimColor>{`${separator}${symptom}`}</Text>}
      </Text>
    </Box>
  );
}
