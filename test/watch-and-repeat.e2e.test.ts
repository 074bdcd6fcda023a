import { spawn } from 'node:child_process';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, runCli } from './run-cli.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function httpServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as net.AddressInfo).port };
}

describe('--repeat', () => {
  it('runs the stability check with that many requests (http) or connects (tcp)', async () => {
    const { port } = await httpServer();
    const result = await runCli([`http://127.0.0.1:${port}/`, '--json', '--repeat', '4']);
    const report = JSON.parse(result.stdout);
    const repeat = report.steps.find((s: { id: string }) => s.id === 'http.repeat');
    expect(repeat.details).toHaveLength(4);
    const tcp = JSON.parse(
      (await runCli([`tcp://127.0.0.1:${port}`, '--json', '--repeat', '3', '--timeout', '500'])).stdout,
    );
    expect(tcp.steps.find((s: { id: string }) => s.id === 'tcp.repeat').details.attempts).toHaveLength(3);
    expect(report.verdict.id).toBe('healthy');
    expect(result.code).toBe(0);
  });

  it('refuses a count out of range in one line', async () => {
    const result = await runCli(['127.0.0.1:1', '--repeat', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/invalid --repeat "0": give a whole number from 1 to 100/);
  });
});

describe('--watch', () => {
  it('prints a line per run, says when the verdict changes, and stops on SIGINT', async () => {
    const { server, port } = await httpServer();
    const child = spawn(
      process.execPath,
      [cliPath, `http://127.0.0.1:${port}/`, '--watch', '--interval', '200', '--timeout', '500'],
      {
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(pattern);
    };
    // Given a healthy target, when it stops listening, then the next line names the new verdict and the change.
    await waitFor(/healthy/);
    await new Promise<void>((r) => server.close(() => r()));
    servers.pop();
    await waitFor(/no-listener .*← changed from healthy/);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(
      out
        .trim()
        .split('\n')
        .every((line) => /^\d\d:\d\d:\d\d {2}(healthy|no-listener) {2}/.test(line)),
    ).toBe(true);
  }, 30_000);

  it('runs on past ten runs without a warning on stderr (one abort listener a run used to pile up)', async () => {
    const { port } = await httpServer();
    const child = spawn(process.execPath, [cliPath, `127.0.0.1:${port}`, '--watch', '--interval', '200'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    // Node warns at the eleventh listener on one signal: twelve runs are past it.
    for (let i = 0; i < 400 && out.split('\n').length <= 12; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))).toBe(0);
    expect(out.trim().split('\n').length).toBeGreaterThanOrEqual(12);
    expect(err).toBe('');
  }, 30_000);

  it('with --json prints one JSON document a line', async () => {
    const { port } = await httpServer();
    const child = spawn(process.execPath, [
      cliPath,
      `http://127.0.0.1:${port}/`,
      '--watch',
      '--json',
      '--interval',
      '200',
    ]);
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    for (let i = 0; i < 200 && out.split('\n').length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line).verdict.id).toBe('healthy');
  }, 30_000);
});
