import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
import { type PackedPackage, packPackage, repoRoot } from './packed-package.js';
import { runCli } from './run-cli.js';

// `import { diagnose, explainError } from 'conn-doctor'` as a user's project does it: the packed tarball installed
// into a temp project (offline: the package has no dependencies to fetch), an ES module script run by node, and a
// TypeScript file checked against the declarations the package ships.
let packed: PackedPackage;
let project: string;
let server: http.Server;
let healthyPort: number;

beforeAll(async () => {
  packed = packPackage();
  project = mkdtempSync(join(tmpdir(), 'conn-doctor-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-save', packed.tarball], {
    cwd: project,
    env: packed.npmEnv,
    timeout: 60_000,
  });
  server = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  healthyPort = (server.address() as AddressInfo).port;
}, 90_000);

afterAll(async () => {
  await new Promise((done) => server?.close(done));
  for (const dir of [project, packed?.folder]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `source` as an ES module in the project, as `node script.mjs` with the project's node_modules. */
function runScript(name: string, source: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  writeFileSync(join(project, name), source);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [name, ...args],
      // A cache folder of its own: the library keeps the engine's code cache there, as the CLI does.
      { cwd: project, timeout: 30_000, env: { ...process.env, XDG_CACHE_HOME: join(project, '.cache') } },
      (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
    );
  });
}

const consumer = `
import net from 'node:net';
import { diagnose, explainError, NoAddressError, sweep, TargetError } from 'conn-doctor';

const [closedPort, healthyPort] = process.argv.slice(2).map(Number);
const refused = await diagnose(\`127.0.0.1:\${closedPort}\`, { timeoutMs: 2000 });
const healthy = await diagnose(\`http://127.0.0.1:\${healthyPort}/\`);
const error = await new Promise((resolve) => net.connect(closedPort, '127.0.0.1').on('error', resolve));
const explained = await explainError(error);
const fetchFailed = await fetch(\`http://127.0.0.1:\${closedPort}/\`).catch((e) => e);
const explainedFetch = await explainError(fetchFailed);
const targetError = await diagnose('http://').catch((e) => ({ isTargetError: e instanceof TargetError, message: e.message }));
const noAddress = await explainError(new Error('socket hang up')).catch((e) => e instanceof NoAddressError);
const swept = await sweep([\`127.0.0.1:\${closedPort}\`, \`http://127.0.0.1:\${healthyPort}/\`], { timeoutMs: 2000 });
// The only output: what this script writes.
process.stdout.write(JSON.stringify({ refused, healthy, explained, explainedFetch, targetError, noAddress, swept }));
`;

describe('the packed library', () => {
  it('runs from an installed tarball as ESM, writing nothing of its own to stdout or stderr', async () => {
    const closedPort = await findClosedPort();
    const { stdout, stderr } = await runScript('consumer.mjs', consumer, [String(closedPort), String(healthyPort)]);
    expect(stderr).toBe('');
    const result = JSON.parse(stdout);
    expect(result.refused.verdict.id).toBe('no-listener');
    expect(result.healthy.verdict.id).toBe('healthy');
    expect(result.explained).toMatchObject({
      target: { input: `127.0.0.1:${closedPort}` },
      symptom: `connect ECONNREFUSED 127.0.0.1:${closedPort}`,
      verdict: { id: 'no-listener' },
    });
    expect(result.explainedFetch.verdict.id).toBe('no-listener');
    expect(result.targetError).toEqual({ isTargetError: true, message: 'missing host' });
    expect(result.noAddress).toBe(true);
    expect(result.swept).toMatchObject({ kind: 'sweep', summary: { total: 2, healthy: 1, problems: 1 } });
    expect(result.swept.results.map((row: { report: { verdict: { id: string } } }) => row.report.verdict.id)).toEqual([
      'no-listener',
      'healthy',
    ]);

    // The same report as `conn-doctor --json` prints for the same target, but for the clock: instants, timings, and
    // the times the prose quotes.
    const cli = await runCli([`127.0.0.1:${closedPort}`, '--json', '--timeout', '2000']);
    const withoutClock = (report: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(report), (key, value) => {
        if (/^(startedAt|finishedAt)$|Ms$|At$/.test(key) && typeof value !== 'object') return 0;
        return typeof value === 'string' ? value.replace(/\d+(?:\.\d+)? ms\b/g, 'N ms') : value;
      });
    expect(withoutClock(result.refused)).toStrictEqual(withoutClock(JSON.parse(cli.stdout)));
  });

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])(
    'type-checks a consumer against the shipped declarations (moduleResolution %s)',
    (name, resolution) => {
      writeFileSync(
        join(project, 'consumer.ts'),
        `
import { diagnose, type DiagnoseEvent, type DiagnoseOptions, explainError, type JsonReport, sweep, type SweepDocument, TargetError, type VerdictId } from 'conn-doctor';

const seen: string[] = [];
const options: DiagnoseOptions = {
  timeoutMs: 2000,
  signal: AbortSignal.timeout(10_000),
  onEvent: (event: DiagnoseEvent) => {
    if (event.type === 'step-finished') seen.push(event.step.outcome);
    if (event.type === 'verdict') seen.push(event.verdict.confidence);
  },
};
export async function check(error: unknown): Promise<VerdictId> {
  const report: JsonReport = await diagnose('localhost:5432', options);
  const explained = await explainError(error, { dnsServer: '127.0.0.1:5353' });
  // @ts-expect-error: a verdict id is one of the catalogue's, not any string
  const wrong: 'no-such-verdict' = report.verdict.id;
  // @ts-expect-error: the symptom of explainError is the error's own message
  await explainError(error, { symptom: 'ECONNRESET' });
  // @ts-expect-error: the target is a string
  await diagnose(5432);
  const swept: SweepDocument = await sweep(['localhost:5432', 'redis://localhost'], { deadlineMs: 30_000 });
  const firstRow: VerdictId | undefined = swept.results[0]?.report?.verdict.id;
  // @ts-expect-error: sweep takes a list of targets
  await sweep('localhost:5432');
  if (explained.symptomDecoded?.reproduced === false) throw new TargetError(String(wrong ?? firstRow));
  return explained.verdict.id;
}
`,
      );
      const tsconfig = `tsconfig.${name}.json`;
      writeFileSync(
        join(project, tsconfig),
        JSON.stringify({
          compilerOptions: {
            ...resolution,
            target: 'es2022',
            strict: true,
            noEmit: true,
            // The package's own declarations are checked too, not only their use.
            skipLibCheck: false,
            types: ['node'],
            typeRoots: [join(repoRoot, 'node_modules/@types')],
          },
          files: ['consumer.ts'],
        }),
      );
      const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
      const errors = (() => {
        try {
          return execFileSync(process.execPath, [tsc, '-p', tsconfig], { cwd: project, encoding: 'utf8' });
        } catch (error) {
          // tsc writes its errors on stdout and exits 2.
          return String((error as { stdout?: string }).stdout || error);
        }
      })();
      expect(errors).toBe('');
    },
    60_000,
  );
});
