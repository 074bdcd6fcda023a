import { errnoOf } from '../socket-error.js';
import { realProcFs, type ProcFs } from './proc-fs.js';
import { nowMs } from '../../shared/monotonic-clock.js';

/** The process that holds a socket open. */
export interface SocketOwner {
  pid: number;
  /** From /proc/<pid>/comm (at most 15 bytes, as the kernel keeps it); null if the process exited meanwhile. */
  process: string | null;
}

/** What the scan of /proc/<pid>/fd found. */
export interface OwnerScan {
  /** Owner by socket inode: the lowest pid when several share a socket (the workers of a pre-forking server). */
  owners: Map<number, SocketOwner>;
  /** Processes whose fds could not be read: other users' (EACCES) unless we are root. */
  unreadableProcesses: number;
  /** Why the scan stopped before it read every process or found every socket; null when it did not. */
  cutShort: 'process-limit' | 'deadline' | 'aborted' | 'proc-unreadable' | null;
}

export interface ScanLimits {
  /** `nowMs()` time by which the scan settles, with what it found so far. */
  deadline: number;
  signal?: AbortSignal;
  /** At most this many processes are read; a machine with more is rare, and the budget matters more. */
  maxProcesses?: number;
}

/** Processes read at once: enough to keep the fs thread pool busy, few enough to notice the deadline. */
const processBatch = 16;
/** fd links read at once in one process; a server with 100k connections still yields between chunks. */
const linkChunk = 256;

/**
 * Finds which processes hold the sockets `inodes` by reading the `/proc/<pid>/fd/*` links (`socket:[12345]`),
 * lowest pid first, and stops once every socket has an owner. Needs no root for the user's own processes;
 * other users' ones fail with EACCES and are counted. Never throws; settles by the deadline.
 */
export function findSocketOwners(
  inodes: ReadonlySet<number>,
  limits: ScanLimits,
  procFs: ProcFs = realProcFs,
): Promise<OwnerScan> {
  const owners = new Map<number, SocketOwner>();
  const counts = { unreadable: 0 };
  if (inodes.size === 0) return Promise.resolve({ owners, unreadableProcesses: 0, cutShort: null });

  return new Promise((resolve) => {
    let done = false;
    const finish = (cutShort: OwnerScan['cutShort']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      // A copy: the scan may still be between two awaits, and must not change what was returned.
      resolve({ owners: new Map(owners), unreadableProcesses: counts.unreadable, cutShort });
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('deadline'), Math.max(0, limits.deadline - nowMs()));
    if (limits.signal?.aborted) return finish('aborted');
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    const scan = { inodes, owners, counts, procFs, stopped: () => done, maxProcesses: limits.maxProcesses ?? 4096 };
    scanProcesses(scan).then(finish, () => finish('proc-unreadable'));
  });
}

interface Scan {
  inodes: ReadonlySet<number>;
  owners: Map<number, SocketOwner>;
  counts: { unreadable: number };
  procFs: ProcFs;
  stopped(): boolean;
  maxProcesses: number;
}

async function scanProcesses(scan: Scan): Promise<OwnerScan['cutShort']> {
  const pids = (await scan.procFs.readdir('/proc'))
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  for (let start = 0; start < pids.length; start += processBatch) {
    if (scan.stopped()) return null;
    if (start >= scan.maxProcesses) return 'process-limit';
    const batch = pids.slice(start, Math.min(start + processBatch, scan.maxProcesses));
    // Each process is taken in as soon as it is read, so a deadline keeps what the faster ones gave.
    await Promise.all(batch.map((pid) => wantedSocketsOf(pid, scan).then((held) => takeIn(pid, held, scan))));
    // Every lower pid has been read by now, so a socket's owner cannot change any more.
    if (scan.owners.size === scan.inodes.size) return null;
  }
  return null;
}

/** Makes `pid` the owner of the sockets it holds, where no lower pid already is: whatever order reads finish in. */
async function takeIn(pid: number, held: readonly number[], scan: Scan): Promise<void> {
  const lower = (inode: number) => (scan.owners.get(inode)?.pid ?? Infinity) < pid;
  if (held.every(lower)) return;
  const name = await commOf(pid, scan.procFs);
  for (const inode of held) if (!lower(inode)) scan.owners.set(inode, { pid, process: name });
}

/** The wanted socket inodes among `pid`'s fds; none when the process exited or is not ours to read. */
async function wantedSocketsOf(pid: number, scan: Scan): Promise<number[]> {
  const dir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = await scan.procFs.readdir(dir);
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'EACCES' || errno === 'EPERM') scan.counts.unreadable++;
    return [];
  }
  const found: number[] = [];
  for (let start = 0; start < fds.length && !scan.stopped(); start += linkChunk) {
    const links = await Promise.all(
      fds.slice(start, start + linkChunk).map((fd) => scan.procFs.readlink(`${dir}/${fd}`).catch(() => '')),
    );
    for (const link of links) {
      const match = /^socket:\[(\d+)\]$/.exec(link);
      if (match !== null && scan.inodes.has(Number(match[1]))) found.push(Number(match[1]));
    }
  }
  return found;
}

async function commOf(pid: number, procFs: ProcFs): Promise<string | null> {
  try {
    return (await procFs.readFile(`/proc/${pid}/comm`, 64)).replace(/\n$/, '');
  } catch {
    return null;
  }
}
