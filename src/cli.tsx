/**
 * The CLI's entry, bundled as dist/main.js and started by dist/cli.js (src/bin.ts) from the code cache. Keeps
 * start-up lean: the headless paths (--json, --no-interactive) load neither React nor Ink, and rarely used parts
 * (the lab, report formats) are imported only when asked for.
 */
import { isatty } from 'node:tty';
import { parseCliArgs } from './cli/cli-args.js';
import { diagnoseOnce } from './cli/diagnose-once.js';
import { helpText } from './cli/help-text.js';
import { frontEndOf, isSweep } from './cli/option-table.js';
import { readStdinText } from './cli/read-stdin-text.js';
import { isUsageError, UsageError } from './cli/usage-error.js';
import { writeStdout } from './cli/write-stdout.js';
import { exitStatus } from './engine/exit-status.js';
import { version } from './version.js';

/** `--symptom -`: a read error is the user's to fix (stdin a directory, say), so it is a usage error. */
const readStdin = () =>
  readStdinText(process.stdin, (line) => process.stderr.write(`conn-doctor: ${line}\n`)).catch((error: unknown) => {
    throw new UsageError(`cannot read standard input: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  });

/** A list of targets longer than this is not one: refuse it rather than diagnose a line cut in half. */
const targetsStdinLimit = 4 * 1024 * 1024;

/** `--targets -`: the whole list, or a usage error; a cut list could end in half a target. */
async function readTargetsStdin(): Promise<string> {
  let cut = false;
  const text = await readStdinText(process.stdin, () => (cut = true), targetsStdinLimit).catch((error: unknown) => {
    throw new UsageError(`cannot read standard input: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  });
  if (cut) throw new UsageError('--targets -: standard input is longer than 4 MiB; give the list in a file');
  return text;
}

const warn = (line: string) => process.stderr.write(`conn-doctor: ${line}\n`);

async function main(): Promise<number> {
  // isatty() rather than process.stdin.isTTY: building process.stdin over a file or /dev/null loads Node's fs
  // streams and promises (~0.5 MiB), which a piped or redirected run (--json in scripts and CI) then never pays.
  const options = await parseCliArgs(process.argv.slice(2), process.env, {
    stdin: isatty(0),
    stdout: Boolean(process.stdout.isTTY),
    readStdin,
    warn: (line) => process.stderr.write(`conn-doctor: ${line}\n`),
  });
  if (options.help) return writeStdout(helpText()).then(() => exitStatus.ok);
  if (options.version) return writeStdout(`${version}\n`).then(() => exitStatus.ok);
  if (options.explain) {
    const [{ explainTree }, { diagnosisTree }] = await Promise.all([
      import('./tree/explain-tree.js'),
      import('./tree/diagnosis-tree.js'),
    ]);
    return writeStdout(explainTree(diagnosisTree)).then(() => exitStatus.ok);
  }
  // In a terminal the app watches live; pipes, --json, --no-interactive and CI get a line (or a JSON document) per run.
  switch (frontEndOf(options)) {
    case 'demo':
      return (await import('./cli/run-demo.js')).runDemo(options, version);
    case 'watch':
      if (isSweep(options))
        return (await import('./cli/watch-sweep.js')).watchSweep(options, version, {
          readStdin: readTargetsStdin,
          warn,
        });
      return (await import('./cli/run-watch.js')).runWatch(options, version);
    case 'app':
      return (await import('./cli/run-interactive.js')).runInteractive(options, version);
    case 'sweep':
      return (await import('./cli/sweep-once.js')).sweepOnce(options, version, { readStdin: readTargetsStdin, warn });
    case 'wait':
      return (await import('./cli/run-wait.js')).runWait(options, version, { readStdin: readTargetsStdin, warn });
    default:
      return diagnoseOnce(options, version);
  }
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
