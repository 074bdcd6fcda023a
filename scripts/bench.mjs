// Benchmark of the built CLI against the fault lab (`npm run bench` builds first). Not a test: it prints
// numbers and exits 0 whatever they are.
//
// What it measures, per lab scenario:
// - CLI ms: median whole-process wall time of `node dist/cli.js <target> <args> --json`, from spawn to the
//   process closing its pipes (hrtime). That is what a user or a script waits for, start-up included.
// - curl ms: median time of `curl -s -o /dev/null --noproxy '*' --max-time <budget s> <url>` on the same
//   target, as a yardstick of "how long a plain client takes to fail". n/a for
//   - tcp:// targets: curl's telnet:// keeps the connection until --max-time even with stdin at EOF, so its
//     time would be the budget, not anything it measured;
//   - targets resolved through the lab's DNS server: that needs `--dns-servers`, which only c-ares builds of
//     curl have; without it curl would ask the system resolver about made-up names, which we never do.
// - ×node: CLI median over the median of `node -e 0` (bare Node start-up, interleaved with the other runs so
//   that machine noise hits all three alike). 1.0× would mean the diagnosis itself costs nothing.
// - peak MiB: max RSS of one CLI run under GNU time (`/usr/bin/time -f %M`), n/a without it. That run is
//   also the warm-up (page cache, lab servers), and its verdict is not in the medians.
// - verdict: ✓ when every timed run ended in the scenario's expectedVerdict and expectedExit, else what came.
// Headlines: the refused loopback target (closed-port) against our start-up goals, and, for scenarios that
// wait (their args set --timeout, or the CLI took at least half its budget, like a silent TCP server's banner
// wait), the time to a verdict against the per-probe budget (--timeout, default 3000 ms).
//
// Usage: node scripts/bench.mjs [--runs N] [--only id,id]   (N = 5 by default; full run ≈ 1–2 minutes)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.js');
const gnuTime = '/usr/bin/time';
const defaultBudgetMs = 3000;
/** Any single run that takes longer than this is killed: a hung child must not hang the bench. */
const runCeilingMs = 30_000;

const { values: options } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) fail('--runs must be an integer from 1 to 50');
if (!existsSync(cli)) fail(`${cli} is missing: run \`npm run build\` first (\`npm run bench\` does)`);

// Children get no proxy settings: every target is on loopback, and a proxy would change what is measured.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)));
const curlVersion = spawnSync('curl', ['--version'], { encoding: 'utf8' });
const curl = curlVersion.status === 0 ? { dnsServers: /c-ares/i.test(curlVersion.stdout) } : undefined;
const hasGnuTime = spawnSync(gnuTime, ['-f', '%M', '-o', os.devNull, 'true']).status === 0;
/** The floor under every peak: a Node process that does nothing. */
const baselineKiB = hasGnuTime ? await peakRss(['-e', '0']) : undefined;

const lab = await startLabFromSource(options.only?.split(',').filter(Boolean)).catch((error) =>
  fail(`the lab did not start: ${error.message}`),
);
const rows = [];
const baselineMs = [];
try {
  for (const { scenario, run } of lab.running) {
    if (!onLoopback(run)) {
      rows.push({ scenario, skipped: `target ${run.target} is not on loopback` });
      continue;
    }
    const cliArgs = [cli, run.target, ...run.args, '--json'];
    const curlArgs = curlArgsFor(run);
    const peakKiB = hasGnuTime ? await peakRss(cliArgs) : undefined;
    const cliRuns = [];
    const curlMs = [];
    for (let i = 0; i < runs; i++) {
      cliRuns.push(await timed(process.execPath, cliArgs));
      if (curlArgs) curlMs.push((await timed('curl', curlArgs)).ms);
      baselineMs.push((await timed(process.execPath, ['-e', '0'])).ms);
    }
    rows.push({ scenario, run, cliRuns, curlMs, peakKiB });
    process.stderr.write('.');
  }
} finally {
  process.stderr.write('\n');
  await lab.stop();
}
report(rows, median(baselineMs));
// Exit even if some lab handle outlived stop(): a benchmark must end.
process.exit(0);

// ---- the lab, bundled on the fly (it is TypeScript and the CLI bundle does not export it) ----

async function startLabFromSource(only) {
  const bundled = await build({
    entryPoints: [path.join(root, 'src/lab/start-lab.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'warning',
  });
  // A file rather than a data: URL: stack traces then point somewhere, and nothing depends on how
  // data: modules resolve imports.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-bench-'));
  try {
    const file = path.join(dir, 'start-lab.mjs');
    writeFileSync(file, bundled.outputFiles[0].contents);
    const { startLab } = await import(pathToFileURL(file).href);
    return await startLab(only ? { only } : {});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lab targets are loopback literals, or lab.test names resolved only through the lab's loopback DNS server. */
function onLoopback(run) {
  const host = new URL(run.target).hostname.replace(/^\[|\]$/g, '');
  if (host === '::1' || /^127\./.test(host)) return true;
  return host.endsWith('.lab.test') && run.args.includes('--dns-server');
}

// ---- the three kinds of run ----

function budgetMs(run) {
  const at = run.args.indexOf('--timeout');
  return at >= 0 ? Number(run.args[at + 1]) : defaultBudgetMs;
}

/** curl's arguments for the same request, or undefined when curl can't make it like-for-like (see header). */
function curlArgsFor(run) {
  if (!curl || !run.target.startsWith('http')) return undefined;
  const dnsAt = run.args.indexOf('--dns-server');
  if (dnsAt >= 0 && !curl.dnsServers) return undefined;
  const dns = dnsAt >= 0 ? ['--dns-servers', run.args[dnsAt + 1]] : [];
  const maxTime = String(budgetMs(run) / 1000);
  return ['-s', '-o', os.devNull, '--noproxy', '*', '--max-time', maxTime, ...dns, run.target];
}

/** Runs a command to its end; wall time from spawn to the close of its pipes, its exit code and stdout. */
function timed(command, args) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      if (stdout.length < 1 << 20) stdout += chunk;
    });
    const ceiling = setTimeout(() => child.kill('SIGKILL'), runCeilingMs);
    child.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(ceiling);
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout });
    });
  });
}

/** Max RSS in KiB of one Node run, as GNU time reports it (written to a file so the CLI's stderr stays apart). */
async function peakRss(nodeArgs) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-rss-'));
  try {
    const out = path.join(dir, 'rss');
    await timed(gnuTime, ['-f', '%M', '-o', out, process.execPath, ...nodeArgs]);
    const kib = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
    return Number.isFinite(kib) && kib > 0 ? kib : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the report ----

function verdictOf(stdout) {
  try {
    return JSON.parse(stdout)?.verdict?.id ?? '(no verdict)';
  } catch {
    return '(no JSON)';
  }
}

function verdictCell({ scenario, cliRuns }) {
  const seen = [...new Set(cliRuns.map((r) => `${verdictOf(r.stdout)}/exit ${r.code ?? 'killed'}`))];
  const expected = `${scenario.expectedVerdict}/exit ${scenario.expectedExit}`;
  return seen.length === 1 && seen[0] === expected ? `✓ ${scenario.expectedVerdict}` : `✗ ${seen.join(', ')}`;
}

function report(rows, baseline) {
  const table = [['scenario', 'verdict', 'CLI ms', 'curl ms', '×node', 'peak MiB']];
  for (const row of rows) {
    if (row.skipped) {
      table.push([row.scenario.id, `skipped: ${row.skipped}`, '', '', '', '']);
      continue;
    }
    const cliMs = median(row.cliRuns.map((r) => r.ms));
    table.push([
      row.scenario.id,
      verdictCell(row),
      fixed(cliMs, 0),
      row.curlMs.length > 0 ? fixed(median(row.curlMs), 0) : 'n/a',
      `${fixed(cliMs / baseline, 2)}×`,
      row.peakKiB === undefined ? 'n/a' : fixed(row.peakKiB / 1024, 1),
    ]);
  }
  const widths = table[0].map((_, col) => Math.max(...table.map((line) => [...line[col]].length)));
  const lines = table.map((line) => line.map((cell, col) => pad(cell, widths[col], col >= 2)).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const timedRows = rows.filter((row) => !row.skipped);

  console.log(`conn-doctor bench: ${runs} timed runs each, node ${process.version}, ${os.cpus().length} CPUs`);
  const baselinePeak = baselineKiB === undefined ? 'n/a' : `${fixed(baselineKiB / 1024, 1)} MiB`;
  console.log(`node -e 0: median ${fixed(baseline, 1)} ms, peak RSS ${hasGnuTime ? baselinePeak : 'n/a (no GNU time)'}`);
  console.log(`curl: ${curl ? (curl.dnsServers ? 'with --dns-servers' : 'no c-ares, so n/a for lab DNS names') : 'n/a (not installed)'}\n`);
  console.log(lines.join('\n'));
  console.log();

  const refused = timedRows.find((row) => row.scenario.id === 'closed-port');
  if (refused) {
    const ms = median(refused.cliRuns.map((r) => r.ms));
    const peak = refused.peakKiB === undefined ? 'n/a' : `${fixed(refused.peakKiB / 1024, 1)} MiB`;
    console.log(
      `refused loopback --json: ${fixed(ms, 0)} ms = ${fixed(ms / baseline, 2)}× node -e 0 (goal ≤ 1.4×), ` +
        `peak ${peak} (goal < 45 MiB)`,
    );
  }
  const waiting = timedRows.filter(
    (row) => row.run.args.includes('--timeout') || median(row.cliRuns.map((r) => r.ms)) >= budgetMs(row.run) / 2,
  );
  if (waiting.length > 0) {
    console.log('time to verdict vs budget (scenarios that wait for silence):');
    for (const row of waiting) {
      const ms = median(row.cliRuns.map((r) => r.ms));
      const budget = budgetMs(row.run);
      console.log(`  ${row.scenario.id}: ${fixed(ms, 0)} ms for a ${budget} ms budget = ${fixed(ms / budget, 2)}× budget`);
    }
  }
}

function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fixed(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function pad(cell, width, right) {
  const gap = ' '.repeat(width - [...cell].length);
  return right ? gap + cell : cell + gap;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
