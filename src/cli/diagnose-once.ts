import { defaultAnswers } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import type { Session } from '../engine/session.js';
import { renderReport } from '../report/render-report.js';
import type { Options } from '../shared/options.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { writeStdout } from './write-stdout.js';

/** One diagnosis without a TUI: `--json`, `--no-interactive`, pipes and CI. Returns the exit status. */
export async function diagnoseOnce(options: Options, version: string): Promise<number> {
  const session = await runDiagnosis({ ...diagnosisRequest(options), answer: defaultAnswers });
  return writeSessionOutput(options, session, version);
}

/**
 * What one diagnosis leaves when it ends: the `--report` file, then the summary (or the JSON report) on stdout.
 * `--wait` on one target ends with exactly this. Returns the session's exit status.
 */
export async function writeSessionOutput(options: Options, session: Session, version: string): Promise<number> {
  if (options.report) await (await import('./write-report-file.js')).writeReportFile(options.report, session, version);
  await writeStdout(
    await renderReport(session, options.json ? 'json' : 'text', {
      version,
      color: options.color,
      ascii: options.ascii,
    }),
  );
  return exitStatusOf(session);
}
