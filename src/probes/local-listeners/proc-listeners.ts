import { errnoOf } from '../socket-error.js';
import { visibleText } from '../visible-bytes.js';
import { backendFromCmdline, namesBackendInCmdline } from './backend-from-cmdline.js';
import { parseDockerProxyCmdline } from './docker-proxy-cmdline.js';
import type { ForwarderBackend } from './forwarder-backend.js';
import { classifyForwarder } from './known-forwarders.js';
import type { HiddenOwner, LocalListener } from './listener.js';
import { unavailable, type ListenerReading, type ReadLimits } from './listener-reading.js';
import { readProcTextInPool, type ProcFs } from './proc-fs.js';
import { parseProcNetTcp, type ProcListenSocket } from './proc-net-tcp.js';
import { findSocketOwners, type OwnerScan } from './proc-socket-owners.js';

/** What the Linux reader needs from the machine, so that a test can stand in for it. */
export interface ProcDeps {
  procFs: ProcFs;
  /** Our own uid (`process.getuid()`): a socket of another uid is hidden from us unless we are root (0). */
  uid: number | null;
  endianness: 'LE' | 'BE';
  /** The two tables, when a read started ahead of need (`readProcNetTables`); read now, synchronously, if absent. */
  tables?: Promise<ProcNetTables>;
}

/** /proc/net/tcp and /proc/net/tcp6 as read: each its text, or why it could not be read. */
export type ProcNetTables = readonly [PromiseSettledResult<string>, PromiseSettledResult<string>];

/**
 * The kernel lists listening sockets before connections, so a bound that cuts a busy server's table loses
 * connections only; the bound keeps 100k connections from costing a 15 MB read.
 */
const maxProcNetBytes = 4 * 1024 * 1024;

const tablePaths = ['/proc/net/tcp', '/proc/net/tcp6'] as const;

/** A forwarder's command line is a few hundred bytes; ssh with many options stays well under this. */
const maxCmdlineBytes = 8192;

/**
 * Both tables read in Node's thread pool, at the same time, for a caller that knows early that it will need them
 * (a diagnosis of a loopback target): the kernel's walk of its connection table, ~2.5 ms a file however few
 * sockets there are, then overlaps the connect instead of following it. Never rejects.
 */
export function readProcNetTables(): Promise<ProcNetTables> {
  const read = (path: string) => settled(() => readProcTextInPool(path, maxProcNetBytes));
  return Promise.all([read(tablePaths[0]), read(tablePaths[1])]);
}

/** Both tables, read one after the other on this thread: no thread pool to start when nothing was read ahead. */
async function readTablesNow(procFs: ProcFs): Promise<ProcNetTables> {
  const read = (path: string) => settled(() => procFs.readFile(path, maxProcNetBytes));
  const v4 = await read(tablePaths[0]);
  return [v4, await read(tablePaths[1])];
}

async function settled(read: () => Promise<string>): Promise<PromiseSettledResult<string>> {
  try {
    return { status: 'fulfilled', value: await read() };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}

/** Linux: the sockets from /proc/net/tcp{,6}, their owners from /proc/<pid>/fd. Never throws. */
export async function readProcListeners(port: number, limits: ReadLimits, deps: ProcDeps): Promise<ListenerReading> {
  const [v4, v6] = await (deps.tables ?? readTablesNow(deps.procFs));
  if (v4.status === 'rejected') {
    const errno = errnoOf(v4.reason);
    const cause = errno === 'EACCES' || errno === 'EPERM' ? 'permission-denied' : 'no-proc';
    return unavailable('proc', cause, `cannot read /proc/net/tcp (${errno})`);
  }
  const sockets = parseProcNetTcp(v4.value, 4, deps.endianness);
  // A kernel without IPv6 has no tcp6 table, and then no IPv6 listener either.
  if (v6.status === 'fulfilled') sockets.push(...parseProcNetTcp(v6.value, 6, deps.endianness));
  const onPort = sockets.filter((socket) => socket.port === port);
  const scan = await findSocketOwners(new Set(onPort.map((socket) => socket.inode)), limits, deps.procFs);
  const listeners = await Promise.all(onPort.map((socket) => toListener(socket, scan, deps)));
  return { kind: 'listeners', source: 'proc', listeners, complete: true };
}

async function toListener(socket: ProcListenSocket, scan: OwnerScan, deps: ProcDeps): Promise<LocalListener> {
  const { address, family, port } = socket;
  const owner = scan.owners.get(socket.inode);
  if (owner === undefined) {
    return {
      address,
      family,
      port,
      pid: null,
      process: null,
      hidden: hiddenBecause(socket, scan, deps),
      forwarder: null,
    };
  }
  if (owner.process === null) {
    return { address, family, port, pid: owner.pid, process: null, hidden: 'unknown', forwarder: null };
  }

  let forwarder = classifyForwarder(owner.process);
  if (forwarder !== null && namesBackendInCmdline(forwarder)) {
    // Any process can write its own command line: it is parsed into typed values, never shown raw.
    const cmdline = await deps.procFs.readFile(`/proc/${owner.pid}/cmdline`, maxCmdlineBytes).catch(() => '');
    if (forwarder.kind === 'docker-proxy') forwarder = { ...forwarder, mapping: parseDockerProxyCmdline(cmdline) };
    const backend = backendFromCmdline(forwarder, cmdline, port);
    if (backend !== null) forwarder = { ...forwarder, backend, name: namedBy(forwarder.name, backend) };
  }
  return { address, family, port, pid: owner.pid, process: visibleText(owner.process, 64), forwarder };
}

/**
 * Another user's socket is why, when we are not root (or a process refused us); otherwise the holder is out of
 * our sight for another reason: another PID namespace, the kernel itself, or a scan the budget cut short.
 */
function hiddenBecause(socket: ProcListenSocket, scan: OwnerScan, deps: ProcDeps): HiddenOwner {
  const othersHidden = deps.uid !== 0 || scan.unreadableProcesses > 0;
  return socket.uid !== deps.uid && othersHidden ? 'other-user' : 'unknown';
}

/** Once the command line shows the forward, the hedge in the name goes: `ssh (possibly -L)` becomes `ssh -L`. */
function namedBy(name: string, backend: ForwarderBackend): string {
  if (backend.kind === 'address' || backend.kind === 'remote') return name.replace(' (possibly -L)', ' -L');
  return name;
}
