import { Text } from 'ink';
import { useTheme } from './theme.js';
import type { WatchCounts } from './watch-store.js';

export interface WatchCountersProps {
  readonly counts: WatchCounts;
}

/** Totals since the watch began: what the bounded history cannot show. */
export function WatchCounters({ counts }: WatchCountersProps) {
  const theme = useTheme();
  const sep = ` ${theme.marks.separator} `;
  return (
    <Text wrap="wrap">
      <Text bold>{plural(counts.runs, 'run')}</Text>
      <Text>{`${sep}${plural(counts.changes, 'change')}${sep}`}</Text>
      <Text color={theme.color('green')}>{`${counts.healthy} healthy`}</Text>
      <Text>{sep}</Text>
      <Text color={theme.color('red')}>{`${counts.failed} failed`}</Text>
    </Text>
  );
}

/** The same line as plain text, for counting the lines it wraps into. */
export function watchCountersText(counts: WatchCounts, separator: string): string {
  return [
    plural(counts.runs, 'run'),
    plural(counts.changes, 'change'),
    `${counts.healthy} healthy`,
    `${counts.failed} failed`,
  ].join(` ${separator} `);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
