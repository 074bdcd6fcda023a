import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildResponse, parseQuery } from '../lab/dns-message.js';
import { labDnsNames, labDnsReply } from '../lab/dns-server.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import type { TargetSource } from '../shared/target-source.js';
import { parseTarget } from './parse-target.js';
import { runSweep, type SweepEvent, type SweepTarget, sweepDeadlineMs, sweepExitStatus } from './run-sweep.js';
import { runPooled } from './run-sweep-pool.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
});

async function listen(server: net.Server): Promise<number> {
  server.on('connection', (socket) => socket.on('error', () => {}));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A plain HTTP server on loopback answering 200 to every request. */
const healthyServer = () =>
  listen(
    net.createServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')),
    ),
  );

/** Accepts and never says a word: a diagnosis of it waits out its probes' budgets. */
const silentServer = () => {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
  });
  return listen(server);
};

/** The lab's zone on a UDP port of 127.0.0.1, counting the questions it is asked. */
async function countingDnsServer(): Promise<{ address: string; questions: string[] }> {
  const questions: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (packet, peer) => {
    const query = parseQuery(packet);
    if (query === null) return;
    questions.push(`${query.question.name} ${query.question.type}`);
    const reply = labDnsReply(query.question);
    if (reply.kind === 'reply') socket.send(buildResponse(query, reply.rcode, reply.answers), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return { address: `127.0.0.1:${socket.address().port}`, questions };
}

const arg: TargetSource = { kind: 'arg' };

function sweepTarget(input: string, source: TargetSource = arg): SweepTarget {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return { source, input: parsed.target.input, ...parsed };
}

const settings = { timeoutMs: 1000, dnsServer: null };

describe('runPooled', () => {
  it('never runs more than the limit at once, nor more than the per-key limit of one key', async () => {
    let active = 0;
    let peak = 0;
    const perKey = new Map<string, number>();
    const perKeyPeak = new Map<string, number>();
    const tasks = Array.from({ length: 30 }, (_, i) => {
      const key = i % 3 === 0 ? 'b' : 'a';
      return {
        key,
        run: async () => {
          active++;
          perKey.set(key, (perKey.get(key) ?? 0) + 1);
          peak = Math.max(peak, active);
          perKeyPeak.set(key, Math.max(perKeyPeak.get(key) ?? 0, perKey.get(key)!));
          // Yield a few turns so that tasks overlap.
          for (let turn = 0; turn < 1 + (i % 4); turn++) await new Promise((resolve) => setImmediate(resolve));
          active--;
          perKey.set(key, perKey.get(key)! - 1);
          return i;
        },
      };
    });
    const results = await runPooled(tasks, { limit: 4, perKeyLimit: 3 });
    expect(results).toEqual(tasks.map((_, i) => i));
    expect(peak).toBe(4);
    expect(perKeyPeak.get('a')).toBe(3);
    expect(perKeyPeak.get('b')).toBeLessThanOrEqual(3);
  });

  it('resolves at once with no tasks', async () => {
    expect(await runPooled([], { limit: 2, perKeyLimit: 1 })).toEqual([]);
  });
});

describe('runSweep', () => {
  it('diagnoses every target, keeps their order and sources, and sends each row its events', async () => {
    const healthy = await healthyServer();
    const refused = await findClosedPort();
    const source: TargetSource = { kind: 'list', file: 'targets.txt', line: 2 };
    const events: SweepEvent[] = [];
    const sweep = await runSweep({
      ...settings,
      targets: [sweepTarget(`http://127.0.0.1:${healthy}/`), sweepTarget(`127.0.0.1:${refused}`, source)],
      onEvent: (event) => events.push(event),
    });
    expect(sweep.results.map((row) => [row.source, row.session?.verdict.id])).toEqual([
      [arg, 'healthy'],
      [source, 'no-listener'],
    ]);
    expect(sweepExitStatus(sweep)).toBe(1);
    for (const index of [0, 1]) {
      const own = events.filter((event) => event.index === index).map((event) => event.type);
      expect(own[0]).toBe('target-started');
      expect(own.at(-1)).toBe('target-finished');
      expect(own.slice(1, -1).every((type) => type === 'target-event')).toBe(true);
      expect(own.length).toBeGreaterThan(3);
    }
  });

  it('starts no row when its signal is already aborted: every row cancelled, none started', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    controller.abort();
    const session = await runSweep({
      ...settings,
      targets: [sweepTarget('127.0.0.1:1'), sweepTarget('127.0.0.1:2')],
      signal: controller.signal,
      onEvent: (event) => events.push(event.type),
    });
    expect(events).not.toContain('target-started');
    expect(session.results.map((row) => row.unfinished)).toEqual([
      { reason: 'cancelled', started: false, message: null },
      { reason: 'cancelled', started: false, message: null },
    ]);
  });

  it('is 0 only when every row is healthy', async () => {
    const port = await healthyServer();
    const sweep = await runSweep({ ...settings, targets: [sweepTarget(`http://127.0.0.1:${port}/`)] });
    expect(sweepExitStatus(sweep)).toBe(0);
  });

  it('runs no more diagnoses against one host at once than its per-host limit; loopback is one host', async () => {
    const port = await healthyServer();
    const other = await healthyServer();
    const targets = [
      ...Array.from({ length: 6 }, (_, i) => sweepTarget(`http://127.0.0.1:${port}/${i}`)),
      ...Array.from({ length: 3 }, (_, i) => sweepTarget(`http://localhost:${other}/${i}`)),
    ];
    let running = 0;
    let peak = 0;
    const sweep = await runSweep({
      ...settings,
      targets,
      concurrency: 4,
      perHostConcurrency: 2,
      onEvent: (event) => {
        if (event.type === 'target-event') return;
        running += event.type === 'target-started' ? 1 : -1;
        peak = Math.max(peak, running);
      },
    });
    expect(sweep.results.every((row) => row.session?.verdict.id === 'healthy')).toBe(true);
    // 127.0.0.1 and localhost are this machine: two at once in all, though the pool had room for four.
    expect(peak).toBe(2);
  });

  it('runs diagnoses of different hosts side by side', async () => {
    const dns = await countingDnsServer();
    const silent = await silentServer();
    const started: number[] = [];
    const controller = new AbortController();
    const sweep = await runSweep({
      ...settings,
      dnsServer: dns.address,
      // A name is a host of its own (it is not resolved to decide), even one whose address is this machine's.
      targets: [
        sweepTarget(`http://127.0.0.1:${silent}/`),
        sweepTarget(`http://127.0.0.1:${silent}/2`),
        sweepTarget(`http://${labDnsNames.v4}:${silent}/`),
      ],
      concurrency: 2,
      perHostConcurrency: 1,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'target-started') started.push(event.index);
        if (started.length === 2) controller.abort();
      },
    });
    // The second row of 127.0.0.1 waits; the third, another host, takes the free place.
    expect(started).toEqual([0, 2]);
    expect(sweep.results.map((row) => row.unfinished?.reason)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('asks the DNS server about a name once, however many rows name it', async () => {
    const dns = await countingDnsServer();
    const closed = await findClosedPort();
    const one = await runSweep({
      ...settings,
      dnsServer: dns.address,
      targets: [sweepTarget(`http://${labDnsNames.v4}:${closed}/`)],
    });
    expect(one.results[0]!.session?.verdict.id).toBe('no-listener');
    const alone = dns.questions.splice(0);
    expect(alone.length).toBeGreaterThan(0);

    const four = await runSweep({
      ...settings,
      dnsServer: dns.address,
      targets: [0, 1, 2, 3].map((i) => sweepTarget(`http://${labDnsNames.v4}:${closed}/${i}`)),
    });
    expect(four.results.map((row) => row.session?.verdict.id)).toEqual(Array(4).fill('no-listener'));
    expect(dns.questions.sort()).toEqual(alone.sort());
  });

  it('stops the rows still running at the deadline and reports them unfinished, never healthy', async () => {
    const silent = await silentServer();
    const healthy = await healthyServer();
    const refused = await findClosedPort();
    const sweep = await runSweep({
      ...settings,
      timeoutMs: 5000,
      deadlineMs: 500,
      concurrency: 2,
      targets: [
        sweepTarget(`127.0.0.1:${refused}`),
        sweepTarget(`http://127.0.0.1:${silent}/`),
        sweepTarget(`http://127.0.0.1:${silent}/other`),
        // Waits for a place behind the silent row, which holds it until the deadline.
        sweepTarget(`http://localhost:${healthy}/`),
      ],
    });
    const [first, second, , last] = sweep.results;
    expect(first!.session?.verdict.id).toBe('no-listener');
    expect(second).toMatchObject({ session: null, unfinished: { reason: 'deadline', started: true } });
    expect(last).toMatchObject({ session: null, unfinished: { reason: 'deadline', started: false } });
    expect(sweep.deadlineMs).toBe(500);
    expect(sweepExitStatus(sweep)).toBe(1);
  });

  it('has a default deadline of ten probe budgets, and one more per --repeat connect', () => {
    expect(sweepDeadlineMs(3000)).toBe(30_000);
    expect(sweepDeadlineMs(1000, 5)).toBe(15_000);
  });

  it('reports rows unfinished when the caller cancels', async () => {
    const silent = await silentServer();
    const controller = new AbortController();
    const sweep = runSweep({
      ...settings,
      timeoutMs: 5000,
      targets: [sweepTarget(`http://127.0.0.1:${silent}/`)],
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'target-event' && event.event.type === 'step-finished') controller.abort();
      },
    });
    expect((await sweep).results[0]).toMatchObject({ session: null, unfinished: { reason: 'cancelled' } });
  });
});
