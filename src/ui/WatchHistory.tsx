import { Box, Text } from 'ink';
import { useTheme } from './theme.js';
import type { WatchRun } from './watch-store.js';

export interface WatchHistoryProps {
  /** The runs to show, most recent first: as many as fit. */
  readonly runs: readonly WatchRun[];
  /** The screen's width: narrow screens drop the durations and shorten the change marks to fit them. */
  readonly columns: number;
}

/**
 * One line per run: when it ended, how long it took, its verdict id, and `← changed from <id>` on the runs
 * where the verdict changed, which are what a watch is for. Lines are cut rather than wrapped, so that the
 * layout knows the history's height.
 */
export function WatchHistory({ runs, columns }: WatchHistoryProps) {
  const theme = useTheme();
  const idWidth = Math.max(0, ...runs.map((run) => run.verdictId.length));
  const back = theme.ascii ? '<-' : '←';
  const full = (run: WatchRun) =>
    `${clockTime(run.finishedAt)}  ${runDuration(run.durationMs).padStart(7)}  ${run.verdictId.padEnd(idWidth)}  ${back} changed from ${run.changedFrom}`;
  // The change marks matter more than the durations: the narrow form keeps them whole where it can.
  const narrow = runs.some((run) => run.changedFrom !== null && [...full(run)].length > columns);
  return (
    <Box flexDirection="column">
      {runs.map((run) => (
        <Text key={run.number} wrap="truncate-end">
          <Text dimColor>
            {narrow
              ? `${clockTime(run.finishedAt)}  `
              : `${clockTime(run.finishedAt)}  ${runDuration(run.durationMs).padStart(7)}  `}
          </Text>
          <Text color={theme.color(run.verdictId === 'healthy' ? 'green' : 'red')}>
            {run.verdictId.padEnd(idWidth)}
          </Text>
          {run.changedFrom !== null && (
            <Text bold color={theme.color('yellow')}>
              {narrow ? `  ${back} was ${run.changedFrom}` : `  ${back} changed from ${run.changedFrom}`}
            </Text>
          )}
        </Text>
      ))}
    </Box>
  );
}

/** `HH:MM:SS` in local time: the clock on the user's wall, not UTC. */
export function clockTime(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

/** A run's wall time, from the session's timestamps: whole milliseconds are all they hold. */
export function runDuration(ms: number): string {
  return ms < 999.5 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
