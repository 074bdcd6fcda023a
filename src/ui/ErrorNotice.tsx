import { Box, Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import { useTheme } from './theme.js';

export interface ErrorNoticeProps {
  /** One line saying what failed. */
  readonly message: string;
}

/** The engine itself failed: a bug, not a network outcome, so it says so rather than posing as a verdict. */
export function ErrorNotice({ message }: ErrorNoticeProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text color={theme.color('red')} bold>
        {`${theme.marks.fail} The diagnosis stopped with an internal error`}
      </Text>
      <Text wrap="wrap">{showControls(message)}</Text>
      <Text dimColor wrap="wrap">
        This is a bug in conn-doctor, not a finding about the target. Run again, or rerun with CONN_DOCTOR_DEBUG=1 and
        --no-interactive to see more.
      </Text>
    </Box>
  );
}
