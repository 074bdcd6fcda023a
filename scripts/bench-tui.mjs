// Start-up of the interactive app in a real pseudo-terminal (`npm run bench` runs it after the lab bench).
// Not a test: it prints numbers and exits 0.
//
// Each run starts `node dist/cli.js 127.0.0.1:<closed port>` inside `script` (a pty of 80×24), as a user
// with only a target does, presses no key, reads what the app paints, and takes two times from spawn:
// - first frame: the first bytes of the header line ("conn-doctor") reach the terminal;
// - result frame: the verdict of the refused loopback target ("Nothing listens on port") is on screen. The app
//   asks nothing before it: the probes start at once, and where the server runs is asked only on request.
// Both are compared with `node -e 0` measured in the same run, interleaved. Peak RSS comes from GNU time
// around the node process inside the pty.
//
// Usage: node scripts/bench-tui.mjs [--runs N]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(root, 'dist', 'cli.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Math.max(1, Math.min(50, Number(values.runs) || 7));
const ceilingMs = 15_000;

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run "npm run build" first');
if (spawnSync('script', ['--version']).status !== 0) {
  console.log('bench-tui: `script` (util-linux) is missing, so the pty timings are n/a');
  process.exit(0);
}

/** A loopback port with nothing on it: bind, read the port, close. */
const closedPort = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// The pty stands for a person at a terminal; CI set in the bench's own environment would make the app non-interactive.
const withoutCi = ({ CI, ...rest }) => rest;
const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** One run in a pty; resolves with the two times, killing the app once the result frame is seen. */
function ptyRun(withTime) {
  const node = [process.execPath, cli, `127.0.0.1:${closedPort}`].map(shellQuote).join(' ');
  const timed = withTime ? `/usr/bin/time -f 'peak-kib=%M' ${node}` : node;
  const command = `stty cols 80 rows 24; exec ${timed}`;
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...withoutCi(process.env), LANG: 'C.UTF-8' },
    });
    let seen = '';
    let firstFrame = null;
    let resultFrame = null;
    const killer = setTimeout(() => child.kill('SIGKILL'), ceilingMs);
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      if (firstFrame === null && seen.includes('conn-doctor')) firstFrame = since();
      if (resultFrame === null && seen.includes(`Nothing listens on port ${closedPort}`)) {
        resultFrame = since();
        child.stdin.write('q');
      }
    });
    child.on('close', () => {
      clearTimeout(killer);
      const peak = /peak-kib=(\d+)/.exec(seen);
      resolve({ firstFrame, resultFrame, peakMiB: peak ? Number(peak[1]) / 1024 : null });
    });
  });
}

function nodeBaseline() {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', '0']);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
};

const loadStart = loadavg()[0];
// The first run may compile the bundles and write the code cache at exit; the peak is read on the run after it.
await ptyRun(false);
const warm = await ptyRun(true);
const first = [];
const result = [];
const base = [];
for (let i = 0; i < runs; i++) {
  base.push(nodeBaseline());
  const run = await ptyRun(false);
  first.push(run.firstFrame);
  result.push(run.resultFrame);
}
const b = median(base);
const line = (label, ms, goal) =>
  ms === null ? `${label}: n/a` : `${label}: ${ms.toFixed(0)} ms = ${(ms / b).toFixed(2)}× node -e 0 (goal ≤ ${goal}×)`;
// Other work on the machine stretches the app's two threads more than `node -e 0`: the load says how quiet it was.
const load = `load ${loadStart.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`;
console.log(`\nconn-doctor TUI in an 80×24 pty: ${runs} runs, node -e 0 median ${b.toFixed(1)} ms (${load})`);
console.log(line('first frame', median(first), 2.3));
console.log(line('refused loopback verdict, no key pressed', median(result), 2.5));
console.log(`peak RSS: ${warm.peakMiB === null ? 'n/a' : `${warm.peakMiB.toFixed(1)} MiB`} (goal < 60 MiB)`);
