import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SweepSession } from '../engine/run-sweep.js';
import { nowMs } from '../shared/monotonic-clock.js';

// A user's terminal, whatever runs the tests: Ink draws nothing until it exits when it sees CI.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

const { runSweepTable } = await import('./sweep-table-app.js');
const { settle } = await import('./app-harness.test-helper.js');
const { fakeTerminal } = await import('./fake-terminal.test-helper.js');
const { sweepRoundOf, sweepTargetsOf } = await import('./sweep-round.test-helper.js');
const { waitFor } = await import('./wait-for.test-helper.js');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** An HTTP server on loopback answering 200, which the test can take away. */
async function httpServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(close);
  return { port: (server.address() as net.AddressInfo).port, close };
}

describe('runSweepTable', () => {
  it('follows further rounds, marks the row whose verdict changed, and resolves with the last sweep on q', async () => {
    // Given a sweep of a server that goes away between the first and the second round
    const server = await httpServer();
    const other = await httpServer();
    const targets = sweepTargetsOf([`http://127.0.0.1:${server.port}/`, `http://127.0.0.1:${other.port}/`]);
    const exportDir = await mkdtemp(join(tmpdir(), 'conn-doctor-sweep-table-'));
    cleanups.push(() => rm(exportDir, { recursive: true, force: true }));
    const terminal = fakeTerminal(80, 24);
    let rounds = 0;
    const done = runSweepTable({
      targets,
      round: sweepRoundOf(targets),
      deadlineMs: 20_000,
      version: '0.0.0-test',
      color: false,
      ascii: false,
      exportDir,
      streams: terminal.streams,
      nextRound: async () => {
        if (++rounds > 1) return null;
        await server.close();
        return sweepRoundOf(targets);
      },
    });
    let result: SweepSession | null = null;
    void done.then((sweep) => (result = sweep));
    const frame = () => terminal.stdout.frame();

    // Then the second round's table says what changed, problems first
    await waitFor(() => /no-listener \*/.test(frame()) && frame().includes('done in'), frame);
    expect(frame()).toMatch(/❯ ✗ arg +http:\/\/127\.0\.0\.1:\d+\/ +no-listener \*/);
    expect(frame()).toContain('(changed from healthy)');
    expect(frame()).toMatch(/ {2}✓ arg +http:\/\/127\.0\.0\.1:\d+\/ +healthy +certain/);

    // And q resolves with the last round's sweep, the terminal handed back
    await settle();
    terminal.stdin.write('q');
    await waitFor(() => result !== null, frame);
    const last = result as SweepSession | null;
    expect(last?.results.map((row) => row.session?.verdict.id)).toEqual(['no-listener', 'healthy']);
    expect(terminal.stdin.rawModes.at(-1)).toBe(false);
  });

  it('waiting: says the round and the time left, and once the rounds end closes by itself, its last frame kept', async () => {
    // Given a wait over a server that comes up after the first round (the refused port is taken by a server)
    const server = await httpServer();
    const down = await httpServer();
    const downPort = down.port;
    await down.close();
    const targets = sweepTargetsOf([`http://127.0.0.1:${server.port}/`, `http://127.0.0.1:${downPort}/`]);
    const terminal = fakeTerminal(100, 24);
    let rounds = 0;
    let comeUp: (() => void) | null = null;
    const upNow = new Promise<void>((resolve) => {
      comeUp = resolve;
    });
    const done = runSweepTable({
      targets,
      round: sweepRoundOf(targets),
      deadlineMs: 20_000,
      version: '0.0.0-test',
      color: false,
      ascii: false,
      streams: terminal.streams,
      repeat: { intervalMs: 1000, wait: { endsAt: nowMs() + 30_000, waitMs: 30_000 } },
      nextRound: async () => {
        if (++rounds > 1) return null;
        await upNow;
        await listenOn(downPort);
        return sweepRoundOf(targets);
      },
    });
    let result: SweepSession | null = null;
    void done.then((sweep) => (result = sweep));
    const frame = () => terminal.stdout.frame();

    // Then while it waits, the line under the header says so, with the round and the time left
    // (the rows' verdicts draw as each row ends; the key bar says "quit" once the round itself has ended)
    await waitFor(() => frame().includes('no-listener') && frame().includes('[q] quit'), frame);
    expect(frame()).toMatch(/^Waiting until all are healthy · round 1 · \d+ s left of 30 s · every 1 s$/m);

    // And once the server is up and the rounds end, the table closes without a key: its last frame says why,
    // the changed row marked, no keys offered, the terminal handed back
    comeUp!();
    await waitFor(() => result !== null, frame);
    const last = frame();
    expect(last).toContain('conn-doctor 0.0.0-test · 2 targets · 2 healthy · 0 problems');
    expect(last).toMatch(/^Every target is healthy, after 2 rounds$/m);
    expect(last).toMatch(/✓ arg +http:\/\/127\.0\.0\.1:\d+\/ +healthy \*/);
    expect(last).not.toContain('[q]');
    const sweep = result as SweepSession | null;
    expect(sweep?.results.map((row) => row.session?.verdict.id)).toEqual(['healthy', 'healthy']);
    expect(terminal.stdin.rawModes.at(-1)).toBe(false);
  });

  it('watching: the line under the header names the round and the interval, and the table stays until q', async () => {
    const server = await httpServer();
    const targets = sweepTargetsOf([`http://127.0.0.1:${server.port}/`]);
    const terminal = fakeTerminal(100, 24);
    const done = runSweepTable({
      targets,
      round: sweepRoundOf(targets),
      deadlineMs: 20_000,
      version: '0.0.0-test',
      color: false,
      ascii: false,
      streams: terminal.streams,
      repeat: { intervalMs: 2000, wait: null },
      nextRound: async () => null,
    });
    let result: SweepSession | null = null;
    void done.then((sweep) => (result = sweep));
    const frame = () => terminal.stdout.frame();
    await waitFor(() => frame().includes('done in'), frame);
    expect(frame()).toMatch(/^Watching · round 1 · again every 2 s until q$/m);
    // No more rounds, yet a watch does not close by itself: only q ends it.
    await settle();
    expect(result).toBeNull();
    terminal.stdin.write('q');
    await waitFor(() => result !== null, frame);
  });
});

/** A server answering 200 on a given loopback port (one a test freed), closed after the test. */
async function listenOn(port: number): Promise<void> {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
}
