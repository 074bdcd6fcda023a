import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeProcFs } from './fake-proc-fs.test-helper.js';
import type { ProcFs } from './proc-fs.js';
import { parseProcNetTcp } from './proc-net-tcp.js';
import { findSocketOwners } from './proc-socket-owners.js';
import { nowMs } from '../../shared/monotonic-clock.js';

const soon = () => ({ deadline: nowMs() + 2000 });
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

describe.runIf(process.platform === 'linux')('findSocketOwners on this machine', () => {
  it('finds this process as the owner of its own listening socket', async () => {
    const server = net.createServer();
    servers.push(server);
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as net.AddressInfo;
    const socket = parseProcNetTcp(readFileSync('/proc/net/tcp', 'utf8'), 4).find((s) => s.port === port);
    expect(socket).toBeDefined();

    const scan = await findSocketOwners(new Set([socket!.inode]), soon());
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    expect(scan.owners.get(socket!.inode)).toEqual({ pid: process.pid, process: comm });
    expect(scan.cutShort).toBeNull();
  });
});

describe('findSocketOwners', () => {
  it('names the lowest pid that holds a socket, and counts the processes it may not read', async () => {
    const procFs = fakeProcFs({
      1: { fds: 'EACCES', comm: 'systemd' },
      300: { fds: { 0: '/dev/null', 5: 'socket:[7]' }, comm: 'nginx: worker' },
      200: { fds: { 3: 'socket:[7]', 4: 'socket:[8]', 9: 'pipe:[11]' }, comm: 'nginx', delayMs: 30 },
      400: { fds: 'EACCES' },
    });
    const scan = await findSocketOwners(new Set([7, 8, 99]), soon(), procFs);
    expect(scan.owners).toEqual(
      new Map([
        [7, { pid: 200, process: 'nginx' }],
        [8, { pid: 200, process: 'nginx' }],
      ]),
    );
    expect(scan.unreadableProcesses).toBe(2);
    expect(scan.cutShort).toBeNull();
  });

  it('keeps the pid of an owner that exited before its name was read', async () => {
    const scan = await findSocketOwners(new Set([7]), soon(), fakeProcFs({ 42: { fds: { 3: 'socket:[7]' } } }));
    expect(scan.owners.get(7)).toEqual({ pid: 42, process: null });
  });

  it('stops at the process bound, and says so', async () => {
    const processes = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [i + 1, { fds: { 3: `socket:[${i + 1}]` }, comm: 'x' }]),
    );
    const scan = await findSocketOwners(new Set([40]), { ...soon(), maxProcesses: 20 }, fakeProcFs(processes));
    expect(scan.owners.size).toBe(0);
    expect(scan.cutShort).toBe('process-limit');
  });

  it('settles by the deadline with what it found when /proc stops answering, and at once when cancelled', async () => {
    const real = fakeProcFs({ 10: { fds: { 3: 'socket:[7]' }, comm: 'fast' }, 20: { fds: { 3: 'socket:[8]' } } });
    const hanging: ProcFs = {
      ...real,
      readlink: (path) => (path.startsWith('/proc/20/') ? new Promise(() => {}) : real.readlink(path)),
    };
    const started = nowMs();
    const scan = await findSocketOwners(new Set([7, 8]), { deadline: nowMs() + 200 }, hanging);
    expect(nowMs() - started).toBeLessThan(1500);
    expect(scan.cutShort).toBe('deadline');
    expect(scan.owners).toEqual(new Map([[7, { pid: 10, process: 'fast' }]]));

    const controller = new AbortController();
    const pending = findSocketOwners(new Set([8]), { deadline: nowMs() + 60_000, signal: controller.signal }, hanging);
    controller.abort();
    expect((await pending).cutShort).toBe('aborted');
  });

  it('says so when /proc itself cannot be listed', async () => {
    const procFs: ProcFs = {
      ...fakeProcFs({}),
      readdir: () => Promise.reject(Object.assign(new Error(), { code: 'EACCES' })),
    };
    expect(await findSocketOwners(new Set([7]), soon(), procFs)).toMatchObject({ cutShort: 'proc-unreadable' });
  });

  it('reads nothing when no socket is wanted', async () => {
    const procFs: ProcFs = { ...fakeProcFs({}), readdir: () => Promise.reject(new Error('must not be called')) };
    expect(await findSocketOwners(new Set(), soon(), procFs)).toEqual({
      owners: new Map(),
      unreadableProcesses: 0,
      cutShort: null,
    });
  });
});
