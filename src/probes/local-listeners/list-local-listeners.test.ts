import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOutcome, CommandRunner } from '../command-runner.js';
import { fakeProcFs } from './fake-proc-fs.test-helper.js';
import { listLocalListeners } from './list-local-listeners.js';
import type { ProcFs } from './proc-fs.js';
import { procNetTcp, procNetTcp6 } from './proc-net-samples.test-helper.js';

const budget = { timeoutMs: 3000 };
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

function listen(host: string, port: number): Promise<net.Server | null> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(port, host, () => {
      servers.push(server);
      resolve(server);
    });
  });
}

/** One ephemeral port with a listener on 127.0.0.1 and another on ::1; a few tries, as ::1 may hold that port. */
async function dualListeners(): Promise<number> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const v4 = (await listen('127.0.0.1', 0))!;
    const port = (v4.address() as net.AddressInfo).port;
    if ((await listen('::1', port)) !== null) return port;
    servers.splice(servers.indexOf(v4), 1);
    await new Promise((done) => v4.close(done));
  }
  throw new Error('no port free on both 127.0.0.1 and ::1');
}

async function closedPort(): Promise<number> {
  const server = (await listen('127.0.0.1', 0))!;
  const { port } = server.address() as net.AddressInfo;
  servers.splice(servers.indexOf(server), 1);
  await new Promise((done) => server.close(done));
  return port;
}

const hasLsof = (() => {
  try {
    execFileSync('lsof', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ENOENT';
  }
})();

describe.runIf(process.platform === 'linux')('listLocalListeners on this machine', () => {
  const comm = readFileSync('/proc/self/comm', 'utf8').trim();

  it('finds both listeners on the port through /proc, owned by this process', async () => {
    const port = await dualListeners();
    const result = await listLocalListeners(port, budget);
    expect(result).toMatchObject({ kind: 'listeners', port, source: 'proc', hiddenOwners: false, complete: true });
    expect(result.kind === 'listeners' && result.listeners).toEqual([
      { address: '127.0.0.1', family: 4, port, pid: process.pid, process: comm, forwarder: null },
      { address: '::1', family: 6, port, pid: process.pid, process: comm, forwarder: null },
    ]);
  });

  it('finds nothing on a port nobody listens on', async () => {
    const port = await closedPort();
    expect(await listLocalListeners(port, budget)).toMatchObject({
      kind: 'listeners',
      listeners: [],
      hiddenOwners: false,
    });
  });

  it.skipIf(!hasLsof)('finds the same listeners through lsof, as on a Mac', async () => {
    const port = await dualListeners();
    const result = await listLocalListeners(port, budget, 'darwin');
    expect(result).toMatchObject({ kind: 'listeners', source: 'lsof', complete: process.getuid?.() === 0 });
    expect(result.kind === 'listeners' && result.listeners.map((l) => [l.address, l.pid, l.process])).toEqual([
      ['127.0.0.1', process.pid, comm],
      ['::1', process.pid, comm],
    ]);
    expect(await listLocalListeners(await closedPort(), budget, 'darwin')).toMatchObject({
      kind: 'listeners',
      listeners: [],
    });
  });
});

describe('listLocalListeners from /proc, for what a test cannot set up for real', () => {
  const files = { '/proc/net/tcp': procNetTcp, '/proc/net/tcp6': procNetTcp6 };
  const deps = (procFs: ProcFs, uid = 1000) => ({ procFs, uid, endianness: 'LE' as const });

  it('names docker-proxy and reads its mapping', async () => {
    const cmdline = [
      '/usr/bin/docker-proxy',
      '-proto',
      'tcp',
      '-host-ip',
      '0.0.0.0',
      '-host-port',
      '41002',
      '-container-ip',
      '172.17.0.2',
      '-container-port',
      '80',
      '',
    ].join('\0');
    const procFs = fakeProcFs({ 2001: { fds: { 4: 'socket:[250067]' }, comm: 'docker-proxy', cmdline } }, files);
    const result = await listLocalListeners(41002, budget, 'linux', deps(procFs, 0));
    expect(result.kind === 'listeners' && result.listeners).toEqual([
      {
        address: '0.0.0.0',
        family: 4,
        port: 41002,
        pid: 2001,
        process: 'docker-proxy',
        forwarder: {
          kind: 'docker-proxy',
          name: 'docker-proxy',
          mapping: { proto: 'tcp', hostIp: '0.0.0.0', hostPort: 41002, containerIp: '172.17.0.2', containerPort: 80 },
          backend: {
            kind: 'address',
            host: '172.17.0.2',
            port: 80,
            spec: '-container-ip 172.17.0.2 -container-port 80',
          },
        },
      },
    ]);
  });

  it.each([
    [
      'socat',
      ['socat', 'TCP-LISTEN:41002,fork,reuseaddr', 'TCP:127.0.0.1:3000'],
      { kind: 'socat', name: 'socat', backend: { kind: 'address', host: '127.0.0.1', port: 3000 } },
    ],
    [
      'ssh',
      ['ssh', '-NfL', '41002:localhost:5432', 'me@127.0.0.1'],
      { kind: 'ssh', name: 'ssh -L', backend: { kind: 'address', host: 'localhost', port: 5432 } },
    ],
    [
      'ssh',
      ['ssh', '-N', '-L', '41002:db:5432', 'me@bastion'],
      { kind: 'ssh', name: 'ssh -L', backend: { kind: 'remote', host: 'db', port: 5432, via: 'me@bastion' } },
    ],
  ])('reads where a %s listener forwards from its command line', async (comm, args, forwarder) => {
    const cmdline = `${args.join('\0')}\0`;
    const procFs = fakeProcFs({ 2001: { fds: { 4: 'socket:[250067]' }, comm, cmdline } }, files);
    const result = await listLocalListeners(41002, budget, 'linux', deps(procFs, 0));
    expect(result.kind === 'listeners' && result.listeners[0]?.forwarder).toMatchObject(forwarder);
  });

  it('keeps the hedged name where the command line does not show the forward', async () => {
    const cmdline = 'ssh\0me@db\0';
    const procFs = fakeProcFs({ 2001: { fds: { 4: 'socket:[250067]' }, comm: 'ssh', cmdline } }, files);
    const result = await listLocalListeners(41002, budget, 'linux', deps(procFs, 0));
    expect(result.kind === 'listeners' && result.listeners[0]?.forwarder).toEqual({
      kind: 'ssh',
      name: 'ssh (possibly -L)',
    });
  });

  it('says another user’s socket is hidden from a user that is not root, and makes names visible', async () => {
    const procFs = fakeProcFs(
      { 1: { fds: 'EACCES' }, 77: { fds: { 3: 'socket:[251647]' }, comm: 'evil\x1b[2Jname' } },
      files,
    );
    const result = await listLocalListeners(41011, budget, 'linux', deps(procFs));
    expect(result.kind === 'listeners' && result.listeners[0]?.process).toBe('evil\\x1b[2Jname');

    const hidden = await listLocalListeners(41004, budget, 'linux', deps(procFs));
    expect(hidden).toMatchObject({ kind: 'listeners', hiddenOwners: true });
    expect(hidden.kind === 'listeners' && hidden.listeners).toEqual([
      { address: '::', family: 6, port: 41004, pid: null, process: null, hidden: 'other-user', forwarder: null },
    ]);
    // Root sees every process: a socket it finds no owner for is held outside its sight (a container, the kernel).
    const asRoot = await listLocalListeners(41004, budget, 'linux', deps(fakeProcFs({}, files), 0));
    expect(asRoot.kind === 'listeners' && asRoot.listeners[0]?.hidden).toBe('unknown');
  });

  it('gives the sockets without owners when the scan runs out of budget', async () => {
    const stuck: ProcFs = {
      ...fakeProcFs({ 5: { fds: { 3: 'socket:[1]' } } }, files),
      readlink: () => new Promise(() => {}),
    };
    const started = performance.now();
    const result = await listLocalListeners(41001, { timeoutMs: 400 }, 'linux', deps(stuck));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({
      kind: 'listeners',
      hiddenOwners: true,
      listeners: [{ address: '127.0.0.1', pid: null, hidden: 'other-user' }],
    });
  });

  it('says plainly when there is no /proc', async () => {
    expect(await listLocalListeners(80, budget, 'linux', deps(fakeProcFs({})))).toMatchObject({
      kind: 'unavailable',
      source: 'proc',
      cause: 'no-proc',
      reason: 'cannot read /proc/net/tcp (ENOENT)',
    });
  });
});

/** Answers each command with the outcome for its name; records what ran. */
function fakeRunner(outcomes: Record<string, CommandOutcome | (() => Promise<CommandOutcome>)>) {
  const ran: string[] = [];
  const run: CommandRunner = async (file, args) => {
    ran.push([file, ...args].join(' '));
    const outcome = outcomes[[file, ...args].join(' ')] ?? outcomes[file] ?? { kind: 'missing' };
    return typeof outcome === 'function' ? outcome() : outcome;
  };
  return { run, ran };
}
const exited = (stdout: string, exitCode = 0, stderr = ''): CommandOutcome => ({
  kind: 'exited',
  exitCode,
  stdout,
  stderr,
});

describe('listLocalListeners through lsof', () => {
  it('lists each socket once, under the lowest pid of the processes that share it, IPv4 first', async () => {
    const out =
      'p900\ncnginx\nf6\ntIPv6\nn*:8080\nf7\ntIPv4\nn*:8080\np901\ncnginx\nf6\ntIPv6\nn*:8080\nf7\ntIPv4\nn*:8080\n';
    const result = await listLocalListeners(8080, budget, 'darwin', {
      run: fakeRunner({ lsof: exited(out) }).run,
      uid: 501,
    });
    expect(result).toMatchObject({ kind: 'listeners', source: 'lsof', complete: false, hiddenOwners: false });
    expect(result.kind === 'listeners' && result.listeners).toEqual([
      {
        address: '0.0.0.0',
        family: 4,
        port: 8080,
        pid: 900,
        process: 'nginx',
        forwarder: { kind: 'reverse-proxy', name: 'nginx' },
      },
      {
        address: '::',
        family: 6,
        port: 8080,
        pid: 900,
        process: 'nginx',
        forwarder: { kind: 'reverse-proxy', name: 'nginx' },
      },
    ]);
  });

  it('reads lsof’s status 1 without a word as nothing found, and one with a word as a failure', async () => {
    const none = fakeRunner({ lsof: exited('', 1) });
    expect(await listLocalListeners(8080, budget, 'darwin', { run: none.run, uid: 0 })).toMatchObject({
      kind: 'listeners',
      listeners: [],
      complete: true,
    });
    expect(none.ran).toEqual(['lsof -nP -w -iTCP:8080 -sTCP:LISTEN +c 0 -F pcnt']);

    const failing = fakeRunner({ lsof: exited('', 1, 'lsof: unsupported option: -w\nusage: …') });
    expect(await listLocalListeners(8080, budget, 'darwin', { run: failing.run })).toMatchObject({
      kind: 'unavailable',
      cause: 'command-failed',
      reason: 'lsof exited with status 1: lsof: unsupported option: -w',
    });
  });

  it('looks in /usr/sbin when lsof is not on the PATH, and says so when it is nowhere', async () => {
    const inSbin = fakeRunner({ '/usr/sbin/lsof': exited('p1\ncssh\ntIPv4\nn127.0.0.1:2222\n') });
    const found = await listLocalListeners(2222, budget, 'darwin', { run: inSbin.run });
    expect(found.kind === 'listeners' && found.listeners[0]?.forwarder).toEqual({
      kind: 'ssh',
      name: 'ssh (possibly -L)',
    });

    expect(await listLocalListeners(2222, budget, 'freebsd', { run: fakeRunner({}).run })).toMatchObject({
      kind: 'unavailable',
      source: 'lsof',
      cause: 'command-missing',
      reason: 'lsof is not installed (or not on the PATH)',
    });
  });
});

describe('listLocalListeners through netstat and tasklist', () => {
  const netstatV4 =
    '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n' +
    '  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       9320\r\n' +
    '  TCP    127.0.0.1:8080         127.0.0.1:52044        ESTABLISHED     9320\r\n' +
    '  TCP    127.0.0.1:8081         0.0.0.0:0              LISTENING       15880\r\n';
  const netstatV6 =
    '\r\nActive Connections\r\n\r\n  Proto  Local Address          Foreign Address        State           PID\r\n' +
    '  TCP    [::1]:8080             [::]:0                 LISTENING       4\r\n';
  const tasklist =
    '"System","4","Services","0","3,204 K"\r\n"com.docker.backend.exe","9320","Console","1","98,112 K"\r\n';
  const windows = (extra: Record<string, CommandOutcome> = {}) =>
    fakeRunner({
      'netstat -ano -p TCP': exited(netstatV4),
      'netstat -ano -p TCPv6': exited(netstatV6),
      tasklist: exited(tasklist),
      ...extra,
    });

  it('names each listener’s pid', async () => {
    const { run, ran } = windows();
    const result = await listLocalListeners(8080, budget, 'win32', { run });
    expect(result).toMatchObject({ kind: 'listeners', source: 'netstat', complete: true, hiddenOwners: false });
    expect(result.kind === 'listeners' && result.listeners).toEqual([
      {
        address: '0.0.0.0',
        family: 4,
        port: 8080,
        pid: 9320,
        process: 'com.docker.backend.exe',
        forwarder: { kind: 'container-runtime', name: 'Docker Desktop' },
      },
      { address: '::1', family: 6, port: 8080, pid: 4, process: 'System', forwarder: null },
    ]);
    expect(ran).toEqual(['netstat -ano -p TCP', 'netstat -ano -p TCPv6', 'tasklist /FO CSV /NH']);
  });

  it('runs no tasklist when nothing listens, and keeps the pids when tasklist fails', async () => {
    const idle = windows();
    expect(await listLocalListeners(9999, budget, 'win32', { run: idle.run })).toMatchObject({
      kind: 'listeners',
      listeners: [],
    });
    expect(idle.ran).not.toContain('tasklist /FO CSV /NH');

    const noNames = await listLocalListeners(8081, budget, 'win32', {
      run: windows({ tasklist: { kind: 'timeout' } }).run,
    });
    expect(noNames).toMatchObject({
      kind: 'listeners',
      hiddenOwners: true,
      listeners: [{ pid: 15880, process: null, hidden: 'unknown' }],
    });
  });

  it('says so when netstat fails', async () => {
    const denied = windows({ 'netstat -ano -p TCPv6': exited('', 1, 'Access is denied.') });
    expect(await listLocalListeners(8080, budget, 'win32', { run: denied.run })).toMatchObject({
      kind: 'unavailable',
      cause: 'permission-denied',
      reason: 'netstat exited with status 1: Access is denied.',
    });
  });
});

describe('listLocalListeners within its budget', () => {
  it('settles by the budget when a command hangs, and at once when cancelled', async () => {
    const hanging = fakeRunner({ lsof: () => new Promise(() => {}) });
    const started = performance.now();
    expect(await listLocalListeners(80, { timeoutMs: 300 }, 'darwin', { run: hanging.run })).toMatchObject({
      kind: 'unavailable',
      cause: 'timeout',
    });
    expect(performance.now() - started).toBeLessThan(2000);

    const controller = new AbortController();
    const pending = listLocalListeners(80, { timeoutMs: 60_000, signal: controller.signal }, 'darwin', {
      run: hanging.run,
    });
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'unavailable', cause: 'aborted' });
  });

  it('says when it knows no way to list listeners', async () => {
    expect(await listLocalListeners(80, budget, 'haiku', { run: fakeRunner({}).run })).toMatchObject({
      kind: 'unavailable',
      source: null,
      cause: 'unsupported-platform',
    });
  });
});
