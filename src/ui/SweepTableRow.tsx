import { Text } from 'ink';
import Spinner from 'ink-spinner';
import { type SweepColumns, fitCell, queuedText, runningText, verdictCell } from './sweep-layout.js';
import type { SweepRowState } from './sweep-store.js';
import { useTheme } from './theme.js';

export interface SweepTableRowProps {
  readonly row: SweepRowState;
  readonly widths: SweepColumns;
  /** The cursor is on this row. */
  readonly selected: boolean;
}

/**
 * One target on one line, never wrapped: the cursor, a spinner while it runs (a dot while it waits), then its
 * mark, source, target, verdict, confidence and time. While it runs again its last verdict stays, dimmed; a
 * verdict that changed from the round before is marked `*`.
 */
export function SweepTableRow({ row, widths, selected }: SweepTableRowProps) {
  const theme = useTheme();
  const { ellipsis } = theme.marks;
  const cell = (text: string, width: number) => (width > 0 ? `  ${fitCell(text, width, ellipsis)}` : '');
  const current = row.status === 'done';
  const verdict = row.view === null ? (row.status === 'running' ? runningText : queuedText) : verdictCell(row);
  const color = theme.color(row.healthy ? 'green' : 'red');
  return (
    <Text wrap="truncate-end" bold={selected}>
      <Text color={theme.color('cyan')}>{selected ? `${theme.marks.pointer} ` : '  '}</Text>
      <RowMark row={row} />
      {` ${fitCell(row.source, widths.source, ellipsis, 'end')}`}
      {cell(row.target, widths.target)}
      <Text color={current ? color : undefined} dimColor={!current}>
        {cell(verdict, widths.verdict)}
      </Text>
      <Text dimColor={!current}>
        {cell(row.view?.confidence ?? '', widths.confidence)}
        {cell(row.view?.time ?? '', widths.time)}
      </Text>
    </Text>
  );
}

function RowMark({ row }: { readonly row: SweepRowState }) {
  const theme = useTheme();
  if (row.status === 'running')
    return (
      <Text color={theme.color('cyan')}>
        <Spinner type={theme.spinner} />
      </Text>
    );
  if (row.status === 'queued') return <Text dimColor>{theme.marks.info}</Text>;
  return (
    <Text color={theme.color(row.healthy ? 'green' : 'red')}>{row.healthy ? theme.marks.pass : theme.marks.fail}</Text>
  );
}
