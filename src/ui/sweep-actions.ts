import { join } from 'node:path';
import type { SweepListener, SweepSession } from '../engine/run-sweep.js';
import type { ReportFormat } from '../report/report-format.js';
import { renderSweepReport } from '../report/render-sweep-report.js';
import { writeReportAtomically } from '../report/write-report-file.js';
import { localStamp } from './export-report.js';
import { exportSession } from './export-session.js';
import type { ExportStatus } from './store.js';
import { finishSweepRound, recordSweepEvent, startSweepRound, type SweepStore } from './sweep-store.js';

/**
 * One round of a sweep, already under way: the CLI starts it before the UI has loaded, so its events are kept until
 * the table listens.
 */
export interface SweepRound {
  /** Calls `listener` with every event so far, then with each new one. */
  listen(listener: SweepListener): void;
  /** The round's sweep: it resolves once every row is done (unfinished rows included), never rejects for a row. */
  session: Promise<SweepSession>;
  /** Stops the round: rows still running end unfinished (`cancelled`), and `session` resolves soon after. */
  cancel(): void;
}

/** What the sweep table's actions take besides the store. */
export interface SweepController {
  readonly store: SweepStore;
  readonly version: string;
  /** Where exported reports go: the current folder, or a temp dir in tests. */
  readonly exportDir: string;
  /** The round under way, if any. */
  round: SweepRound | null;
}

/** Feeds a round into the store: its events as they come, then its sweep. Resolves with that sweep. */
export async function followRound(ctl: SweepController, round: SweepRound): Promise<SweepSession> {
  startSweepRound(ctl.store);
  ctl.round = round;
  round.listen((event) => {
    if (ctl.round === round) recordSweepEvent(ctl.store, event);
  });
  const sweep = await round.session;
  if (ctl.round === round) {
    ctl.round = null;
    finishSweepRound(ctl.store, sweep);
  }
  return sweep;
}

/** Quitting while a round runs: it is cancelled, and the table keeps what it had. */
export function stopRound(ctl: SweepController): void {
  ctl.round?.cancel();
}

/**
 * `conn-doctor-sweep-<yyyymmdd-hhmmss>.<ext>`, from the sweep's start in local time, as a single report's name is
 * made: exporting one sweep twice in one format names the same file.
 */
export function sweepReportFileName(sweep: SweepSession, format: ReportFormat): string {
  return `conn-doctor-sweep-${localStamp(sweep.startedAt)}.${format}`;
}

/** `e` then a format on the table: the last finished round's whole sweep, as `--report` writes it. */
export async function exportWholeSweep(ctl: SweepController, format: ReportFormat): Promise<void> {
  const { sweep } = ctl.store.getState();
  ctl.store.setState({ exporting: false });
  if (sweep === null) return;
  const path = join(ctl.exportDir, sweepReportFileName(sweep, format));
  let status: ExportStatus;
  try {
    await writeReportAtomically(path, await renderSweepReport(sweep, format, { version: ctl.version }));
    status = { kind: 'written', path };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    status = { kind: 'failed', message: `Could not write ${path}: ${reason}` };
  }
  ctl.store.setState({ sweepExport: status });
}

/** `e` then a format on a row's verdict: that row's own report, as the single diagnosis exports it. */
export async function exportOpenRow(ctl: SweepController, format: ReportFormat): Promise<void> {
  const { screen } = ctl.store.getState();
  ctl.store.setState({ exporting: false });
  if (screen.kind !== 'verdict') return;
  const status = await exportSession(screen.session, format, ctl.exportDir, ctl.version);
  // The user may have gone back meanwhile: the status belongs to the screen it was written from.
  if (ctl.store.getState().screen === screen) ctl.store.setState({ rowExport: status });
}
