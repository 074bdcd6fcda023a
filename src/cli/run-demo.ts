import { defaultAnswers } from '../engine/events.js';
import { exitStatus } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import type { Session } from '../engine/session.js';
import { startLab } from '../lab/start-lab.js';
import type { Options } from '../shared/options.js';
import { parseCliArgs } from './cli-args.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { writeStdout } from './write-stdout.js';

interface DemoResult {
  scenario: string;
  title: string;
  expectedVerdict: string;
  session: Session;
}

/**
 * `--demo`: starts the fault lab on loopback and diagnoses every scenario with the same engine as a real
 * run. Returns 0 when each verdict is the one its scenario declares.
 */
export async function runDemo(args: Options, version: string): Promise<number> {
  const lab = await startLab();
  let results: DemoResult[];
  try {
    results = await Promise.all(
      lab.running.map(async ({ scenario, run }) => {
        // Each scenario's command line goes through the same options path as the user's.
        const scenarioOptions = await parseCliArgs(
          [run.target, ...run.args, '--json'],
          {},
          { stdin: false, stdout: false },
        );
        const session = await runDiagnosis({
          ...diagnosisRequest(scenarioOptions),
          env: { ...process.env, ...run.env },
          answer: defaultAnswers,
        });
        return { scenario: scenario.id, title: scenario.title, expectedVerdict: scenario.expectedVerdict, session };
      }),
    );
  } finally {
    await lab.stop();
  }
  const allAsExpected = results.every((r) => r.session.verdict.id === r.expectedVerdict);
  if (args.json) {
    const { renderReport } = await import('../report/render-report.js');
    const reports = await Promise.all(
      results.map(async (r) => ({
        scenario: r.scenario,
        expectedVerdict: r.expectedVerdict,
        report: JSON.parse(await renderReport(r.session, 'json', { version })) as unknown,
      })),
    );
    await writeStdout(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    await writeStdout(renderDemoTable(results, lab.skipped, args.color));
  }
  return allAsExpected ? exitStatus.ok : exitStatus.problem;
}

function renderDemoTable(
  results: readonly DemoResult[],
  skipped: readonly { id: string; reason: string }[],
  color: boolean,
): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const idWidth = Math.max(...results.map((r) => r.scenario.length));
  const lines = [`conn-doctor demo: ${results.length} faults staged on loopback, each diagnosed for real`, ''];
  for (const r of results) {
    const ok = r.session.verdict.id === r.expectedVerdict;
    const mark = ok ? paint('32', 'ok  ') : paint('31', 'FAIL');
    const took = Date.parse(r.session.finishedAt) - Date.parse(r.session.startedAt);
    lines.push(
      `${mark} ${r.scenario.padEnd(idWidth)}  ${r.session.verdict.id}${ok ? '' : ` (expected ${r.expectedVerdict})`}  ${took} ms`,
    );
    lines.push(`     ${' '.repeat(idWidth)}  ${paint('2', r.session.verdict.title)}`);
  }
  const matched = results.filter((r) => r.session.verdict.id === r.expectedVerdict).length;
  lines.push('', `${matched} of ${results.length} verdicts as expected.`);
  for (const { id, reason } of skipped) lines.push(`skipped ${id}: ${reason}`);
  lines.push('Diagnose one yourself: conn-doctor <target> (try --explain to see the decision tree)', '');
  return lines.join('\n');
}
