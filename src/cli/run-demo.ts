import { defaultAnswers } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import { inProcessRunner } from '../engine/run-in-worker.js';
import type { Session } from '../engine/session.js';
import type { RunningScenario } from '../lab/scenario.js';
import { scenarios } from '../lab/scenarios.js';
import { startLab, type RunningLab } from '../lab/start-lab.js';
import { parseCliArgs, UsageError, type CliArgs } from './cli-args.js';
import { supportsUnicode } from './diagnose-once.js';
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
export async function runDemo(args: CliArgs, version: string): Promise<number> {
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
        const scenarioArgs = argsOf(run);
        const parsed = parseTarget(run.target);
        if (!parsed.ok) throw new Error(`lab scenario ${scenario.id} has a bad target: ${parsed.error}`);
        const session = await runDiagnosis({
          target: parsed.target,
          credentials: parsed.credentials,
          symptom: scenarioArgs.symptom,
          repeat: scenarioArgs.repeat,
          timeoutMs: scenarioArgs.timeoutMs,
          dnsServer: scenarioArgs.dnsServer,
          caFile: scenarioArgs.caFile,
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
    const { renderJsonReport } = await import('../report/json-report.js');
    const reports = results.map((r) => ({
      scenario: r.scenario,
      expectedVerdict: r.expectedVerdict,
      report: JSON.parse(renderJsonReport(r.session, { version })) as unknown,
    }));
    await writeStdout(`${JSON.stringify(reports, null, 2)}\n`);
  } else {
    await writeStdout(renderDemoTable(results, lab.skipped, args.color));
  }
  return allAsExpected ? 0 : 1;
}

/** A scenario named on the command line must be one the lab knows: a typo is a usage error. */
function scenarioId(name: string): string {
  if (scenarios.some((scenario) => scenario.id === name)) return name;
  throw new UsageError(`unknown demo scenario "${name}": \`conn-doctor --demo | cat\` lists them`);
}

/** The options a scenario's run adds to the command line (`--dns-server`, `--symptom`, `--timeout`, …). */
function argsOf(run: RunningScenario): CliArgs {
  return parseCliArgs([run.target, ...run.args, '--json'], {}, { stdin: false, stdout: false });
}

/** The demo in a terminal: the scenario list, then the guided app on the one picked, until the user quits. */
async function demoApp(lab: RunningLab, args: CliArgs, version: string, single: boolean): Promise<number> {
  const { loadUi } = await import('./run-interactive.js');
  const ui = await loadUi();
  const ascii = !supportsUnicode();
  const listed = lab.running.map(({ scenario }) => ({
    id: scenario.id,
    title: scenario.title,
    expectedVerdict: scenario.expectedVerdict,
  }));
  let index = 0;
  for (let walks = 0; walks < 1000; walks++) {
    const picked = single
      ? listed[0]
      : await ui.pickScenario({ scenarios: listed, initialIndex: index, color: args.color, ascii });
    if (!picked) return 0;
    index = listed.indexOf(picked);
    const { run } = lab.running[index]!;
    const given = argsOf(run);
    const code = await ui.runApp({
      target: run.target,
      symptom: given.symptom,
      timeoutMs: given.timeoutMs,
      dnsServer: given.dnsServer,
      caFile: given.caFile,
      repeat: given.repeat,
      color: args.color,
      ascii,
      version,
      // On this thread, with the scenario's own proxy variables; the lab's servers run here too.
      runner: inProcessRunner({ ...process.env, ...run.env }),
    });
    if (single) return code;
  }
  return 0;
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
