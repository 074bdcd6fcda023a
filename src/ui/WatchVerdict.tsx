import { Text } from 'ink';
import { showControls } from '../report/show-controls.js';
import type { Verdict } from '../tree/verdict-ids.js';
import { useTheme } from './theme.js';

export interface WatchVerdictProps {
  /** The latest run's verdict; null before the first one. */
  readonly verdict: Verdict | null;
}

/**
 * The verdict of the latest run: its title and id, then the start of its summary on one line; green when
 * healthy, red for a problem. The answer at a glance; `e` exports the whole of it.
 */
export function WatchVerdict({ verdict }: WatchVerdictProps) {
  const theme = useTheme();
  if (verdict === null) return <Text dimColor>{`First run under way${theme.marks.ellipsis}`}</Text>;
  const healthy = verdict.id === 'healthy';
  const color = theme.color(healthy ? 'green' : 'red');
  return (
    <>
      <Text wrap="wrap">
        <Text
          color={color}
          bold
        >{`${healthy ? theme.marks.pass : theme.marks.fail} ${showControls(verdict.title)}`}</Text>
        <Text color={color}>{`  ${verdict.id}`}</Text>
      </Text>
      <Text wrap="truncate-end">{`  ${showControls(verdict.summary)}`}</Text>
    </>
  );
}

/** The title line as plain text (null before the first verdict), for counting the lines it wraps into. */
export function watchVerdictTitle(verdict: Verdict | null, marks: { pass: string; fail: string }): string | null {
  if (verdict === null) return null;
  return `${verdict.id === 'healthy' ? marks.pass : marks.fail} ${showControls(verdict.title)}  ${verdict.id}`;
}
