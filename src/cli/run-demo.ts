import { defaultAnswers } from '../engine/events.js';
import { exitStatus } from '../engine/exit-status.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import { inProcessRunner } from '../engine/run-in-process.js';
import type { Session } from '../engine/session.js';
import type { RunningScenario } from '../lab/scenario.js';
import { scenarios } from '../lab/scenarios.js';
import { type RunningLab, startLab } from '../lab/start-lab.js';
import type { Options } from '../shared/options.js';
import { parseCliArgs } from './cli-args.js';
import { diagnosisRequest } from './diagnosis-request.js';
import { UsageError } from './usage-error.js';
import { writeStdout } from './write-stdout.js';

interface DemoResult {
  scenario: string;
  title: string;
  expectedVerdict: string;
  session: Session;
}

/**
 * `--demo [scenario]`: starts the fault lab on loopback. In a terminal it is the guided app: pick a scenario,
 * watch it diagnosed, back to the list. Otherwise (pipes, --json, CI) every scenario, or the one named, is
 * diagnosed with the same engine as a real run and listed. Returns 0 when each verdict is the one its scenario
 * declares (in the app: the exit status of the last walk with a scenario named, else 0).
 */
export async function runDemo(args: Options, version: string): Promise<number> {
  const only = args.target === null ? undefined : [scenarioId(args.target)];
  const lab = await startLab({ only });
  if (args.interactive) {
    try {
      return await demoApp(lab, args, version, only !== undefined);
    } finally {
      await lab.stop();
    }
  }
  let results: DemoResult[];
  try {
    results = await Promise.all(
      lab.running.map(async ({ scenario, run }) => {
        const scenarioOptions = await optionsOf(run);
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

/** A scenario named on the command line must be one the lab knows: a typo is a usage error. */
function scenarioId(name: string): string {
  if (scenarios.some((scenario) => scenario.id === name)) return name;
  throw new UsageError(`unknown demo scenario "${name}": \`conn-doctor --demo | cat\` lists them`);
}

/**
 * A scenario's command line (its target and `--dns-server`, `--symptom`, `--timeout`, …) through the same
 * options path as the user's.
 */
function optionsOf(run: RunningScenario): Promise<Options> {
  return parseCliArgs([run.target, ...run.args, '--json'], {}, { stdin: false, stdout: false });
}

/** The demo in a terminal: the scenario list, then the guided app on the one picked, until the user quits. */
async function demoApp(lab: RunningLab, args: Options, version: string, single: boolean): Promise<number> {
  const { loadUi } = await import('./run-interactive.js');
  const ui = await loadUi();
  const { color, ascii } = args;
  const listed = lab.running.map(({ scenario }) => ({
    id: scenario.id,
    title: scenario.title,
    expectedVerdict: scenario.expectedVerdict,
  }));
  let index = 0;
  for (let walks = 0; walks < 1000; walks++) {
    const picked = single ? listed[0] : await ui.pickScenario({ scenarios: listed, initialIndex: index, color, ascii });
    if (!picked) return exitStatus.ok;
    index = listed.indexOf(picked);
    const { run } = lab.running[index]!;
    // The scenario's own target and probe settings, shown as the user's terminal wants them, in the app.
    const scenarioOptions = await optionsOf(run);
    const code = await ui.runApp({
      options: { ...scenarioOptions, interactive: true, json: false, color, ascii },
      version,
      // On this thread, with the scenario's own proxy variables; the lab's servers run here too.
      runner: inProcessRunner({ ...process.env, ...run.env }),
    });
    if (single) return code;
  }
  return exitStatus.ok;
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
