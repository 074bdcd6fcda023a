/**
 * The CLI's entry, bundled as dist/main.js and started by dist/cli.js (src/bin.ts) from the code cache. Keeps
 * start-up lean: the headless paths (--json, --no-interactive) load neither React nor Ink, and rarely used parts
 * (the lab, report formats) are imported only when asked for.
 */
import { isUsageError, parseCliArgs } from './cli/cli-args.js';
import { diagnoseOnce } from './cli/diagnose-once.js';
import { helpText } from './cli/help-text.js';
import { writeStdout } from './cli/write-stdout.js';
import { exitStatus } from './engine/exit-status.js';
import { version } from './version.js';

async function main(): Promise<number> {
  // Only a terminal on both ends is interactive. stdout is built anyway, to print; stdin only when stdout is a
  // terminal: process.stdin over a file or /dev/null loads Node's fs streams and promises (~0.5 MiB), which a
  // piped or redirected run (--json in scripts and CI) then never pays.
  const stdout = Boolean(process.stdout.isTTY);
  const args = parseCliArgs(process.argv.slice(2), process.env, {
    stdin: stdout && Boolean(process.stdin.isTTY),
    stdout,
  });
  if (args.help) return writeStdout(helpText).then(() => exitStatus.ok);
  if (args.version) return writeStdout(`${version}\n`).then(() => exitStatus.ok);
  if (args.explain) {
    const [{ explainTree }, { diagnosisTree }] = await Promise.all([
      import('./tree/explain-tree.js'),
      import('./tree/diagnosis-tree.js'),
    ]);
    return writeStdout(explainTree(diagnosisTree)).then(() => exitStatus.ok);
  }
  if (args.demo) return (await import('./cli/run-demo.js')).runDemo(args, version);
  // In a terminal the app watches live; pipes, --json, --no-interactive and CI get a line (or a JSON document) per run.
  if (args.watch && !args.interactive) return (await import('./cli/run-watch.js')).runWatch(args, version);
  if (args.interactive) return (await import('./cli/run-interactive.js')).runInteractive(args, version);
  return diagnoseOnce(args, version);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isUsageError(error)) {
      process.stderr.write(`conn-doctor: ${error.message}\n`);
      process.exit(exitStatus.usage);
    }
    // A bug, not a network outcome: one line, and the details only when asked for.
    process.stderr.write(`conn-doctor: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (process.env.CONN_DOCTOR_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
    process.exit(exitStatus.internal);
  },
);
