import { Box, Text } from 'ink';
import { type SweepColumns, fitCell, sweepHeadings } from './sweep-layout.js';
import type { SweepRowState } from './sweep-store.js';
import { SweepTableRow } from './SweepTableRow.js';
import { useTheme } from './theme.js';

export interface SweepTableProps {
  /** The rows in the window, in the order shown. */
  readonly rows: readonly SweepRowState[];
  readonly widths: SweepColumns;
  /** The row under the cursor, by its index in the targets. */
  readonly cursor: number;
  /** Rows above and below the window; a line says so when there are any. */
  readonly above: number;
  readonly below: number;
}

/** The headings, a line per row in the window, and how many rows are out of it. */
export function SweepTable({ rows, widths, cursor, above, below }: SweepTableProps) {
  const theme = useTheme();
  const heading = (key: keyof SweepColumns) =>
    widths[key] > 0 ? `${key === 'source' ? '' : '  '}${fitCell(sweepHeadings[key], widths[key], '')}` : '';
  return (
    <Box flexDirection="column">
      <Text dimColor wrap="truncate-end">
        {`    ${heading('source')}${heading('target')}${heading('verdict')}${heading('confidence')}${heading('time')}`}
      </Text>
      {rows.map((row) => (
        <SweepTableRow key={row.index} row={row} widths={widths} selected={row.index === cursor} />
      ))}
      {above + below > 0 && (
        <Text dimColor wrap="truncate-end">
          {`    ${[above > 0 ? `${above} more above` : null, below > 0 ? `${below} more below` : null]
            .filter((part) => part !== null)
            .join(`, `)}${theme.marks.ellipsis}`}
        </Text>
      )}
    </Box>
  );
}
