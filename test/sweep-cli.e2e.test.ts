import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from '../src/lab/servers/closed-port.js';
import { startHttpStatusServer } from '../src/lab/servers/http-status-server.js';
import type { LabServer } from '../src/lab/servers/lab-server.js';
import { runCli } from './run-cli.js';
import { withoutMeasurements } from './single-target-output.js';

// The built CLI's sweep contract (SPEC §1, §2, §7): where targets come from, the table and the sweep document, the
// report files, bad input, secrets and exit statuses; and that one target alone is not a sweep.

/** No proxy variable of the caller's may route these loopback targets. */
const noProxy = { http_proxy: '', https_proxy: '', all_proxy: '', HTTP_PROXY: '', HTTPS_PROXY: '', ALL_PROXY: '' };
const secrets = ['hunter2', 'tok-3f9a1c'];

let healthy: LabServer;
let refused: number;
let dir: string;
beforeAll(async () => {
  healthy = await startHttpStatusServer(200);
  refused = await findClosedPort();
  dir = mkdtempSync(join(tmpdir(), 'conn-doctor-sweep-cli-'));
});
afterAll(async () => {
  await healthy?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const ok = () => `http://127.0.0.1:${healthy.port}/`;
const run = (args: string[], input?: string) => runCli(args, noProxy, input, { cwd: dir });
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

interface SweepDocument {
  schemaVersion: number;
  kind: string;
  results: { source: Record<string, unknown>; input: string; report: { verdict: { id: string } } | null }[];
  summary: { total: number; healthy: number; problems: number };
}

describe('one target on the command line', () => {
  // An answer without headers that vary (no Date): the fixtures were captured from this server.
  let plain: net.Server;
  let port: number;
  beforeAll(async () => {
    plain = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    port = (plain.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  // The output a single diagnosis printed before sweeps existed (captured from the build of main before this
  // branch), with the measurements taken out (test/single-target-output.ts): the text summary and the JSON report.
  it.each([
    ['text', [], 'single-target-text.txt'],
    ['--json', ['--json'], 'single-target-json.txt'],
  ])('prints what a single diagnosis printed before sweeps (%s)', async (_, args, golden) => {
    const result = await run([`http://127.0.0.1:${port}/`, ...args]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const expected = readFileSync(new URL(`./fixtures/${golden}`, import.meta.url), 'utf8');
    expect(`${withoutMeasurements(result.stdout, port)}\n`).toBe(expected);
  });
});

describe('several targets', () => {
  it('a row each, problems first; exit 1 when any has a problem', async () => {
    const result = await run([ok(), `127.0.0.1:${refused}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^conn-doctor: 2 targets: 1 healthy, 1 with a problem, in /);
    expect(lines[2]).toMatch(/^ {2}SOURCE +TARGET +VERDICT +CONFIDENCE +TIME$/);
    expect(lines[3]).toMatch(new RegExp(`^✗ arg +127\\.0\\.0\\.1:${refused} +no-listener +certain +[\\d.]+ m?s$`));
    expect(lines[4]).toMatch(new RegExp(`^✓ arg +http://127\\.0\\.0\\.1:${healthy.port}/ +healthy +certain`));
    // Each problem's title and first next step, with the port filled in.
    expect(result.stdout).toContain(
      `\nProblems\n\n✗ arg  127.0.0.1:${refused}\n  Nothing listens on port ${refused}\n`,
    );
    expect(result.stdout).toMatch(new RegExp(`→ .*\\n? *.*${refused}`));
  });

  it('exit 0 when every row is healthy', async () => {
    const result = await run([ok(), `${ok()}again`, '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as SweepDocument;
    expect(document.summary).toEqual({ total: 2, healthy: 2, problems: 0 });
  });

  it('--json: the sweep document of SPEC §2, each report the single-target report', async () => {
    const result = await run([`127.0.0.1:${refused}`, ok(), '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const document = JSON.parse(result.stdout) as SweepDocument;
    expect(document).toMatchObject({ schemaVersion: 1, kind: 'sweep', summary: { total: 2, healthy: 1, problems: 1 } });
    expect(document.results.map((r) => [r.source, r.report?.verdict.id])).toEqual([
      [{ kind: 'arg' }, 'no-listener'],
      [{ kind: 'arg' }, 'healthy'],
    ]);
    const single = JSON.parse((await run([ok(), '--json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(document.results[1]!.report!)).toEqual(Object.keys(single));
  });
});

describe('--targets', () => {
  it('reads a list, one target a line, with comments; each row names its line', async () => {
    const list = write('targets.txt', `# the shop\n\n${ok()}  # web\n127.0.0.1:${refused}\n`);
    const result = await run(['--targets', list, '--json']);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as SweepDocument;
    expect(document.results.map((r) => [r.source, r.report?.verdict.id])).toEqual([
      [{ kind: 'list', file: 'targets.txt', line: 3 }, 'healthy'],
      [{ kind: 'list', file: 'targets.txt', line: 4 }, 'no-listener'],
    ]);
  });

  it('reads standard input with -', async () => {
    const result = await run(['--targets', '-'], `${ok()}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^✓ stdin:1 +http:/m);
  });

  it('combines with the other sources, in the order given', async () => {
    const list = write('two.txt', `127.0.0.1:${refused}\n`);
    const env = write('combined.env', `API_URL=${ok()}\n`);
    const result = await run([ok(), '--env', env, '--targets', list, '--json']);
    const document = JSON.parse(result.stdout) as SweepDocument;
    expect(document.results.map((r) => r.source.kind)).toEqual(['arg', 'env', 'list']);
  });
});

describe('bad input: one line on stderr naming the file (and line), exit 2, nothing on stdout', () => {
  it.each([
    [
      'a missing --env file',
      () => ['--env', 'missing.env'],
      /^conn-doctor: --env: cannot read missing\.env: no such file\n$/,
    ],
    ['no ./.env', () => ['--env'], /^conn-doctor: --env: cannot read \.env: no such file\n$/],
    ['a file without end', () => ['--env', '/dev/zero'], /^conn-doctor: --env: \/dev\/zero is larger than 4 MiB/],
    ['a folder', () => ['--targets', '.'], /^conn-doctor: --targets: cannot read \.: EISDIR\n$/],
    [
      'no Compose file here',
      () => ['--compose'],
      /^conn-doctor: --compose: no compose\.yaml, compose\.yml, docker-compose\.yml, docker-compose\.yaml in this folder/,
    ],
    [
      'a list line of two words',
      () => ['--targets', write('words.txt', `${ok()}\nlocalhost 5432\n`)],
      /^conn-doctor: words\.txt:2: holds more than one word/,
    ],
    [
      'a list line that is no target',
      () => ['--targets', write('ftp.txt', `# x\nftp://files.test/\n`)],
      /^conn-doctor: ftp\.txt:2: unsupported scheme "ftp"/,
    ],
    [
      'a Compose file that is not YAML',
      () => ['--compose', write('broken.yml', 'services:\n  web:\n    ports: [\n')],
      /^conn-doctor: broken\.yml:\d+: not valid YAML/,
    ],
    [
      'an empty list',
      () => ['--targets', write('empty.txt', '# nothing yet\n')],
      /^conn-doctor: empty\.txt: no targets found/,
    ],
  ])('%s', async (_, args, message) => {
    const result = await run(args());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a .env without a connection: the notes say what was skipped, then one line; exit 2', async () => {
    const env = write('plain.env', 'NODE_ENV=production\nASSETS_URL=s3://bucket/x\nLOG_LEVEL=info\n');
    const result = await run(['--env', env]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'conn-doctor: ASSETS_URL (plain.env line 2) is a s3: URL, which conn-doctor does not diagnose: skipped\n' +
        'conn-doctor: plain.env: no targets found: no URL of a scheme conn-doctor diagnoses in a *_URL, *_URI or *_DSN variable, and no <NAME>_HOST with its <NAME>_PORT\n',
    );
  });
});

describe('secrets', () => {
  // A password in a URL and a token in a query string, in every format a sweep writes.
  it('never appear on stdout, stderr or in any report file', async () => {
    const env = write(
      'secret.env',
      `DATABASE_URL=postgres://app:hunter2@127.0.0.1:${refused}/shop\nHOOK_URL=${ok()}hook?token=tok-3f9a1c\n`,
    );
    const outputs: string[] = [];
    for (const format of ['md', 'html', 'json']) {
      const result = await run(['--env', env, '--report', `sweep.${format}`]);
      expect(result.code).toBe(1);
      outputs.push(result.stdout, result.stderr, readFileSync(join(dir, `sweep.${format}`), 'utf8'));
    }
    const json = await run(['--env', env, '--json']);
    outputs.push(json.stdout, json.stderr);
    for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
    expect(outputs.join('')).toContain('postgres://***@127.0.0.1');
    expect(outputs.join('')).toContain('hook?token=***');
  });

  it('a libpq connection string’s password, given as an argument, stays out of the table, the JSON and errors', async () => {
    const conninfo = `host=127.0.0.1 port=${refused} user=app password=hunter2`;
    const table = await run([conninfo, `127.0.0.1:${refused}`]);
    const json = await run([conninfo, `127.0.0.1:${refused}`, '--json']);
    const bad = await run(['host=127.0.0.1 password=hunter2 port=abc', `127.0.0.1:${refused}`]);
    expect(bad.code).toBe(2);
    for (const output of [table.stdout, table.stderr, json.stdout, json.stderr, bad.stderr]) {
      expect(output).not.toContain('hunter2');
    }
    expect(table.stdout).toContain('password=');
  });
});

describe('--report of a sweep', () => {
  it('the table first, then each row’s own report, in one self-contained file, written atomically', async () => {
    const args = [ok(), `127.0.0.1:${refused}`];
    await run([...args, '--report', 'sweep.md']);
    const md = readFileSync(join(dir, 'sweep.md'), 'utf8');
    expect(md).toMatch(/^# Connection sweep\n\n2 targets: \*\*1 healthy\*\*, \*\*1 with a problem\*\*/);
    const table = md.indexOf('| | Source | Target | Verdict |');
    const reports = [...md.matchAll(/^# Connection diagnosis: /gm)].map((match) => match.index);
    expect(reports).toHaveLength(2);
    expect(table).toBeGreaterThan(0);
    expect(table).toBeLessThan(reports[0]!);

    await run([...args, '--report', 'sweep.html']);
    const html = readFileSync(join(dir, 'sweep.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html.indexOf('<table>')).toBeLessThan(html.indexOf('<article id="row-1">'));
    expect(html).toContain('<article id="row-2">');

    await run([...args, '--report', 'sweep.json']);
    const document = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepDocument;
    expect(document.kind).toBe('sweep');
    // Nothing left behind by the atomic writes.
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
