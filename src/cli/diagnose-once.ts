import { defaultAnswers } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import { renderReport } from '../report/render-report.js';
import type { CliArgs } from './cli-args.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { writeStdout } from './write-stdout.js';

/** One diagnosis without a TUI: `--json`, `--no-interactive`, pipes and CI. Returns the exit status. */
export async function diagnoseOnce(args: CliArgs, version: string): Promise<number> {
  const session = await runDiagnosis({ ...diagnosisRequest(args), answer: defaultAnswers });
  if (args.report) await (await import('./write-report-file.js')).writeReportFile(args.report, session, version);
  const shown = { version, color: args.color, ascii: !supportsUnicode() };
  await writeStdout(await renderReport(session, args.json ? 'json' : 'text', shown));
  return exitStatusOf(session);
}

/** Windows consoles and C/POSIX locales often lack the marks; fall back to ASCII there. */
export function supportsUnicode(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.platform === 'win32') return Boolean(env.WT_SESSION || env.TERM_PROGRAM);
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return env.TERM !== 'linux' && (locale === '' || /utf-?8/i.test(locale));
}
