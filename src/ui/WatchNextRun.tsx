import { Box, Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import { useTheme } from './theme.js';

export interface WatchNextRunProps {
  readonly paused: boolean;
  /** Whole seconds until the next run; null when none is scheduled. */
  readonly secondsLeft: number | null;
  /** Why the last run failed, if it did. */
  readonly error: string | null;
}

/** Between runs: why the last one failed, if it did, and when the next one starts (or that none will). */
export function WatchNextRun({ paused, secondsLeft, error }: WatchNextRunProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {error !== null && (
        <Text color={theme.color('red')} wrap="wrap">
          {`${theme.marks.fail} The last run stopped with an internal error: ${showControls(error)}`}
        </Text>
      )}
      {paused ? (
        <Text color={theme.color('yellow')}>Paused: no run until [p] or [r]</Text>
      ) : (
        secondsLeft !== null && <Text dimColor>{`Next run in ${secondsLeft} s`}</Text>
      )}
    </Box>
  );
}

/** The same text as drawn, for counting its lines. */
export function watchNextRunText(props: WatchNextRunProps, marks: { fail: string }): string[] {
  const status = props.paused ? 'Paused' : 'Next run';
  return props.error === null
    ? [status]
    : [`${marks.fail} The last run stopped with an internal error: ${showControls(props.error)}`, status];
}
