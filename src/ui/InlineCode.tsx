import { Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import { useTheme } from './theme.js';

export interface InlineCodeProps {
  /** Prose with commands in backticks, as verdicts write their next steps. */
  readonly text: string;
}

/**
 * Prose with each `command` drawn distinctly: in colour without its backticks, or, when colours are off, with
 * the backticks kept so the command still stands out and its ends are visible.
 */
export function InlineCode({ text }: InlineCodeProps) {
  const theme = useTheme();
  const colored = theme.color('cyan') !== undefined;
  // An odd part is inside backticks; an unmatched backtick leaves the rest as prose.
  const parts = showControls(text).split(/`([^`]+)`/);
  return (
    <Text wrap="wrap">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Text key={i} color={theme.color('cyan')}>
            {colored ? part : `\`${part}\``}
          </Text>
        ) : (
          part
        ),
      )}
    </Text>
  );
}
