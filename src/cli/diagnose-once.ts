import { defaultAnswers } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import { renderJsonReport } from '../report/json-report.js';
import { renderTextSummary } from '../report/text-summary.js';
import type { CliArgs } from './cli-args.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { writeStdout } from './write-stdout.js';

/** One diagnosis without a TUI: `--json`, `--no-interactive`, pipes and CI. Returns the exit status. */
export async function diagnoseOnce(args: CliArgs, version: string): Promise<number> {
  const textOptions = { color: args.color, ascii: !supportsUnicode() };
  const session = await runDiagnosis({ ...diagnosisRequest(args), answer: defaultAnswers });
  if (args.report) await (await import('./write-report-file.js')).writeReportFile(args.report, session, version);
  await writeStdout(args.json ? renderJsonReport(session, { version }) : renderTextSummary(session, textOptions));
  return exitStatusOf(session);
}

/** Windows consoles and C/POSIX locales often lack the marks; fall back to ASCII there. */
export function supportsUnicode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'win32') return Boolean(env.WT_SESSION || env.TERM_PROGRAM);
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return env.TERM !== 'linux' && (locale === '' || /utf-?8/i.test(locale));
}
