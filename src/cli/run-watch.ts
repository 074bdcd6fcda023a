import { defaultAnswers } from '../engine/events.js';
import { exitStatusOf } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import type { Session } from '../engine/session.js';
import { renderReport } from '../report/render-report.js';
import type { Options } from '../shared/options.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { pause } from './pause.js';
import { untilInterrupted } from './until-interrupted.js';
import { writeStdout } from './write-stdout.js';

/** One line per run: when, the verdict, and what changed since the run before. */
function watchLine(session: Session, previous: Session | null, color: boolean): string {
  const time = session.finishedAt.slice(11, 19);
  const changed = previous !== null && previous.verdict.id !== session.verdict.id;
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const verdict = session.verdict.id === 'healthy' ? paint('32', session.verdict.id) : paint('31', session.verdict.id);
  const note = changed ? paint('1', `  ← changed from ${previous.verdict.id}`) : '';
  return `${time}  ${verdict}  ${session.verdict.title}${note}\n`;
}

/**
 * `--watch`: diagnoses again every `intervalMs` until interrupted (Ctrl-C, SIGTERM), printing each verdict as
 * a line (`--json`: one JSON report a line) and marking when it changes. Exits with the last verdict's status.
 */
export async function runWatch(options: Options, version: string): Promise<number> {
  const request = diagnosisRequest(options);
  let previous: Session | null = null;
  await untilInterrupted(async (signal) => {
    while (!signal.aborted) {
      const session = await runDiagnosis({ ...request, answer: defaultAnswers, signal });
      if (signal.aborted) break;
      await writeStdout(
        options.json
          ? await renderReport(session, 'json', { version, oneLine: true })
          : watchLine(session, previous, options.color),
      );
      previous = session;
      await pause(options.intervalMs, signal);
    }
  });
  return exitStatusOf(previous);
}
