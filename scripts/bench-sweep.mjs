// Benchmark of sweeps with the built CLI (`npm run bench` builds first). Not a test: it prints numbers and exits 0
// whatever they are. Every server is started here, on 127.0.0.1; the CLI is run as a user runs it, with --json.
//
// - A sweep takes about as long as its slowest target: a .env of four targets, one of them a server that accepts
//   and never answers, against that silent target alone (goal: within 1.3×). Both with --timeout 1000.
// - Scale: 200 loopback targets from --targets (100 refused, on ports where nothing listens; 100 healthy, paths of
//   four HTTP servers) against one refused --json run (goal: within 10×), and the sweep's peak memory under GNU
//   time (goal: under 150 MiB).
// - --wait notices a target that comes up: a target that starts listening a while after the wait began (after its
//   first verdict, at a different moment of the interval each run); the time from its listen to the command's exit,
//   against --interval plus one healthy --json run (goal: within one interval plus one diagnosis, at worst).
// Medians of --runs runs (5 by default), the sweep and its single-target yardstick interleaved so that the
// machine's drift hits both alike.
//
// Usage: node scripts/bench-sweep.mjs [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.js');
const gnuTime = '/usr/bin/time';
const runCeilingMs = 60_000;

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(options.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 50) fail('--runs must be an integer from 1 to 50');
if (!existsSync(cli)) fail(`${cli} is missing: run \`npm run build\` first (\`npm run bench\` does)`);
// Children get no proxy settings: every target is on loopback, and a proxy would change what is measured.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)));
const hasGnuTime = spawnSync(gnuTime, ['-f', '%M', '-o', os.devNull, 'true']).status === 0;

const servers = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-bench-sweep-'));
try {
  const healthy = await Promise.all([0, 1, 2, 3].map(() => listen(answer200)));
  const silent = await listen(() => {});
  const refused = await closedPorts(100);

  // ---- a sweep takes about as long as its slowest target ----
  const envFile = path.join(dir, '.env');
  writeFileSync(
    envFile,
    [
      `WEB_URL=http://127.0.0.1:${healthy[0]}/`,
      `API_URL=http://127.0.0.1:${healthy[1]}/api`,
      `REPORTS_URL=http://127.0.0.1:${silent}/`,
      'CACHE_HOST=127.0.0.1',
      `CACHE_PORT=${healthy[2]}`,
      '',
    ].join('\n'),
  );
  const sweepArgs = [cli, '--env', envFile, '--json', '--timeout', '1000'];
  const aloneArgs = [cli, `http://127.0.0.1:${silent}/`, '--json', '--timeout', '1000'];
  const sweepMs = [];
  const aloneMs = [];
  let sweepCheck = '';
  for (let i = 0; i < runs; i++) {
    const sweep = await timed(process.execPath, sweepArgs);
    sweepMs.push(sweep.ms);
    sweepCheck ||= checkSweep(sweep, 4, 3);
    aloneMs.push((await timed(process.execPath, aloneArgs)).ms);
  }

  // ---- scale: 200 targets from --targets ----
  const lines = [];
  for (let i = 0; i < 100; i++) {
    lines.push(`127.0.0.1:${refused[i]}`, `http://127.0.0.1:${healthy[i % healthy.length]}/item/${i}`);
  }
  const listFile = path.join(dir, 'targets.txt');
  writeFileSync(listFile, `${lines.join('\n')}\n`);
  const bigArgs = [cli, '--targets', listFile, '--json'];
  const oneArgs = [cli, `127.0.0.1:${refused[0]}`, '--json'];
  const bigPeak = hasGnuTime ? await peakRss(bigArgs) : undefined;
  const onePeak = hasGnuTime ? await peakRss(oneArgs) : undefined;
  const bigMs = [];
  const oneMs = [];
  let bigCheck = '';
  for (let i = 0; i < runs; i++) {
    const big = await timed(process.execPath, bigArgs);
    bigMs.push(big.ms);
    bigCheck ||= checkSweep(big, 200, 100);
    oneMs.push((await timed(process.execPath, oneArgs)).ms);
  }

  // ---- --wait notices a target that comes up within one interval ----
  const intervalMs = 1000;
  const upToExitMs = [];
  const healthyMs = [];
  let waitCheck = '';
  for (let i = 0; i < runs; i++) {
    const [port] = await closedPorts(1, 31_000 + i * 10);
    // A different moment of the interval each run: the worst case is a target up just after a round saw it down.
    const waited = await waitComesUp(port, intervalMs, ((i + 0.5) * intervalMs) / runs);
    upToExitMs.push(waited.ms);
    waitCheck ||= waited.code === 0 ? '' : `--wait exited ${waited.code}, not 0`;
    healthyMs.push((await timed(process.execPath, [cli, `http://127.0.0.1:${healthy[0]}/`, '--json'])).ms);
  }

  const ratio = (a, b) => median(a) / median(b);
  const line = (label, ms, base, goal, check) =>
    `${label.padEnd(44)} ${fixed(median(ms), 0).padStart(7)} ms  vs ${fixed(median(base), 0).padStart(6)} ms  ` +
    `${fixed(ratio(ms, base), 2)}× (goal ≤ ${goal}×)${check ? `  ✗ ${check}` : ''}`;
  console.log(`\nSweeps (medians of ${runs}; --json)`);
  console.log(line('4 .env targets, one silent / the silent alone', sweepMs, aloneMs, 1.3, sweepCheck));
  console.log(line('200 --targets (100 refused, 100 healthy) / 1 refused', bigMs, oneMs, 10, bigCheck));
  const worst = Math.max(...upToExitMs);
  const goal = intervalMs + median(healthyMs);
  console.log(
    `${'--wait: target up → exit (median, worst)'.padEnd(44)} ${fixed(median(upToExitMs), 0).padStart(7)} ms, ` +
      `${fixed(worst, 0)} ms  (goal ≤ --interval ${intervalMs} ms + one diagnosis ${fixed(median(healthyMs), 0)} ms)` +
      `${worst > goal ? '  ✗ over' : ''}${waitCheck ? `  ✗ ${waitCheck}` : ''}`,
  );
  const mib = (kib) => (kib === undefined ? 'n/a (no GNU time)' : `${fixed(kib / 1024, 1)} MiB`);
  console.log(`peak memory: 200-target sweep ${mib(bigPeak)} (goal < 150 MiB); one refused target ${mib(onePeak)}`);
} finally {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);

/** '' when the sweep document has `total` rows and `healthy` of them healthy; else what is wrong. */
function checkSweep(run, total, healthy) {
  try {
    const { summary } = JSON.parse(run.stdout);
    if (summary.total === total && summary.healthy === healthy) return '';
    return `got ${summary.healthy} healthy of ${summary.total}, expected ${healthy} of ${total}`;
  } catch {
    return `no sweep document (exit ${run.code})`;
  }
}

function answer200(socket) {
  socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'));
}

/**
 * A server on 127.0.0.1 (on `port`, or any free one) whose connections `onConnection` handles; its port. Closed at
 * the end of the bench.
 */
function listen(onConnection, port = 0) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => {});
    onConnection(socket);
  });
  servers.push({
    close: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * `count` ports on 127.0.0.1 where nothing listens, below the ephemeral range (as the lab's closed ports are): each
 * bound once to check it is free, then closed.
 */
async function closedPorts(count, from = 21_000) {
  const ports = [];
  for (let port = from; ports.length < count && port < from + 10_000; port++) {
    const free = await new Promise((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) ports.push(port);
  }
  return ports;
}

/** Wall time from spawn to the close of the child's pipes, its exit code and stdout. */
function timed(command, args) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      if (stdout.length < 16 << 20) stdout += chunk;
    });
    const ceiling = setTimeout(() => child.kill('SIGKILL'), runCeilingMs);
    child.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(ceiling);
      resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout });
    });
  });
}

/**
 * `--wait 60s` for an HTTP target on `port`, where nothing listens until `afterMs` after the wait's first verdict
 * (its first line on stderr); then a server answers there. Resolves with the time from that listen to the command's
 * exit, and its exit code.
 */
function waitComesUp(port, intervalMs, afterMs) {
  return new Promise((resolve) => {
    const args = [cli, `http://127.0.0.1:${port}/`, '--wait', '60s', '--interval', String(intervalMs), '--json'];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let upAt = null;
    let scheduled = false;
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      if (stderr.length < 1 << 20) stderr += chunk;
      if (scheduled || !/ no-listener\n/.test(stderr)) return;
      scheduled = true;
      setTimeout(() => listen(answer200, port).then(() => (upAt = process.hrtime.bigint())), afterMs);
    });
    const ceiling = setTimeout(() => child.kill('SIGKILL'), runCeilingMs);
    child.on('error', () => {});
    child.on('close', (code) => {
      clearTimeout(ceiling);
      const ms = upAt === null ? Number.NaN : Number(process.hrtime.bigint() - upAt) / 1e6;
      resolve({ ms, code });
    });
  });
}

/** Max RSS in KiB of one Node run under GNU time. */
async function peakRss(nodeArgs) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'conn-doctor-rss-'));
  try {
    const out = path.join(tmp, 'rss');
    await timed(gnuTime, ['-f', '%M', '-o', out, process.execPath, ...nodeArgs]);
    const kib = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
    return Number.isFinite(kib) && kib > 0 ? kib : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fixed(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function fail(message) {
  console.error(`bench-sweep: ${message}`);
  process.exit(1);
}
