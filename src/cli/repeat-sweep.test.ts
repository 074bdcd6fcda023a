import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTarget } from '../engine/parse-target.js';
import type { SweepTarget } from '../engine/run-sweep.js';
import { findClosedPort, findPortToListenOn } from '../lab/servers/closed-port.js';
import { startHttpStatusServer } from '../lab/servers/http-status-server.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { startSilentServer } from '../lab/servers/silent-server.js';
import { type RepeatRound, type RowChange, repeatSweep, verdictKey } from './repeat-sweep.js';

// The loop behind --wait and --watch over a sweep, against real servers on loopback. Nothing here asserts a time:
// servers start and stop on the loop's own callbacks, and the rounds are counted.

const servers: LabServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
const started = async (server: Promise<LabServer>) => {
  servers.push(await server);
  return servers.at(-1)!;
};

/** A row typed on the command line. */
function row(input: string): SweepTarget {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  const { target, credentials, requestPath } = parsed;
  return { source: { kind: 'arg' }, input, target, credentials, requestPath };
}

const settings = { timeoutMs: 1000, dnsServer: null, caFile: null, repeat: null, env: {} };

describe('repeatSweep: waiting', () => {
  it('notices a target that comes up during the pause, in the very next round', async () => {
    const port = await findPortToListenOn();
    const changes: RowChange[] = [];
    const stop = new AbortController();
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [row(`http://127.0.0.1:${port}/`)] },
      intervalMs: 200,
      waitMs: 60_000,
      signal: stop.signal,
      onChange: (change) => changes.push(change),
      // Round 1 saw it refused; it comes up before the pause ends.
      onRound: async (round) => {
        if (round.number === 1) await started(startHttpStatusServer(200, '127.0.0.1', port));
      },
    });
    expect(outcome.endedBy).toBe('healthy');
    expect(outcome.rounds).toBe(2);
    expect(changes.map((change) => [change.before, change.after])).toEqual([
      [null, 'no-listener'],
      ['no-listener', 'healthy'],
    ]);
    expect(outcome.lastRound?.changed).toEqual(new Map([[0, 'no-listener']]));
    expect(outcome.latest?.results[0]?.session?.verdict.id).toBe('healthy');
  });

  it('stops after one round when every target is healthy at once', async () => {
    const a = await started(startHttpStatusServer(200));
    const b = await started(startHttpStatusServer(200));
    const rounds: RepeatRound[] = [];
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [row(`http://127.0.0.1:${a.port}/`), row(`127.0.0.1:${b.port}`)] },
      intervalMs: 200,
      waitMs: 60_000,
      signal: new AbortController().signal,
      onRound: (round) => {
        rounds.push(round);
      },
    });
    expect(outcome.endedBy).toBe('healthy');
    expect(rounds.map((round) => round.number)).toEqual([1]);
    expect(outcome.latest?.results.map(verdictKey)).toEqual(['healthy', 'healthy']);
  });

  it('ends at the deadline with the target still refused, its last verdict kept', async () => {
    const healthy = await started(startHttpStatusServer(200));
    const port = await findClosedPort();
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [row(`127.0.0.1:${port}`), row(`http://127.0.0.1:${healthy.port}/`)] },
      intervalMs: 200,
      waitMs: 1000,
      signal: new AbortController().signal,
    });
    expect(outcome.endedBy).toBe('deadline');
    expect(outcome.rounds).toBeGreaterThanOrEqual(1);
    expect(outcome.latest?.results.map(verdictKey)).toEqual(['no-listener', 'healthy']);
  });

  it('cuts the round in flight at the deadline: a target without a verdict yet is unfinished, never healthy', async () => {
    // A silent server keeps the HTTP probe waiting for its whole budget, well past the wait's end.
    const silent = await started(startSilentServer());
    const changes: RowChange[] = [];
    const outcome = await repeatSweep({
      sweep: { ...settings, timeoutMs: 20_000, targets: [row(`http://127.0.0.1:${silent.port}/`)] },
      intervalMs: 200,
      waitMs: 300,
      signal: new AbortController().signal,
      onChange: (change) => changes.push(change),
    });
    expect(outcome.endedBy).toBe('deadline');
    expect(outcome.lastRound).toBeNull();
    expect(outcome.latest?.results[0]).toMatchObject({ session: null, unfinished: { reason: 'deadline' } });
    // Cut by the wait: not a verdict of the target's, so not reported as one.
    expect(changes).toEqual([]);
  });

  it('a row healthy in an earlier round and cut in the last is not healthy at the end', async () => {
    // Answers in round 1; from round 2 on it takes each request and never answers, past the wait's end.
    let hang = false;
    const server = http.createServer((_request, response) => {
      if (!hang) response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const refused = await findClosedPort();
    try {
      const outcome = await repeatSweep({
        sweep: {
          ...settings,
          timeoutMs: 20_000,
          targets: [row(`http://127.0.0.1:${port}/`), row(`127.0.0.1:${refused}`)],
        },
        intervalMs: 100,
        waitMs: 1500,
        signal: new AbortController().signal,
        onRound: async (round) => {
          if (round.number === 1) hang = true;
        },
      });
      expect(outcome.endedBy).toBe('deadline');
      expect(outcome.latest?.results[0]).toMatchObject({ session: null, unfinished: { reason: 'deadline' } });
      expect(outcome.latest?.results.map(verdictKey)).not.toContain('healthy');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('repeatSweep: watching', () => {
  it('marks the rows whose verdict changed from the round before, until the signal', async () => {
    const steady = await started(startHttpStatusServer(200));
    const going = await started(startHttpStatusServer(200));
    const stop = new AbortController();
    const rounds: RepeatRound[] = [];
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [row(`127.0.0.1:${steady.port}`), row(`127.0.0.1:${going.port}`)] },
      intervalMs: 200,
      waitMs: null,
      signal: stop.signal,
      onRound: async (round) => {
        rounds.push(round);
        if (round.number === 1) await going.stop();
        if (round.number === 3) stop.abort();
      },
    });
    expect(outcome.endedBy).toBe('signal');
    expect(rounds.map((round) => [...round.changed])).toEqual([[], [[1, 'healthy']], []]);
    expect(rounds.map((round) => round.sweep.results.map(verdictKey))).toEqual([
      ['healthy', 'healthy'],
      ['healthy', 'no-listener'],
      ['healthy', 'no-listener'],
    ]);
    expect(outcome.lastRound?.number).toBe(3);
  });

  it('never stops for healthy rows without a wait, and a signal during the pause ends it at once', async () => {
    const server = await started(startHttpStatusServer(200));
    const stop = new AbortController();
    const outcome = await repeatSweep({
      sweep: { ...settings, targets: [row(`127.0.0.1:${server.port}`)] },
      intervalMs: 3_600_000,
      waitMs: null,
      signal: stop.signal,
      onRound: () => stop.abort(),
    });
    expect(outcome).toMatchObject({ endedBy: 'signal', rounds: 1 });
  });
});
