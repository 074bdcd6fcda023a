import { describe, expect, it } from 'vitest';
import type { LabDnsServer } from './dns-server.js';
import { scenarios } from './scenarios.js';
import { sshBanner, startBannerServer } from './servers/banner-server.js';
import { startCloseAfterRequest } from './servers/close-after-request.js';
import { startCloseOnAccept } from './servers/close-on-accept.js';
import { findClosedPort } from './servers/closed-port.js';
import { garbageBytes, startGarbageServer } from './servers/garbage-server.js';
import { startHttpStatusServer } from './servers/http-status-server.js';
import { startResetAfterRequest } from './servers/reset-after-request.js';
import { startResetOnAccept } from './servers/reset-on-accept.js';
import { startSilentServer } from './servers/silent-server.js';
import { startSingleFamilyListener } from './servers/single-family-listener.js';
import { startSynQueueFull } from './servers/syn-queue-full.js';
import { missingRequirement, startLab } from './start-lab.js';
import { connectOutcome, talk, useStartedServers } from './servers/started-servers.test-helper.js';
import { verdictIds } from '../tree/verdict-ids.js';

const request = 'GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n';

const use = useStartedServers();

describe('fault servers, seen by a plain client', () => {
  it('closed port refuses the connection', async () => {
    expect(await connectOutcome('127.0.0.1', await findClosedPort())).toBe('ECONNREFUSED');
  });

  it('reset-on-accept resets before any byte', async () => {
    const seen = await talk(await use(startResetOnAccept()));
    expect(seen).toMatchObject({ ending: 'error', errno: 'ECONNRESET' });
    expect(seen.bytes.length).toBe(0);
  });

  it('reset-after-request resets once the request is in, and not before', async () => {
    const server = await use(startResetAfterRequest());
    expect((await talk(server, undefined, 300)).ending).toBe('still-open');
    const seen = await talk(server, request);
    expect(seen).toMatchObject({ ending: 'error', errno: 'ECONNRESET' });
    expect(seen.bytes.length).toBe(0);
  });

  it('close-on-accept ends cleanly with no byte, even after the client sent its request', async () => {
    const seen = await talk(await use(startCloseOnAccept()), request);
    expect(seen.ending).toBe('end');
    expect(seen.bytes.length).toBe(0);
  });

  it('close-after-request ends cleanly with no byte once the request is in', async () => {
    const server = await use(startCloseAfterRequest());
    expect((await talk(server, undefined, 300)).ending).toBe('still-open');
    const seen = await talk(server, request);
    expect(seen.ending).toBe('end');
    expect(seen.bytes.length).toBe(0);
  });

  it('silent server sends nothing and keeps the connection open', async () => {
    const seen = await talk(await use(startSilentServer()), request, 300);
    expect(seen.ending).toBe('still-open');
    expect(seen.bytes.length).toBe(0);
  });

  it.each([200, 404, 500, 502, 503, 504])('status server answers %i and closes', async (status) => {
    const seen = await talk(await use(startHttpStatusServer(status)), request);
    const text = seen.bytes.toString('latin1');
    expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(seen.ending).toBe('end');
  });

  it('banner server sends its banner before the client says anything', async () => {
    const seen = await talk(await use(startBannerServer(sshBanner)), undefined, 300);
    expect(seen.bytes.toString('latin1')).toBe(sshBanner);
    expect(seen.ending).toBe('still-open');
  });

  it('garbage server answers the request with bounded binary noise, then closes', async () => {
    const seen = await talk(await use(startGarbageServer()), request);
    expect(seen.ending).toBe('end');
    expect(seen.bytes.length).toBe(garbageBytes);
    expect(seen.bytes.toString('latin1').startsWith('HTTP')).toBe(false);
    expect(seen.bytes[0]).toBe(0xff);
  });

  it('syn-queue-full drops further SYNs while its fillers hold the queue, and refuses once stopped', async () => {
    const server = await use(startSynQueueFull());
    expect(await connectOutcome(server.host, server.port, 500)).toBe('timeout');
    expect(server.openFillers()).toBe(2);
    await server.stop();
    expect(await connectOutcome(server.host, server.port)).toBe('ECONNREFUSED');
  });

  it.each([
    [4, '127.0.0.1', '::1'],
    [6, '::1', '127.0.0.1'],
  ] as const)('IPv%i-only listener accepts on %s and refuses on %s', async (family, on, off) => {
    const server = await use(startSingleFamilyListener(family));
    expect(server.host).toBe(on);
    expect(await connectOutcome(off, server.port)).toBe('ECONNREFUSED');
    const seen = await talk({ host: on, port: server.port }, request);
    expect(seen.bytes.toString('latin1').startsWith('HTTP/1.1 200 ')).toBe(true);
  });
});

// The lab imports nothing of ours; its test checks each scenario against the catalogue itself.
const catalogue: readonly string[] = verdictIds;

describe('scenarios', () => {
  it('have unique kebab-case ids and declare a catalogue verdict, exit 0 only when healthy', () => {
    const ids = scenarios.map((scenario) => scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const scenario of scenarios) {
      expect(scenario.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(catalogue).toContain(scenario.expectedVerdict);
      expect(scenario.expectedExit).toBe(scenario.expectedVerdict === 'healthy' ? 0 : 1);
    }
  });

  it('each start on loopback with a target conn-doctor can parse, and stop', async () => {
    // Scenarios only format the DNS server's address into their args; nothing is sent to it here.
    const dns: LabDnsServer = { host: '127.0.0.1', port: 5353, close: async () => {} };
    for (const scenario of scenarios) {
      const missing = missingRequirement(scenario);
      if (missing) {
        // Where its program is missing, a scenario says so instead of starting.
        await expect(scenario.start({ dns })).rejects.toThrow(missing);
        continue;
      }
      const run = await scenario.start({ dns });
      try {
        const url = new URL(run.target);
        const schemes = ['http:', 'https:', 'tcp:', 'postgres:', 'postgresql:', 'redis:', 'ssh:'];
        expect([...schemes, 'amqp:', 'amqps:', 'smtp:', 'smtps:', 'mongodb:']).toContain(url.protocol);
        // https targets use localhost, so the certificate's name is checked (conn-doctor never sends it to DNS).
        // 127.0.0.2 is the one other loopback address: the listener-bound-elsewhere scenario connects there.
        const hosts = url.protocol === 'https:' ? ['localhost'] : ['127.0.0.1', '127.0.0.2'];
        expect(hosts.includes(url.hostname) || url.hostname.endsWith('.lab.test')).toBe(true);
        // The URL parser drops http's default port, which the DNS scenarios use.
        expect(Number(url.port || 80)).toBeGreaterThan(0);
        if (url.hostname.endsWith('.lab.test')) {
          expect(run.args).toEqual(expect.arrayContaining(['--dns-server', '127.0.0.1:5353']));
        }
      } finally {
        await run.stop();
      }
    }
  });
});

describe('startLab', () => {
  // Timers are left out: vitest keeps its own. Closed handles leave this list on a later loop turn.
  const watched = ['TCPServerWrap', 'TCPSocketWrap', 'UDPWrap'];
  const handles = () => process.getActiveResourcesInfo().filter((kind) => watched.includes(kind)).length;
  const handlesOnceClosed = async (floor: number) => {
    for (let turn = 0; turn < 40 && handles() > floor; turn++) await new Promise((done) => setTimeout(done, 25));
    return handles();
  };

  it('starts every scenario it can and its DNS server, and stop() leaves no handle behind', async () => {
    const before = handles();
    const lab = await startLab();
    const runnable = scenarios.filter((scenario) => !missingRequirement(scenario));
    expect(lab.running.map(({ scenario }) => scenario.id)).toEqual(runnable.map((scenario) => scenario.id));
    const unmet = scenarios.filter((scenario) => missingRequirement(scenario));
    expect(lab.skipped).toEqual(unmet.map((scenario) => ({ id: scenario.id, reason: missingRequirement(scenario) })));
    expect(handles()).toBeGreaterThan(before);
    await lab.stop();
    await lab.stop();
    expect(await handlesOnceClosed(before)).toBeLessThanOrEqual(before);
  });

  it('starts only the selected scenarios and rejects unknown ids', async () => {
    const lab = await startLab({ only: ['closed-port', 'healthy-http'] });
    try {
      expect(lab.running.map(({ scenario }) => scenario.id)).toEqual(['healthy-http', 'closed-port']);
    } finally {
      await lab.stop();
    }
    await expect(startLab({ only: ['no-such-scenario'] })).rejects.toThrow('no-such-scenario');
  });

  it('finds a required program that is installed, and names one that is not', () => {
    const [scenario] = scenarios;
    if (!scenario) throw new Error('no scenarios');
    expect(missingRequirement({ ...scenario, requires: undefined })).toBeUndefined();
    // `node` runs this test, and `node -V` prints its version.
    expect(missingRequirement({ ...scenario, requires: process.execPath })).toBeUndefined();
    expect(missingRequirement({ ...scenario, requires: 'conn-doctor-lab-no-such-program' })).toBe(
      'conn-doctor-lab-no-such-program is not installed',
    );
  });
});
