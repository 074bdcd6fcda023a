// Benchmark of the built CLI against the fault lab (`npm run bench` builds first). Not a test: it prints
// numbers and exits 0 whatever they are.
//
// What it measures, per lab scenario:
// - CLI ms: median whole-process wall time of `node dist/cli.js <target> <args> --json`, from spawn to the
//   process closing its pipes (hrtime). That is what a user or a script waits for, start-up included.
// - curl ms: median time of `curl -s -o /dev/null --noproxy '*' --max-time <budget s> <url>` on the same
//   target (https: with the scenario's --ca as --cacert), as a yardstick of "how long a plain client takes to fail".
//   n/a for
//   - tcp:// targets: curl's telnet:// keeps the connection until --max-time even with stdin at EOF, so its
//     time would be the budget, not anything it measured;
//   - targets resolved through the lab's DNS server: that needs `--dns-servers`, which only c-ares builds of
//     curl have; without it curl would ask the system resolver about made-up names, which we never do.
// - ×node: CLI median over the median of `node -e 0` (bare Node start-up, interleaved with the other runs so
//   that machine noise hits all three alike: after every other CLI run, once per TLS row). 1.0× would mean the
//   diagnosis itself costs nothing. The refused-loopback goal line pairs closed-port's runs with a `node -e 0`
//   after each of them instead: the machine's speed drifts over a whole bench, and the goal is a ratio.
// - peak MiB: max RSS of one CLI run under GNU time (`/usr/bin/time -f %M`), n/a without it. That run is
//   also the warm-up (page cache, lab servers), and its verdict is not in the medians.
// - verdict: ✓ when every timed run ended in the scenario's expectedVerdict and expectedExit, else what came.
// A scenario whose first timed run took ≥ 750 ms waits on timers (a budget, a banner wait), so it gets 3 timed runs
// instead of N: its time is the timers', and two more runs would add half a minute to the bench, not knowledge.
// Headlines: the refused loopback target (closed-port) against our start-up goals, and, for scenarios that
// wait (their args set --timeout, or the CLI took at least half its budget, like a silent TCP server's banner
// wait), the time to a verdict against the per-probe budget (--timeout, default 3000 ms).
//
// TLS handshake vs curl, for https scenarios (https://localhost:<port>/; the lab serves both loopbacks). curl runs
// on the same server with the same trust: `--cacert` with the scenario's `--ca` file, else curl's default store,
// plus `-w '%{time_connect} %{time_appconnect} %{remote_ip}'`. Where curl refuses the certificate (appconnect 0),
// a `-k` run times the same handshake (with -k curl reads no CA file at all). Compared only where both finished the
// client side of the handshake: our `tls.handshake` has a secureAt (kind secure, or an alert after a TLS 1.3
// handshake) and curl's appconnect > 0. Runs are interleaved with the CLI runs above; medians of --runs.
// - ours: `tls.handshake` handshakeMs (secureAt − connectedAt), the first TLS connection of a fresh Node process;
//   curl: time_appconnect − time_connect of a fresh curl process. Both are what each tool reports.
// - warm (like-for-like), tls-healthy only (each costs a process more per run): the second full handshake in one
//   process, trust store loaded and code warm: our `tls.handshake` of the second diagnosis of a `--watch --json`
//   run (same step, same cached context, no session resumption) vs curl's second transfer of two in one process,
//   with --no-sessionid so that it too is a full handshake, not a resumption.
// - curl pre-hello: from a separate `curl -v --trace-time` run of two transfers, time from "Connected" to its
//   ClientHello (first / second connection), which lands inside curl's appconnect − connect; the trace also tells
//   whether curl read its CA file before or after that ClientHello.
// - curl net: curl's time_appconnect − time_connect less that pre-hello time, i.e. from its ClientHello to the
//   end of the handshake: the wire part both tools share. Ours has no such set-up inside its clock (the secure
//   context is made before the connect), so this is the like-for-like figure for a first connection.
// - tls-healthy only: curl with other trust settings, to see whether a cheaper CA setup lowers its number.
//
// Protocol verdicts on real servers (issue 12): a Redis with requirepass (the answer is -NOAUTH) and a PostgreSQL whose
// pg_hba.conf has no line for TCP clients, started here as the real-server tests start them (test/protocol-servers.ts:
// own temp dir, 127.0.0.1, foreground, stopped by pid). Per server, `--json` on the protocol URL and on tcp://, and the
// tool a user would reach for (`redis-cli ping`, `pg_isready`), each run in turn with a `node -e 0` after them: the
// ×node column is each median over that of the `node -e 0` runs made alongside. The tool's column says what it told
// the user (its exit status and first line), for it rarely says no. A row whose program is missing (or that needs
// root to start the server, PostgreSQL) says n/a.
//
// Usage: node scripts/bench.mjs [--runs N] [--only id,id]   (N = 5 by default; full run ≈ 2 minutes)
//   --only takes lab scenario ids and the protocol rows' ids: redis-noauth, postgres-hba.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** A scenario whose first run took this long waits on timers (a budget, a banner wait): it gets `slowRuns` runs. */
const slowMs = 750;
const slowRuns = 3;
/** The protocol rows, one per real server; `--only` names them by these ids. */
const protocolRowIds = ['redis-noauth', 'postgres-hba'];
/** One -w line per transfer: seconds to TCP connected and to TLS done (0 if it never was), address, new connections. */
const curlTimes = '%{time_connect} %{time_appconnect} %{remote_ip} %{num_connects}\n';
/** Where the system's CA bundle lives (as in src/probes/trust-store.ts): our probe trusts it too. */
const systemBundles = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

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

const only = options.only?.split(',').filter(Boolean);
const labOnly = only?.filter((id) => !protocolRowIds.includes(id));
const lab = await startLabFromSource(labOnly).catch((error) => fail(`the lab did not start: ${error.message}`));
const rows = [];
const baselineMs = [];
/** Peak RSS of the very first CLI run of the bench, which writes the code cache (KiB). */
let firstRunPeakKiB;
/** Made on first use by a TLS row: a temp folder for curl's trace and, on tls-healthy, its trust variants' files. */
let scratch;
const scratchDir = () => {
  scratch ??= mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-bench-'));
  return scratch;
};
let trustFiles;
try {
  // The row with the start-up goal runs first: a refused loopback target reads this machine's socket tables, and
  // every other row leaves TIME_WAIT sockets in them for a minute (a few hundred by the end of a bench).
  const goalFirst = [...lab.running].sort(
    (a, b) => Number(b.scenario.id === 'closed-port') - Number(a.scenario.id === 'closed-port'),
  );
  for (const { scenario, run } of goalFirst) {
    if (!onLoopback(run)) {
      rows.push({ scenario, skipped: `target ${run.target} is not on loopback` });
      continue;
    }
    const cliArgs = [cli, run.target, ...run.args, '--json'];
    const curlArgs = curlArgsFor(run);
    // A scenario's own variables (a proxy's, for the proxy scenarios) reach the CLI as a user's shell would pass them.
    const cliEnv = { ...env, ...run.env };
    // A first run of a new build writes the user's code cache (src/shared/code-cache.ts) at exit, and later runs start
    // from it: the bench's first run's peak is printed apart, and the figures are of runs that use the cache.
    if (scenario.id === 'closed-port' && hasGnuTime) firstRunPeakKiB = await peakRss(cliArgs, cliEnv);
    const peakKiB = hasGnuTime ? await peakRss(cliArgs, cliEnv) : undefined;
    const cliRuns = [];
    /** node -e 0 right after each CLI run of the row that has a goal: its ratio pairs runs made side by side. */
    const pairedBaseMs = [];
    const curlMs = [];
    const tlsSamples = [];
    for (let i = 0; i < runs; i++) {
      const cliRun = await timed(process.execPath, cliArgs, { childEnv: cliEnv });
      cliRuns.push(cliRun);
      const curlRun = curlArgs ? await timed('curl', curlArgs) : undefined;
      if (curlRun) curlMs.push(curlRun.ms);
      if (curlRun && isHttps(run)) {
        const detailed = scenario.id === 'tls-healthy' && run.args.includes('--ca');
        tlsSamples.push(await tlsSample(run, cliRun.stdout, curlRun.stdout, detailed));
      }
      // Every other run, and once for a TLS row (its extra curl runs take that time): the median has samples enough.
      if (scenario.id === 'closed-port') {
        const base = (await timed(process.execPath, ['-e', '0'])).ms;
        pairedBaseMs.push(base);
        baselineMs.push(base);
      } else if (isHttps(run) ? i === 0 : i % 2 === 0) baselineMs.push((await timed(process.execPath, ['-e', '0'])).ms);
      // A scenario that waits on timers takes the same time every run: more runs would add minutes, not knowledge.
      if (i + 1 >= slowRuns && cliRuns[0].ms >= slowMs) break;
    }
    rows.push({ scenario, run, cliRuns, pairedBaseMs, curlMs, peakKiB, tlsSamples });
    process.stderr.write('.');
  }
} finally {
  process.stderr.write('\n');
  await lab.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
// `--only` with protocol rows alone starts no lab scenario: then there is no lab table to print.
if (rows.length > 0) {
  report(rows, median(baselineMs));
  reportTls(rows);
}
reportProtocols(await benchProtocols(only ? protocolRowIds.filter((id) => only.includes(id)) : protocolRowIds));
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

/**
 * Lab targets are loopback literals, `localhost` (https, so the certificate's name is checked; the hosts file
 * answers for it, never DNS), or lab.test names resolved only through the lab's loopback DNS server.
 */
function onLoopback(run) {
  const host = new URL(run.target).hostname.replace(/^\[|\]$/g, '');
  if (host === '::1' || host === 'localhost' || /^127\./.test(host)) return true;
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
  const tls = isHttps(run) ? [...curlTrust(run), '-w', curlTimes] : [];
  return ['-s', '-o', os.devNull, '--noproxy', '*', '--max-time', maxTime, ...dns, ...tls, run.target];
}

/**
 * Runs a command to its end; wall time from spawn to the close of its pipes, its exit code and stdout. Always
 * async: the lab's servers live in this process and must keep answering meanwhile.
 */
function timed(command, args, { childEnv = env } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'ignore'] });
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
async function peakRss(nodeArgs, childEnv = env) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-rss-'));
  try {
    const out = path.join(dir, 'rss');
    await timed(gnuTime, ['-f', '%M', '-o', out, process.execPath, ...nodeArgs], { childEnv });
    const kib = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
    return Number.isFinite(kib) && kib > 0 ? kib : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- TLS handshake vs curl ----

function isHttps(run) {
  return run.target.startsWith('https:');
}

/** The scenario's trust for curl: its --ca file, else curl's default store (as ours then uses the system's). */
function curlTrust(run) {
  const at = run.args.indexOf('--ca');
  return at >= 0 ? ['--cacert', run.args[at + 1]] : [];
}

function curlTlsArgs(run, extra, { urls = [run.target], trust = curlTrust(run) } = {}) {
  const outputs = urls.flatMap(() => ['-o', os.devNull]);
  const maxTime = String(budgetMs(run) / 1000);
  return ['-s', ...outputs, '--noproxy', '*', '--max-time', maxTime, ...trust, ...extra, '-w', curlTimes, ...urls];
}

/** Each transfer's handshake ms (null when TLS never finished), the address it dialled, whether it connected anew. */
function curlHandshakes(stdout) {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [connect, appconnect, ip, connects] = line.trim().split(' ');
      const ms = Number(appconnect) > 0 ? (Number(appconnect) - Number(connect)) * 1000 : null;
      return { ms, ip: ip ?? null, fresh: connects === '1' };
    });
}

/** Our numbers from one --json document: the handshake step's, the http step's over TLS, the address. */
function oursTls(stdout) {
  let steps = [];
  try {
    steps = JSON.parse(stdout)?.steps ?? [];
  } catch {}
  const details = (id) => steps.find((step) => step.id === id)?.details;
  const span = (marks) =>
    marks?.secureAt == null || marks.connectedAt == null ? null : marks.secureAt - marks.connectedAt;
  const tls = details('tls.handshake');
  const open = [details('tcp.connect')].flat().find((attempt) => attempt?.kind === 'open');
  return {
    kind: tls?.kind ?? 'no tls.handshake',
    // An alert after a TLS 1.3 handshake (client certificate refused) comes after the same span as a secure one.
    ms: tls?.kind === 'secure' ? tls.handshakeMs : span(tls?.marks),
    // The http step's own TLS socket (https only): the same context, but no byte tap in between.
    httpMs: span(details('http.request')?.marks),
    address: open?.address ?? null,
  };
}

/**
 * From `curl -v --trace-time` (wall-clock stamps, µs): per connection, ms from "Connected to" to its ClientHello
 * going out; and whether its first "CAfile:" line came after the first ClientHello (null: no such line, e.g. -k).
 */
function preHello(trace) {
  const at = (line) => {
    const m = /^(\d\d):(\d\d):(\d\d\.\d+) /.exec(line);
    return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : NaN;
  };
  const gaps = [];
  let connected = null;
  let helloSeen = false;
  let caAfterHello = null;
  for (const line of trace.split('\n')) {
    if (/ \* Connected to /.test(line)) connected = at(line);
    else if (/\(OUT\), TLS handshake, Client hello/.test(line) && connected !== null) {
      const gap = at(line) - connected;
      gaps.push(gap >= 0 ? gap : NaN); // NaN across midnight
      connected = null;
      helloSeen = true;
    } else if (/ \* +CAfile: /.test(line) && caAfterHello === null) caAfterHello = helloSeen;
  }
  return { cold: gaps[0] ?? NaN, warm: gaps[1] ?? NaN, caAfterHello };
}

/**
 * Two diagnoses in one process (`--watch --json`, a document a line), then SIGTERM: the JSON lines. The second
 * diagnosis finds the trust store and TLS context cached and its code warm.
 */
function watchTwice(run) {
  return new Promise((resolve) => {
    const args = [cli, run.target, ...run.args, '--json', '--watch', '--interval', '200'];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (stdout.split('\n').length > 2 || stdout.length > 1 << 20) child.kill('SIGTERM');
    });
    const ceiling = setTimeout(() => child.kill('SIGKILL'), runCeilingMs);
    child.on('error', () => {});
    child.on('close', () => {
      clearTimeout(ceiling);
      resolve(stdout.split('\n').filter((line) => line.trim() !== ''));
    });
  });
}

/**
 * One iteration's TLS numbers for an https row. Extra runs happen only where there is something to compare, and
 * the costly ones (the warm pair, curl's trust variants) only on the `detailed` row.
 */
async function tlsSample(run, cliStdout, curlStdout, detailed) {
  const ours = oursTls(cliStdout);
  let mode = run.args.includes('--ca') ? '--cacert' : 'default store';
  let [curlCold] = curlHandshakes(curlStdout);
  let curlExit = null;
  if (curlCold?.ms == null) {
    // curl refused the certificate (or more): time the same handshake without its verdict.
    mode = '-k';
    const insecure = await timed('curl', curlTlsArgs(run, ['-k']));
    [curlCold] = curlHandshakes(insecure.stdout);
    curlExit = insecure.code;
  }
  const sample = {
    ...{ ours, mode, curl: curlCold ?? null, curlExit },
    ...{ oursWarm: null, oursWarmHttp: null, curlWarm: null, preHello: null, variants: null },
  };
  if (ours.ms === null || curlCold?.ms == null) return sample;

  const flags = mode === '-k' ? ['-k', '--no-sessionid'] : ['--no-sessionid'];
  const twice = { urls: [run.target, run.target] };
  if (detailed) {
    const [, second] = await watchTwice(run);
    const warm = second ? oursTls(second) : null;
    sample.oursWarm = warm?.ms ?? null;
    sample.oursWarmHttp = warm?.httpMs ?? null;
    const curlSecond = curlHandshakes((await timed('curl', curlTlsArgs(run, flags, twice))).stdout)[1];
    // A reused connection has no handshake to compare.
    sample.curlWarm = curlSecond?.fresh ? curlSecond.ms : null;
  }
  // To a file: written to a pipe, the trace itself adds ~4 ms to the handshake it times (measured); to a file, ~0.
  const traceFile = path.join(scratchDir(), 'curl-trace');
  const traced = await timed('curl', ['-v', '--trace-time', '--stderr', traceFile, ...curlTlsArgs(run, flags, twice)]);
  const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
  sample.preHello = { ...preHello(trace), total: curlHandshakes(traced.stdout)[0]?.ms ?? NaN };
  if (detailed) sample.variants = await trustVariants(run);
  return sample;
}

/** curl on tls-healthy with other trust settings: does a cheaper CA setup lower its appconnect − connect? */
async function trustVariants(run) {
  trustFiles ??= makeTrustFiles(curlTrust(run)[1]);
  const variants = [
    ['--cacert lab root', [], {}],
    ['CURL_CA_BUNDLE=lab root', [], { trust: [], childEnv: { ...env, CURL_CA_BUNDLE: trustFiles.root } }],
    ['--tlsv1.3', ['--tlsv1.3'], {}],
    ['-k (no CA file read)', ['-k'], {}],
  ];
  // curl keeps its default CA file beside a --capath: that is what this variant shows.
  if (trustFiles.capath) {
    variants.push(['--capath lab root (+ default CA file)', ['--capath', trustFiles.capath], { trust: [] }]);
  }
  if (trustFiles.bundle) variants.push(['system bundle + lab root', ['--cacert', trustFiles.bundle], { trust: [] }]);
  const ms = {};
  for (const [name, extra, { trust, childEnv }] of variants) {
    const result = await timed('curl', curlTlsArgs(run, extra, trust ? { trust } : {}), childEnv ? { childEnv } : {});
    ms[name] = curlHandshakes(result.stdout)[0]?.ms ?? NaN;
  }
  return ms;
}

/** In `scratch`: the lab root alone as a hashed --capath, and the system bundle with the lab root appended. */
function makeTrustFiles(rootFile) {
  const dir = path.join(scratchDir(), 'trust');
  mkdirSync(dir);
  const root = readFileSync(rootFile, 'utf8');
  const capath = path.join(dir, 'capath');
  mkdirSync(capath);
  writeFileSync(path.join(capath, 'lab-root.pem'), root);
  const hashed = spawnSync('openssl', ['rehash', capath], { stdio: 'ignore' }).status === 0;
  const system = systemBundles.find((file) => existsSync(file));
  const bundle = system ? path.join(dir, 'bundle.pem') : undefined;
  if (bundle) writeFileSync(bundle, `${readFileSync(system, 'utf8')}\n${root}`);
  return { root: rootFile, capath: hashed ? capath : undefined, bundle };
}

// ---- protocol verdicts on real servers, next to the usual tools ----

/**
 * The starters of test/protocol-servers.ts, bundled on the fly like the lab. Their module imports `describe` and
 * `it` from vitest for the tests' skip lines; the bench calls neither, so they resolve to nothing here and the bench
 * does not load vitest.
 */
async function protocolServersFromSource() {
  const noVitest = {
    name: 'no-vitest',
    setup(builder) {
      builder.onResolve({ filter: /^vitest$/ }, () => ({ path: 'vitest', namespace: 'no-vitest' }));
      builder.onLoad({ filter: /.*/, namespace: 'no-vitest' }, () => ({
        contents: 'export const describe = undefined, it = undefined;',
      }));
    },
  };
  const bundled = await build({
    entryPoints: [path.join(root, 'test/protocol-servers.ts'), path.join(root, 'test/real-server.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    outdir: 'out',
    logLevel: 'warning',
    plugins: [noVitest],
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-bench-'));
  try {
    const modules = [];
    for (const file of bundled.outputFiles) {
      const at = path.join(dir, path.basename(file.path));
      writeFileSync(at, file.contents);
      modules.push(await import(pathToFileURL(at).href));
    }
    return { ...modules[0], ...modules[1] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each protocol row: how its server starts, the targets to diagnose on it, and the usual tool's command. */
function protocolRows(servers) {
  const pgBin = servers.POSTGRES_BIN;
  return [
    {
      id: 'redis-noauth',
      title: 'Redis 7, requirepass (-NOAUTH)',
      expected: 'authentication-required',
      program: servers.findProgram('redis-server'),
      tool: servers.findProgram('redis-cli'),
      start: (program) => servers.startRedis(program, ['--requirepass', 'bench-secret']),
      targets: (port) => [`redis://127.0.0.1:${port}`, `tcp://127.0.0.1:${port}`],
      toolArgs: (port) => ['-h', '127.0.0.1', '-p', String(port), 'ping'],
      toolName: 'redis-cli ping',
    },
    {
      id: 'postgres-hba',
      title: 'PostgreSQL 15, no pg_hba.conf line for TCP',
      expected: 'server-rejects-client',
      // initdb and the server run as the postgres user, which takes root to switch to.
      program: process.getuid?.() === 0 ? servers.findProgram(`${pgBin}/postgres`) : null,
      tool: servers.findProgram(`${pgBin}/pg_isready`, 'pg_isready'),
      start: async (program) => (await servers.startPostgres(program, { hba: ['local all postgres trust'] })).server,
      targets: (port) => [`postgres://app@127.0.0.1:${port}/shop`, `tcp://127.0.0.1:${port}`],
      toolArgs: (port) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'app', '-d', 'shop'],
      toolName: 'pg_isready',
    },
  ];
}

/** Runs the protocol rows: per server, the CLI on each target, the tool, and `node -e 0`, in turn, `runs` times. */
async function benchProtocols(ids) {
  if (ids.length === 0) return [];
  process.stderr.write('protocol rows');
  const servers = await protocolServersFromSource();
  const results = [];
  for (const row of protocolRows(servers).filter((candidate) => ids.includes(candidate.id))) {
    if (!row.program) {
      results.push({ row, skipped: 'server not installed (or not root, for PostgreSQL)' });
      continue;
    }
    let server;
    try {
      server = await row.start(row.program);
      const targets = row.targets(server.port);
      const cliRuns = targets.map(() => []);
      const toolRuns = [];
      const baseMs = [];
      // The first round warms the page cache and the server; it is not in the medians.
      for (let i = 0; i <= runs; i++) {
        const round = [];
        for (const target of targets) round.push(await timed(process.execPath, [cli, target, '--json']));
        const tool = row.tool ? await timed(row.tool, row.toolArgs(server.port)) : undefined;
        const base = await timed(process.execPath, ['-e', '0']);
        if (i === 0) continue;
        for (const [at, run] of round.entries()) cliRuns[at].push(run);
        if (tool) toolRuns.push(tool);
        baseMs.push(base.ms);
        process.stderr.write('.');
      }
      results.push({ row, targets, cliRuns, toolRuns, baseMs });
    } catch (error) {
      results.push({ row, skipped: `the server did not start: ${String(error.message).split('\n')[0]}` });
    } finally {
      await server?.stop();
    }
  }
  process.stderr.write('\n');
  return results;
}

function reportProtocols(results) {
  if (results.length === 0) return;
  const table = [['server', 'command', 'result', 'ms', '×node']];
  for (const result of results) {
    const { row } = result;
    if (result.skipped) {
      table.push([row.title, 'all', `n/a: ${result.skipped}`, '', '']);
      continue;
    }
    const base = median(result.baseMs);
    result.targets.forEach((target, at) => {
      const cliRuns = result.cliRuns[at];
      const seen = [...new Set(cliRuns.map((r) => `${verdictOf(r.stdout)}/exit ${r.code ?? 'killed'}`))];
      const cell =
        seen.length === 1 && seen[0].startsWith(`${row.expected}/`) ? `✓ ${seen[0]}` : `✗ ${seen.join(', ')}`;
      const scheme = target.split('://')[0];
      const ms = median(cliRuns.map((r) => r.ms));
      table.push([
        at === 0 ? row.title : '',
        `conn-doctor ${scheme}:// --json`,
        cell,
        fixed(ms, 0),
        `${fixed(ms / base, 2)}×`,
      ]);
    });
    if (result.toolRuns.length === 0) {
      table.push(['', row.toolName, 'n/a (not installed)', '', '']);
    } else {
      const ms = median(result.toolRuns.map((r) => r.ms));
      const last = result.toolRuns.at(-1);
      const said = last.stdout.split('\n')[0].trim().slice(0, 60);
      table.push(['', row.toolName, `exit ${last.code}: ${said}`, fixed(ms, 0), `${fixed(ms / base, 2)}×`]);
    }
    table.push(['', 'node -e 0 (alongside)', '', fixed(base, 0), '1.00×']);
  }
  console.log();
  console.log(
    `protocol verdicts on real servers on loopback: medians of ${runs}, ×node against the node -e 0 runs made alongside (goal ≤ 1.5×)`,
  );
  console.log(renderTable(table, (col) => col >= 3).join('\n'));
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
  const lines = renderTable(table, (col) => col >= 2);
  const timedRows = rows.filter((row) => !row.skipped);

  const slowNote = runs > slowRuns ? ` (${slowRuns} where the first took ≥ ${slowMs} ms)` : '';
  console.log(
    `conn-doctor bench: ${runs} timed runs each${slowNote}, node ${process.version}, ${os.cpus().length} CPUs`,
  );
  const baselinePeak = baselineKiB === undefined ? 'n/a' : `${fixed(baselineKiB / 1024, 1)} MiB`;
  console.log(
    `node -e 0: median ${fixed(baseline, 1)} ms, peak RSS ${hasGnuTime ? baselinePeak : 'n/a (no GNU time)'}`,
  );
  console.log(
    `curl: ${curl ? (curl.dnsServers ? 'with --dns-servers' : 'no c-ares, so n/a for lab DNS names') : 'n/a (not installed)'}\n`,
  );
  console.log(lines.join('\n'));
  console.log();

  const refused = timedRows.find((row) => row.scenario.id === 'closed-port');
  if (refused) {
    const ms = median(refused.cliRuns.map((r) => r.ms));
    // Against the node -e 0 runs made alongside these: a machine's speed drifts over a whole bench.
    const base = median(refused.pairedBaseMs);
    const peak = refused.peakKiB === undefined ? 'n/a' : `${fixed(refused.peakKiB / 1024, 1)} MiB`;
    console.log(
      `refused loopback --json: ${fixed(ms, 0)} ms = ${fixed(ms / base, 2)}× node -e 0 run alongside ` +
        `(${fixed(base, 0)} ms; goal ≤ 1.4×), peak ${peak} (goal < 45 MiB)${socketTableNote()}`,
    );
    if (firstRunPeakKiB !== undefined) {
      console.log(
        `  the bench's first CLI run (it writes the code cache at exit when dist/main.js is new to it): peak ${fixed(firstRunPeakKiB / 1024, 1)} MiB`,
      );
    }
  }
  const waiting = timedRows.filter(
    (row) => row.run.args.includes('--timeout') || median(row.cliRuns.map((r) => r.ms)) >= budgetMs(row.run) / 2,
  );
  if (waiting.length > 0) {
    console.log('time to verdict vs budget (scenarios that wait for silence):');
    for (const row of waiting) {
      const ms = median(row.cliRuns.map((r) => r.ms));
      const budget = budgetMs(row.run);
      console.log(
        `  ${row.scenario.id}: ${fixed(ms, 0)} ms for a ${budget} ms budget = ${fixed(ms / budget, 2)}× budget`,
      );
    }
  }
}

function reportTls(rows) {
  const tlsRows = rows.filter((row) => row.tlsSamples?.length > 0);
  if (tlsRows.length === 0) return;
  const columns = ['scenario', 'curl trust', 'address', 'ours ms', 'curl ms', 'diff', '≤2 ms'];
  const table = [[...columns, 'warm: ours', 'curl', 'diff', '≤2 ms', 'curl pre-hello', 'curl net', 'diff', '≤2 ms']];
  const compared = [];
  const notCompared = [];
  for (const row of tlsRows) {
    const both = row.tlsSamples.filter((sample) => sample.ours.ms !== null && sample.curl?.ms != null);
    if (both.length === 0) {
      const last = row.tlsSamples.at(-1);
      const curlSaid = last.curl?.ms != null ? 'finished' : `exit ${last.curlExit ?? '?'}`;
      notCompared.push(`${row.scenario.id} (ours ${last.ours.kind}, curl ${last.mode}: ${curlSaid})`);
      continue;
    }
    const stats = {
      id: row.scenario.id,
      ours: median(both.map((sample) => sample.ours.ms)),
      curl: median(both.map((sample) => sample.curl.ms)),
      oursWarm: median(both.map((sample) => sample.oursWarm ?? NaN)),
      oursWarmHttp: median(both.map((sample) => sample.oursWarmHttp ?? NaN)),
      curlWarm: median(both.map((sample) => sample.curlWarm ?? NaN)),
      preCold: median(both.map((sample) => sample.preHello?.cold ?? NaN)),
      preWarm: median(both.map((sample) => sample.preHello?.warm ?? NaN)),
      tracedTotal: median(both.map((sample) => sample.preHello?.total ?? NaN)),
      caAfterHello: both.map((sample) => sample.preHello?.caAfterHello).find((seen) => seen != null) ?? null,
      variants: both.map((sample) => sample.variants).filter(Boolean),
    };
    compared.push(stats);
    const modes = [...new Set(both.map((sample) => sample.mode))].join(', ');
    const ours = [...new Set(both.map((sample) => sample.ours.address))].join(' ');
    const theirs = [...new Set(both.map((sample) => sample.curl.ip))].join(' ');
    const address = ours === theirs ? ours : `ours ${ours}, curl ${theirs}`;
    const label =
      `${row.scenario.id}${both[0].ours.kind === 'secure' ? '' : ` (${both[0].ours.kind})`}` +
      (both.length < row.tlsSamples.length ? ` [${both.length}/${row.tlsSamples.length}]` : '');
    table.push([
      label,
      modes,
      address,
      fixed(stats.ours, 1),
      fixed(stats.curl, 1),
      signed(stats.ours - stats.curl),
      within(stats.ours - stats.curl),
      fixed(stats.oursWarm, 1),
      fixed(stats.curlWarm, 1),
      signed(stats.oursWarm - stats.curlWarm),
      within(stats.oursWarm - stats.curlWarm),
      `${fixed(stats.preCold, 1)} / ${fixed(stats.preWarm, 1)}`,
      fixed(stats.curl - stats.preCold, 1),
      signed(stats.ours - (stats.curl - stats.preCold)),
      within(stats.ours - (stats.curl - stats.preCold)),
    ]);
  }

  console.log();
  console.log(
    'TLS handshake: ours = tls.handshake handshakeMs, curl = time_appconnect − time_connect; ' +
      `same server, same root; medians of ${runs}`,
  );
  if (compared.length > 0) console.log(renderTable(table, (col) => col >= 3).join('\n'));
  if (notCompared.length > 0)
    console.log(`not compared (a side did not finish the handshake): ${notCompared.join(', ')}`);
  if (compared.length === 0) return;

  const head = compared.find((stats) => stats.id === 'tls-healthy') ?? compared[0];
  const agreeing = compared.filter((stats) => Math.abs(stats.ours - stats.curl) <= 2).length;
  const versus = (ours, theirs) =>
    `ours ${fixed(ours, 1)} ms, curl ${fixed(theirs, 1)} ms: ${signed(ours - theirs)} ms, ` +
    (Math.abs(ours - theirs) <= 2 ? 'within 2 ms' : 'NOT within 2 ms');
  console.log(
    `TLS handshake, raw (${head.id}): ${versus(head.ours, head.curl)}; ` +
      `${agreeing} of ${compared.length} scenarios within 2 ms`,
  );
  if (Number.isFinite(head.oursWarm) && Number.isFinite(head.curlWarm)) {
    const like = `${head.id}, 2nd full handshake in each process`;
    console.log(`TLS handshake, like-for-like (${like}): ${versus(head.oursWarm, head.curlWarm)}`);
  }
  if (Number.isFinite(head.preCold)) {
    const netAgreeing = compared.filter((stats) => Math.abs(stats.ours - (stats.curl - stats.preCold)) <= 2).length;
    console.log(
      `TLS handshake, wire time (${head.id}, curl net of the set-up its trace shows before its ClientHello): ` +
        `${versus(head.ours, head.curl - head.preCold)}; ${netAgreeing} of ${compared.length} scenarios within 2 ms`,
    );
  }
  const oursSetUp = Number.isFinite(head.oursWarm)
    ? `; ours ${fixed(head.ours - head.oursWarm, 1)} ms more than its second: Node's first TLS socket`
    : '';
  const setUp =
    `a first handshake carries one-time set-up after connect (curl ${fixed(head.preCold, 1)} of its ` +
    `${fixed(head.tracedTotal, 1)} ms in its traced runs before its ClientHello: its SSL context${oursSetUp})`;
  const httpWarm = fixed(head.oursWarmHttp, 1);
  const tap = Number.isFinite(head.oursWarmHttp)
    ? `; warm, our http step's TLS socket (same context, no byte tap) took ${httpWarm} ms in the same runs`
    : '';
  console.log(`  why: ${setUp}${tap}`);
  if (head.variants.length > 0) {
    const names = Object.keys(head.variants[0]);
    const cells = names.map((name) => `${name} ${fixed(median(head.variants.map((ms) => ms[name])), 1)}`);
    const when = head.caAfterHello ? 'after' : 'before';
    const ca = head.caAfterHello === null ? '' : `; curl reads its CA file ${when} its ClientHello`;
    console.log(`  curl on ${head.id} by trust setting (ms): ${cells.join(' · ')}${ca}`);
  }
}

/**
 * A refused local target reads this machine's socket tables, so its time and memory grow with them (~8 ms and
 * ~0.5 MiB more per 1,000 rows): the TIME_WAIT sockets the bench's own runs leave behind count too.
 */
function socketTableNote() {
  if (process.platform !== 'linux') return '';
  const rows = ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => {
    try {
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /^\s*\d+:/.test(line)).length;
    } catch {
      return 0;
    }
  });
  return `; this machine's socket tables now hold ${rows[0]} + ${rows[1]} rows (tcp + tcp6)`;
}

function renderTable(table, rightAligned) {
  const widths = table[0].map((_, col) => Math.max(...table.map((line) => [...line[col]].length)));
  const lines = table.map((line) => line.map((cell, col) => pad(cell, widths[col], rightAligned(col))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

function signed(value) {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}` : 'n/a';
}

function within(diff) {
  return Number.isFinite(diff) ? (Math.abs(diff) <= 2 ? '✓' : '✗') : '';
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
