import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort, findPortToListenOn } from '../src/lab/servers/closed-port.js';
import { startHttpStatusServer } from '../src/lab/servers/http-status-server.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { cliPath, runCli } from './run-cli.js';
import { withoutMeasurements } from './single-target-output.js';

// The built CLI's --wait (one target and a sweep) and --watch over a sweep. No timed assertion: the tests wait for
// the CLI's own lines, each wait bounded.

/** No proxy variable of the caller's may route these loopback targets. */
const noProxy = { http_proxy: '', https_proxy: '', all_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', ALL_PROXY: '' };

let healthy: LabServer;
let dir: string;
const late: LabServer[] = [];
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-wait-cli-'));
});
afterEach(async () => {
  await Promise.all(late.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  await healthy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI running, with its output so far; `until` resolves once stderr or stdout matches (at most 20 s). */
function started(args: string[]) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...noProxy },
    cwd: dir,
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (output.stdout += chunk));
  child.stderr.on('data', (chunk) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = async (stream: 'stdout' | 'stderr', pattern: RegExp) => {
    for (let i = 0; i < 400 && !pattern.test(output[stream]); i++) await new Promise((r) => setTimeout(r, 50));
    expect(output[stream]).toMatch(pattern);
  };
  return { child, output, exited, until };
}

describe('--wait for one target', () => {
  it('exits 0 once the target comes up, with its one report on stdout, the verdicts on stderr', async () => {
    const port = await findPortToListenOn();
    const run = started([`http://127.0.0.1:${port}/`, '--wait', '60s', '--interval', '200', '--json']);
    await run.until('stderr', new RegExp(`\\d\\d:\\d\\d:\\d\\d  http://127\\.0\\.0\\.1:${port}/  no-listener\\n`));
    late.push(await startHttpStatusServer(200, '127.0.0.1', port));
    expect(await run.exited).toBe(0);
    // As below: a round under way as the server comes up may say something else, once.
    expect(run.output.stderr).toMatch(/\S+ → healthy\n$/);
    const report = JSON.parse(run.output.stdout);
    expect(report.verdict.id).toBe('healthy');
    expect(report.target).toMatchObject({ port });
  });

  it('at the deadline exits 1 with exactly the normal output of the target still refused', async () => {
    const port = await findClosedPort();
    const waited = await runCli([`127.0.0.1:${port}`, '--wait', '1s', '--interval', '200'], noProxy);
    const alone = await runCli([`127.0.0.1:${port}`], noProxy);
    expect(waited.code).toBe(1);
    expect(withoutMeasurements(waited.stdout, port)).toBe(withoutMeasurements(alone.stdout, port));
    expect(waited.stderr).toContain(`waiting up to 1s for the target to be healthy, diagnosing every 200ms`);
    expect(waited.stderr).toMatch(new RegExp(`  127\\.0\\.0\\.1:${port}  no-listener\\n`));
    expect(waited.stderr).toContain(`conn-doctor: still not healthy after 1s: 127.0.0.1:${port}`);
    // The verdict did not change: one line for it, not one a round.
    expect(waited.stderr.match(/no-listener/g)).toHaveLength(1);
  });

  it('--json at the deadline: exactly one report, the same as without --wait', async () => {
    const port = await findClosedPort();
    const waited = await runCli([`127.0.0.1:${port}`, '--wait', '1s', '--interval', '300', '--json'], noProxy);
    const alone = await runCli([`127.0.0.1:${port}`, '--json'], noProxy);
    expect(waited.code).toBe(1);
    expect(withoutMeasurements(waited.stdout, port)).toBe(withoutMeasurements(alone.stdout, port));
  });

  it('SIGINT ends the wait early with the verdict so far, exit 1, and no time-up line', async () => {
    const port = await findClosedPort();
    const run = started([`127.0.0.1:${port}`, '--wait', '60s', '--interval', '200', '--json']);
    await run.until('stderr', new RegExp(`  127\\.0\\.0\\.1:${port}  no-listener\\n`));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
    expect(JSON.parse(run.output.stdout).verdict.id).toBe('no-listener');
    expect(run.output.stderr).not.toContain('still not healthy');
  });

  it('refuses a bad duration and --wait with --watch in one line, exit 2', async () => {
    const bad = await runCli(['127.0.0.1:1', '--wait', '10 minutes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'conn-doctor: invalid --wait "10 minutes": give a duration from 1s to 24h, e.g. 30s, 2m, 1m30s or 1500 (ms)\n',
    );
    const both = await runCli(['127.0.0.1:1', '--wait', '30s', '--watch']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'conn-doctor: --wait and --watch do not go together: --wait stops once all are healthy, --watch never\n',
    );
    const none = await runCli(['--wait', '30s']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^conn-doctor: no target given/);
  });
});

describe('--wait over an --env sweep', () => {
  it('exits 0 when the last target comes up; --json prints one sweep document at the end', async () => {
    const port = await findPortToListenOn();
    writeFileSync(
      join(dir, 'up.env'),
      `WEB_URL=http://127.0.0.1:${healthy.port}/\nAPI_URL=http://app:hunter2@127.0.0.1:${port}/v1\n`,
    );
    const run = started(['--env', 'up.env', '--wait', '60s', '--interval', '200', '--json']);
    await run.until('stderr', /up\.env:2 API_URL {2}no-listener\n/);
    expect(run.output.stderr).toMatch(/\d\d:\d\d:\d\d {2}up\.env:1 WEB_URL {2}healthy\n/);
    expect(run.output.stdout).toBe('');
    late.push(await startHttpStatusServer(200, '127.0.0.1', port));
    expect(await run.exited).toBe(0);
    // The server may come up in the middle of a round, between its connect and its look at this machine's
    // listeners: that round can say something else, once; the last change is to healthy.
    expect(run.output.stderr).toMatch(/up\.env:2 API_URL {2}\S+ → healthy\n$/);
    expect(run.output.stderr + run.output.stdout).not.toContain('hunter2');
    // One document: JSON.parse refuses two.
    const document = JSON.parse(run.output.stdout);
    expect(document).toMatchObject({ kind: 'sweep', summary: { total: 2, healthy: 2, problems: 0 } });
  });

  it('at the deadline exits 1 with the table of what is still wrong', async () => {
    const port = await findClosedPort();
    writeFileSync(
      join(dir, 'down.env'),
      `WEB_URL=http://127.0.0.1:${healthy.port}/\nCACHE_HOST=127.0.0.1\nCACHE_PORT=${port}\n`,
    );
    const result = await runCli(['--env', 'down.env', '--wait', '1s', '--interval', '200'], noProxy, undefined, {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^conn-doctor: 2 targets: 1 healthy, 1 with a problem/);
    expect(result.stdout).toMatch(/✗ down\.env:2 CACHE_HOST\/CACHE_PORT +127\.0\.0\.1:\d+ +no-listener/);
    expect(result.stderr).toContain('waiting up to 1s for 2 targets to be healthy');
    expect(result.stderr).toContain('still not healthy after 1s: 1 of 2 targets');
  });
});

describe('--watch over a sweep, without a terminal', () => {
  it('prints the table each run, marks the row that changed, and stops on SIGINT with the last status', async () => {
    const going = await startHttpStatusServer(200);
    late.push(going);
    const run = started([
      `http://127.0.0.1:${healthy.port}/`,
      `http://127.0.0.1:${going.port}/`,
      '--watch',
      '--interval',
      '200',
    ]);
    await run.until('stdout', /── run 1 at .*\nconn-doctor: 2 targets: 2 healthy/);
    await going.stop();
    await run.until('stdout', new RegExp(`changed: arg  http://127\\.0\\.0\\.1:${going.port}/  healthy → no-listener`));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(1);
  });

  it('--json: one sweep document a line', async () => {
    const run = started([
      `http://127.0.0.1:${healthy.port}/`,
      `127.0.0.1:${healthy.port}`,
      '--watch',
      '--json',
      '--interval',
      '200',
    ]);
    await run.until('stdout', /\n.*\n/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const lines = run.output.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({ kind: 'sweep', summary: { total: 2, healthy: 2 } });
  });
});
