import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The command-line contract of SPEC §1–2, checked on the built CLI as users run it.
const servers: net.Server[] = [];
let okPort = 0;
let hostilePort = 0;
let closedPort = 0;
const seenRequests: string[] = [];
const notPem = join(mkdtempSync(join(tmpdir(), 'conn-doctor-')), 'not-a-certificate.pem');
writeFileSync(notPem, 'hello\n');

async function listen(handler: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    handler(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  okPort = await listen((socket) =>
    socket.once('data', (data) => {
      seenRequests.push(data.toString('latin1'));
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    }),
  );
  hostilePort = await listen((socket) =>
    socket.once('data', () =>
      socket.end(
        'HTTP/1.1 404 \x1b[2J\x1b]0;pwned\x07Gone\r\nServer: evil\x1b[31m\r\nSet-Cookie: session=abc123\r\nContent-Length: 0\r\n\r\n',
      ),
    ),
  );
  closedPort = await listen(() => {});
  await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('bad input: one line on stderr, exit 2, nothing on stdout', () => {
  it.each([
    [['http://[zz'], /^conn-doctor: .+\n$/],
    [['ftp://example.test/'], /unsupported scheme/],
    [['127.0.0.1:99999'], /port/],
    [['127.0.0.1:80', '--timeout', 'soon'], /--timeout/],
    [['127.0.0.1:80', '--frobnicate'], /^conn-doctor: unknown option --frobnicate \(see conn-doctor --help\)\n$/],
    [['127.0.0.1:80', '--watch', '--interval', '5'], /invalid --interval "5"/],
    [['127.0.0.1:80', '--dns-server', 'dns.example'], /--dns-server/],
    [['https://localhost:1/', '--ca', '/nonexistent/ca.pem'], /cannot read --ca "\/nonexistent\/ca\.pem": ENOENT/],
    [['https://localhost:1/', '--ca', notPem], /holds no PEM certificate/],
    // Several targets are a sweep (test/sweep-cli.e2e.test.ts), except for --demo, which names one scenario.
    [['--demo', 'a:1', 'b:2'], /one target/],
    [[], /no target given/],
  ])('%j', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a report file it cannot write, in one line', async () => {
    const result = await runCli([`127.0.0.1:${closedPort}`, '--report', '/nonexistent-dir/r.md']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write the report to "\/nonexistent-dir\/r\.md": ENOENT/);
    const wrongExtension = await runCli([`127.0.0.1:${closedPort}`, '--report', join(tmpdir(), 'r.txt')]);
    expect(wrongExtension.code).toBe(2);
    expect(wrongExtension.stderr).toMatch(/\.md, \.json or \.html/);
  });
});

describe('output', () => {
  it('--json prints only the report on stdout, and exit 0 when healthy', async () => {
    const result = await runCli([`http://127.0.0.1:${okPort}/health`, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'conn-doctor' },
      target: { scheme: 'http', host: '127.0.0.1', port: okPort, path: '/health' },
      verdict: { id: 'healthy', confidence: 'certain' },
    });
    expect(report.steps.map((s: { id: string }) => s.id)).toEqual(['dns.lookup', 'tcp.connect', 'http.request']);
  });

  it('--version prints the package version; --help the usage', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect((await runCli(['--version'])).stdout).toBe(`${version}\n`);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: conn-doctor \[target\.\.\.\] \[options\]$/m);
  });

  it('--explain prints the tree the engine walks', async () => {
    const result = await runCli(['--explain']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tcp.connect — Connect to every address');
    expect(result.stdout).toContain('⇒ verdict listener-bound-elsewhere');
  });

  it('--no-interactive prints a readable summary, and --symptom is decoded and checked', async () => {
    const result = await runCli([
      `127.0.0.1:${closedPort}`,
      '--no-interactive',
      '--symptom',
      'curl: (7) Failed to connect: Connection refused',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Nothing listens on port ${closedPort}`);
    expect(result.stdout).toMatch(/curl exit 7/);
    expect(result.stdout).toMatch(/reproduced/);
    expect(result.stdout).not.toContain('\x1b');
  });

  it('takes any pasted text after --symptom, even one that starts with "-", as wget\'s output does', async () => {
    const wget = `--2023-03-29 08:00:01--  http://127.0.0.1:${closedPort}/\nConnecting to 127.0.0.1:${closedPort}... failed: Connection refused.`;
    const result = await runCli([`127.0.0.1:${closedPort}`, '--symptom', wget, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.symptom).toMatch(/^--2023-03-29 08:00:01--/);
    expect(report.verdict.id).toBe('no-listener');
  });

  it('reads --symptom - from a pipe, bounded, and refuses an empty one', async () => {
    const paste = `Traceback (most recent call last):\n  File "app.py", line 3\nConnectionRefusedError: [Errno 111] Connection refused\n`;
    const piped = await runCli([`127.0.0.1:${closedPort}`, '--symptom', '-', '--json'], {}, paste);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(1);
    expect(JSON.parse(piped.stdout)).toMatchObject({
      symptom: expect.stringContaining('ConnectionRefusedError'),
      symptomDecoded: { id: 'refused', reproduced: true },
    });

    const long = await runCli(
      [`127.0.0.1:${closedPort}`, '--symptom', '-', '--json'],
      {},
      `ECONNREFUSED ${'x'.repeat(1.5 * 1024 * 1024)}`,
    );
    expect(long.code).toBe(1);
    expect(long.stderr).toBe(
      'conn-doctor: --symptom -: standard input is longer than 1 MiB; only its first 1 MiB were read\n',
    );

    const empty = await runCli([`127.0.0.1:${closedPort}`, '--symptom', '-'], {}, '');
    expect(empty).toEqual({ code: 2, stdout: '', stderr: 'conn-doctor: --symptom -: standard input was empty\n' });
  });

  it('says in one line on stderr when an option given does nothing, and runs as asked', async () => {
    const result = await runCli([`127.0.0.1:${closedPort}`, '--interval', '300', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'conn-doctor: --interval is ignored by a single diagnosis; it is read by --watch, the app and --wait\n',
    );
    expect(JSON.parse(result.stdout).verdict.id).toBe('no-listener');
  });

  it("never shows a hostile server's escapes or cookies raw, in text, JSON or Markdown", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-'));
    const text = await runCli([`http://127.0.0.1:${hostilePort}/`, '--report', join(dir, 'r.md')]);
    const json = await runCli([`http://127.0.0.1:${hostilePort}/`, '--json', '--report', join(dir, 'r.json')]);
    expect(text.code).toBe(1);
    expect(JSON.parse(json.stdout).verdict.id).toBe('http-error-status');
    for (const output of [
      text.stdout,
      json.stdout,
      readFileSync(join(dir, 'r.md'), 'utf8'),
      readFileSync(join(dir, 'r.json'), 'utf8'),
    ]) {
      expect(output).not.toMatch(/[\x1b\x07]/);
      expect(output).not.toContain('abc123');
    }
    expect(text.stdout).toContain('\\x1b');
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.md']);
  });

  it('uses URL credentials for the request but never prints or reports them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-'));
    const result = await runCli([
      `http://alice:pa55word@127.0.0.1:${okPort}/`,
      '--json',
      '--report',
      join(dir, 'r.md'),
    ]);
    expect(result.code).toBe(0);
    expect(seenRequests.at(-1)).toContain(`Authorization: Basic ${Buffer.from('alice:pa55word').toString('base64')}`);
    for (const output of [result.stdout, result.stderr, readFileSync(join(dir, 'r.md'), 'utf8')]) {
      expect(output).not.toMatch(/pa55word|alice/);
    }
    expect(JSON.parse(result.stdout).target.input).toBe(`http://***@127.0.0.1:${okPort}/`);
  });
});
