import { describe, expect, it } from 'vitest';
import { healthyHttpSession } from '../report/session-fixture.test-helper.js';
import { sweepRowView } from '../report/sweep-rows.js';
import { fitCell, rowPrefixWidth, scrollStart, sweepColumns, sweepTableHeight } from './sweep-layout.js';
import type { SweepRowState } from './sweep-store.js';
import terminalWidth from './terminal-width.js';

const row = (source: string, target: string): SweepRowState => {
  const result = { source: { kind: 'arg' as const }, input: target, session: healthyHttpSession(), unfinished: null };
  return {
    index: 0,
    source,
    target,
    status: 'done',
    result,
    view: { ...sweepRowView(result, 0, 30_000), verdict: 'tls-certificate-untrusted' },
    healthy: true,
    changedFrom: null,
  };
};
const total = (w: ReturnType<typeof sweepColumns>) =>
  rowPrefixWidth +
  w.source +
  2 +
  w.target +
  2 +
  w.verdict +
  (w.confidence > 0 ? 2 + w.confidence : 0) +
  (w.time > 0 ? 2 + w.time : 0);

describe('the sweep table layout', () => {
  it('cuts a cell with an ellipsis by terminal columns, and pads it to its width', () => {
    expect(fitCell('localhost:5432', 20, '…')).toBe('localhost:5432      ');
    expect(fitCell('postgres://***@db.internal:5432/shop', 12, '…')).toBe('postgres://…');
    expect(fitCell('postgres://***@db.internal:5432/shop', 12, '...')).toBe('postgres:...');
    // A source keeps its end: the line and the variable tell the rows of one file apart.
    expect(fitCell('/srv/app/targets.txt:14', 12, '…', 'end')).toBe('…gets.txt:14');
    expect(terminalWidth(fitCell('/srv/例え/targets.txt:1', 9, '…', 'end'))).toBe(9);
    // Wide characters count twice: the cut never leaves the cell a column too wide.
    expect(terminalWidth(fitCell('http://例え.テスト/', 10, '…'))).toBe(10);
  });

  it('keeps the verdict, confidence and time whole at 80 columns and shares the rest, never past the width', () => {
    const rows = [row('.env:12 A_VERY_LONG_VARIABLE_NAME_URL', 'postgres://***@a-long-host-name.example:5432/db')];
    const widths = sweepColumns(80, rows);
    expect(widths).toMatchObject({ verdict: 'tls-certificate-untrusted'.length, confidence: 'CONFIDENCE'.length });
    expect(total(widths)).toBeLessThan(80);
    expect(widths.target).toBeGreaterThan(widths.source);
  });

  it('drops the confidence, then the time, then cuts the verdict as the terminal narrows', () => {
    const rows = [row('.env:3 DATABASE_URL', 'postgres://***@127.0.0.1:5432/shop')];
    for (const columns of [70, 60, 50, 40]) expect(total(sweepColumns(columns, rows))).toBeLessThan(columns);
    expect(sweepColumns(60, rows).confidence).toBe(0);
    expect(sweepColumns(40, rows)).toMatchObject({ confidence: 0, time: 0 });
  });

  it('gives short sources and targets their width and nothing more', () => {
    expect(sweepColumns(100, [row('arg', 'localhost:1')])).toMatchObject({ source: 6, target: 11 });
  });

  it('shows every row when they fit, else a window a line shorter, for the line that counts the rest', () => {
    const chrome = { rows: 24, columns: 80, exportLine: null, keyBar: '[↑↓] move  [Enter] open  [q] quit' };
    expect(sweepTableHeight({ ...chrome, count: 5 })).toEqual({ height: 5, scrolls: false });
    expect(sweepTableHeight({ ...chrome, count: 50 })).toEqual({ height: 14, scrolls: true });
  });

  it('moves the window only as far as the cursor needs', () => {
    expect(scrollStart(0, 3, 50, 10)).toBe(0);
    expect(scrollStart(0, 10, 50, 10)).toBe(1);
    expect(scrollStart(5, 7, 50, 10)).toBe(5);
    expect(scrollStart(5, 2, 50, 10)).toBe(2);
    // Fewer rows than before (a resize): never past the last full window.
    expect(scrollStart(45, 49, 50, 20)).toBe(30);
  });
});
