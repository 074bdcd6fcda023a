import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findClosedPort, findPortToListenOn } from '../../lab/servers/closed-port.js';
import { attempt, factsFor } from '../../tree/proxy-detour.test-helper.js';
import { readProcNetTables } from '../../probes/local-listeners/proc-listeners.js';
import { localListenersStep } from './local-listeners-step.js';

// The listeners step on this machine's real socket tables, for a refused loopback target: a listener on the very
// address that refused contradicts the refusal, and one more connect tells why.
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

const listenOn = (port: number, host: string) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    servers.push(server);
    server.once('error', reject).listen(port, host, () => resolve(server));
  });

const run = (port: number, refusedAt: string) =>
  localListenersStep({
    facts: factsFor({ url: `tcp://${refusedAt}:${port}`, tcp: [attempt('refused', refusedAt, port)] }),
    credentials: null,
    requestPath: null,
    budget: { timeoutMs: 2000 },
    early: { listenerTables: null },
  });

describe.skipIf(process.platform !== 'linux')('the local listeners step', () => {
  it('connects again when a listener now holds the address that refused (it came up meanwhile): accepted', async () => {
    const port = await findPortToListenOn();
    // The connect was refused (the facts say so); the service listens by the time the step reads the tables.
    await listenOn(port, '127.0.0.1');
    const output = await run(port, '127.0.0.1');
    expect(output.outcome).toBe('found');
    expect(output.patch.localRecheck).toMatchObject({ address: '127.0.0.1', port, kind: 'open' });
    expect(output.details.recheck).toMatchObject({ kind: 'open' });
  });

  it('counts a wildcard listener of the same family as holding the address', async () => {
    const port = await findPortToListenOn();
    await listenOn(port, '0.0.0.0');
    const output = await run(port, '127.0.0.1');
    expect(output.patch.localRecheck).toMatchObject({ kind: 'open' });
  });

  it('makes no second connect when the listener is on another address (listener-bound-elsewhere stands)', async () => {
    const port = await findPortToListenOn();
    await listenOn(port, '127.0.0.2');
    const output = await run(port, '127.0.0.1');
    expect(output.outcome).toBe('found');
    expect(output.patch.localRecheck).toBeUndefined();
    expect(output.details.recheck).toBeUndefined();
  });

  it('a listener that stopped since the tables were read ahead (a sweep shares them): fresh tables, no recheck', async () => {
    const port = await findPortToListenOn();
    const server = await listenOn(port, '127.0.0.1');
    const early = readProcNetTables();
    await early;
    await new Promise((done) => server.close(done));
    servers.splice(servers.indexOf(server), 1);
    const output = await localListenersStep({
      facts: factsFor({ url: `tcp://127.0.0.1:${port}`, tcp: [attempt('refused', '127.0.0.1', port)] }),
      credentials: null,
      requestPath: null,
      budget: { timeoutMs: 2000 },
      early: { listenerTables: early },
    });
    // The old tables still listed it and the second connect was refused; the fresh read shows nothing there, so no
    // rule on this machine is blamed for it.
    expect(output.outcome).toBe('none');
    expect(output.patch.localRecheck).toBeUndefined();
  });

  it('makes no second connect when nothing listens', async () => {
    const port = await findClosedPort();
    const output = await run(port, '127.0.0.1');
    expect(output.outcome).toBe('none');
    expect(output.patch.localRecheck).toBeUndefined();
  });
});
