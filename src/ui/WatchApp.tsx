/*
 * The watch screen (`--watch` in a terminal): selects what it needs from the watch store, turns keys into
 * actions, and owns quitting. Runs start and stop in watch-actions.ts, never here.
 *
 *   ┌─────────────────────────────────────────────────────────────────────────┐
 *   │ Header           conn-doctor 0.1.0 · http://127.0.0.1:8080/             │
 *   │                                                                         │
 *   │ WatchVerdict     ✗ Nothing listens on port 8080  no-listener            │ the latest verdict, in two
 *   │                    Every connection attempt was refused: the client…    │ lines (one before the first)
 *   │                                                                         │
 *   │ one of           StepList      (a run under way: its steps, live)       │
 *   │                  WatchNextRun  (between runs: the countdown, or paused) │
 *   │                                                                         │
 *   │ WatchCounters    7 runs · 1 change · 5 healthy · 2 failed               │
 *   │ WatchHistory     12:00:07    31 ms  no-listener  ← changed from healthy │ most recent first, as many
 *   │                  12:00:02   153 ms  healthy                             │ as fit (up to 8)
 *   │                                                                         │
 *   │ ExportStatusLine ✓ Report written to ./conn-doctor-….md (once exported) │
 *   │ KeyBar           [p] pause  [r] run now  [e] export  [q] quit           │
 *   └─────────────────────────────────────────────────────────────────────────┘
 */
import { Box, useApp } from 'ink';
import { useStore } from 'zustand';
import { ExportStatusLine, exportStatusText } from './ExportStatusLine.js';
import { Header } from './Header.js';
import { headerText } from './header-text.js';
import { KeyBar } from './KeyBar.js';
import { watchKeyHints } from './key-hints.js';
import { StepList } from './StepList.js';
import { useTheme } from './theme.js';
import { useSecondsLeft } from './use-seconds-left.js';
import { useTerminalSize } from './use-terminal-size.js';
import { useWatchKeys } from './use-watch-keys.js';
import { exportLatest, runNow, stopWatch, togglePause, type WatchController } from './watch-actions.js';
import { watchHistoryRows } from './watch-layout.js';
import { beginWatchExport, cancelWatchExport, watchExitCode } from './watch-store.js';
import { WatchCounters, watchCountersText } from './WatchCounters.js';
import { WatchHistory } from './WatchHistory.js';
import { WatchNextRun, watchNextRunText } from './WatchNextRun.js';
import { WatchVerdict, watchVerdictTitle } from './WatchVerdict.js';

export interface WatchAppProps {
  readonly controller: WatchController;
  readonly version: string;
  /** A fixed terminal size, for renderToString; by default Ink's stdout's, following resizes. */
  readonly size?: { columns: number; rows: number };
}

export function WatchApp({ controller: ctl, version, size }: WatchAppProps) {
  const { store } = ctl;
  const theme = useTheme();
  const { exit } = useApp();
  const terminal = useTerminalSize(size);
  // One selector per field: each returns a stored reference or a primitive, so nothing re-renders for nothing.
  const target = useStore(store, (s) => s.target);
  const symptom = useStore(store, (s) => s.symptom);
  const running = useStore(store, (s) => s.running);
  const paused = useStore(store, (s) => s.paused);
  const nextRunAt = useStore(store, (s) => s.nextRunAt);
  const steps = useStore(store, (s) => s.steps);
  const latest = useStore(store, (s) => s.latest);
  const history = useStore(store, (s) => s.history);
  const counts = useStore(store, (s) => s.counts);
  const error = useStore(store, (s) => s.error);
  const exporting = useStore(store, (s) => s.exporting);
  const exportStatus = useStore(store, (s) => s.exportStatus);
  const secondsLeft = useSecondsLeft(nextRunAt, ctl.clock.now);

  const quit = () => {
    const code = watchExitCode(store.getState());
    stopWatch(ctl);
    exit(code);
  };
  useWatchKeys(exporting, {
    onPause: () => togglePause(ctl),
    onRunNow: () => runNow(ctl),
    onExport: () => beginWatchExport(store),
    onFormat: (format) => void exportLatest(ctl, format),
    onCancelExport: () => cancelWatchExport(store),
    onQuit: quit,
  });

  const columns = Math.max(40, terminal.columns);
  const reproduced = latest?.symptomReproduced ?? null;
  const hints = watchKeyHints({ paused, exporting, latest });
  const idle = { paused, secondsLeft, error };
  const rows = watchHistoryRows({
    rows: terminal.rows,
    columns,
    header: headerText({ version, target, symptom, reproduced }, theme),
    verdictTitle: watchVerdictTitle(latest?.verdict ?? null, theme.marks),
    counters: watchCountersText(counts, theme.marks.separator),
    steps: running ? steps : null,
    idle: watchNextRunText(idle, theme.marks),
    exportLine: exportStatusText(exportStatus, theme.marks),
    keyBar: hints.map((h) => `[${h.key}] ${h.label}`).join('  '),
  });

  return (
    <Box flexDirection="column" width={columns}>
      <Header version={version} target={target} symptom={symptom} reproduced={reproduced} />
      <Box marginTop={1} flexDirection="column">
        <WatchVerdict verdict={latest?.verdict ?? null} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        {running ? <StepList steps={steps} /> : <WatchNextRun {...idle} />}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <WatchCounters counts={counts} />
        <WatchHistory runs={history.slice(0, rows)} columns={columns} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <ExportStatusLine status={exportStatus} />
        <KeyBar hints={hints} />
      </Box>
    </Box>
  );
}
