/*
 * The sweep's live table (several targets in a terminal): selects what it needs from the sweep store, turns keys
 * into actions, and owns quitting. The sweep itself runs in the CLI (cli/run-sweep-app.ts); rounds are fed in
 * through sweep-actions.ts.
 *
 *   ┌──────────────────────────────────────────────────────────────────────────────┐
 *   │ header       conn-doctor 0.1.0 · 6 targets · 2 running · 3 healthy · 1 problem │
 *   │                                                                              │
 *   │ SweepTable       SOURCE           TARGET               VERDICT      CONF… TIME │ a row per target: a spinner
 *   │              ❯ ✗ .env:3 DATABAS…  postgres://***@127…  no-listener  cert… 139 ms│ while it runs, problems
 *   │                ⠋ .env:4 API_URL   http://127.0.0.1:8…  waiting                 │ first once all are done;
 *   │                ✓ compose.yaml:5…  localhost:8080       healthy      cert… 88 ms │ a window when they do not
 *   │                  3 more below…                                               │ all fit
 *   │                                                                              │
 *   │ detail       .env:3 DATABASE_URL  postgres://***@127.0.0.1:5432/shop          │ the cursor row, whole,
 *   │              ✗ Nothing listens on port 5432                                  │ and its verdict's title
 *   │                                                                              │
 *   │ ExportStatusLine ✓ Report written to ./conn-doctor-sweep-….md (once exported) │
 *   │ KeyBar       [↑↓] move  [Enter] open  [e] export all  [q] quit               │
 *   └──────────────────────────────────────────────────────────────────────────────┘
 *
 * Enter on a row with a verdict shows SweepVerdict (the single diagnosis's verdict screen) instead; Esc returns.
 */
import { Box, Text, useApp } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { nowMs } from '../shared/monotonic-clock.js';
import { elapsed } from '../report/sweep-rows.js';
import { ExportStatusLine, exportStatusText } from './ExportStatusLine.js';
import { formatChoiceKey } from './format-choice-keys.js';
import { KeyBar } from './KeyBar.js';
import { exportOpenRow, exportWholeSweep, stopRound, type SweepController } from './sweep-actions.js';
import { sweepTableKeyHints } from './sweep-key-hints.js';
import { fitCell, scrollStart, sweepColumns, sweepTableHeight } from './sweep-layout.js';
import {
  backToTable,
  beginSweepExport,
  cancelSweepExport,
  cursorRow,
  moveCursor,
  openCursorRow,
  toggleRowEvidence,
  toggleRowVerdictView,
  whyNotOpenable,
} from './sweep-store.js';
import { sweepDetailText, sweepHeaderText, sweepRepeatText } from './sweep-text.js';
import { SweepTable } from './SweepTable.js';
import { SweepVerdict } from './SweepVerdict.js';
import { useTheme } from './theme.js';
import { useKeys } from './use-keys.js';
import { useTerminalSize } from './use-terminal-size.js';

export interface SweepAppProps {
  readonly controller: SweepController;
  /** A fixed terminal size, for tests; by default Ink's stdout's, following resizes. */
  readonly size?: { columns: number; rows: number };
}

export function SweepApp({ controller: ctl, size }: SweepAppProps) {
  const { store } = ctl;
  const theme = useTheme();
  const { exit } = useApp();
  const terminal = useTerminalSize(size);
  // One selector per field: each returns a stored reference or a primitive, so nothing re-renders for nothing.
  const rows = useStore(store, (s) => s.rows);
  const cursor = useStore(store, (s) => s.cursor);
  const screen = useStore(store, (s) => s.screen);
  const running = useStore(store, (s) => s.running);
  const sweep = useStore(store, (s) => s.sweep);
  const exporting = useStore(store, (s) => s.exporting);
  const sweepExport = useStore(store, (s) => s.sweepExport);
  const rowExport = useStore(store, (s) => s.rowExport);
  const verdictView = useStore(store, (s) => s.verdictView);
  const evidenceExpanded = useStore(store, (s) => s.evidenceExpanded);
  const quitting = useStore(store, (s) => s.quitting);
  const repeat = useStore(store, (s) => s.repeat);
  const round = useStore(store, (s) => s.round);
  const ended = useStore(store, (s) => s.ended);
  const windowStart = useRef(0);
  const now = useClock(repeat?.wait != null && !ended);

  // A sweep still running is stopped: its rows end unfinished (cancelled), and the CLI reads the exit status.
  const quit = () => {
    stopRound(ctl);
    // An empty last frame (Ink erases the table; the CLI prints it as text, which the scrollback keeps), then exit.
    store.setState({ quitting: true });
  };
  useEffect(() => {
    if (quitting) exit();
  }, [quitting, exit]);
  // A wait that ended by itself: this frame (the table, and why it ended) is the last, and stays on screen.
  useEffect(() => {
    if (ended) exit();
  }, [ended, exit]);
  const onTable = screen.kind === 'table';
  useKeys((input, key) => {
    if (ended) return;
    if (key.ctrl && input === 'c') return quit();
    if (!onTable) return;
    if (exporting)
      return formatChoiceKey(input, key.escape, {
        onFormat: (format) => void exportWholeSweep(ctl, format),
        onCancelExport: () => cancelSweepExport(store),
        onQuit: quit,
      });
    if (key.upArrow || input === 'k') moveCursor(store, -1);
    else if (key.downArrow || input === 'j') moveCursor(store, 1);
    else if (key.pageUp) moveCursor(store, -height);
    else if (key.pageDown) moveCursor(store, height);
    else if (key.home) moveCursor(store, -rows.length);
    else if (key.end) moveCursor(store, rows.length);
    else if (key.return) openCursorRow(store);
    else if (input === 'e') beginSweepExport(store);
    // Not Esc: it is the key that leaves a row's verdict, and pressed once too often it must not end the sweep.
    else if (input === 'q') quit();
  });

  const columns = Math.max(40, terminal.columns);
  const selected = cursorRow({ rows, cursor });
  const hints = sweepTableKeyHints(
    { exporting, running, exportable: sweep !== null, notOpenable: whyNotOpenable(selected) },
    theme,
  );
  const detail = sweepDetailText(selected, theme);
  const exportLine = exportStatusText(sweepExport, theme.marks);
  const repeatLine = sweepRepeatText({ repeat, round, rows, ended }, now, theme);
  const { height, scrolls } = sweepTableHeight({
    repeatLine: repeatLine !== null,
    rows: terminal.rows,
    columns,
    exportLine,
    keyBar: hints.map((h) => `[${h.key}] ${h.label}`).join('  '),
    count: rows.length,
  });
  const cursorAt = Math.max(
    0,
    rows.findIndex((row) => row.index === selected?.index),
  );
  const start = scrollStart(windowStart.current, cursorAt, rows.length, height);
  windowStart.current = start;

  if (quitting) return null;
  if (screen.kind === 'verdict') {
    const row = rows.find((r) => r.index === screen.index);
    return (
      <SweepVerdict
        session={screen.session}
        source={row?.source ?? ''}
        version={ctl.version}
        size={{ columns, rows: terminal.rows }}
        exporting={exporting}
        exportStatus={rowExport}
        verdictView={verdictView}
        evidenceExpanded={evidenceExpanded}
        actions={{
          onExport: () => beginSweepExport(store),
          onFormat: (format) => void exportOpenRow(ctl, format),
          onCancelExport: () => cancelSweepExport(store),
          onToggleView: () => toggleRowVerdictView(store),
          onToggleEvidence: () => toggleRowEvidence(store),
          onQuit: () => backToTable(store),
        }}
      />
    );
  }

  const header = sweepHeaderText(
    { version: ctl.version, rows, running, took: sweep === null ? null : elapsed(sweep.startedAt, sweep.finishedAt) },
    theme,
  );
  const widths = sweepColumns(columns, rows);
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end">
        <Text bold color={theme.color('cyan')}>
          conn-doctor
        </Text>
        <Text dimColor>
          {fitCell(header, columns - 1, theme.marks.ellipsis)
            .trimEnd()
            .slice('conn-doctor'.length)}
        </Text>
      </Text>
      {repeatLine === null ? null : (
        <Text
          wrap="truncate-end"
          bold={ended}
          color={ended ? theme.color(rows.every((r) => r.healthy) ? 'green' : 'red') : undefined}
        >
          {repeatLine}
        </Text>
      )}
      <Box marginTop={1}>
        <SweepTable
          rows={rows.slice(start, start + height)}
          widths={widths}
          cursor={selected?.index ?? -1}
          above={scrolls ? start : 0}
          below={scrolls ? Math.max(0, rows.length - start - height) : 0}
        />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Text wrap="truncate-end" dimColor>
          {selected === undefined ? '' : `${selected.source}  ${selected.target}`}
        </Text>
        <Text wrap="truncate-end" color={selected?.view ? theme.color(selected.healthy ? 'green' : 'red') : undefined}>
          {detail}
        </Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        <ExportStatusLine status={sweepExport} />
        {ended ? null : <KeyBar hints={hints} />}
      </Box>
    </Box>
  );
}

/**
 * The time on the monotonic clock the wait's deadline is set by (`SweepRepeat`), each second while `ticking` (a
 * wait's time left), else as of the last render.
 */
function useClock(ticking: boolean): number {
  const [now, setNow] = useState(nowMs);
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(nowMs()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return ticking ? now : nowMs();
}
