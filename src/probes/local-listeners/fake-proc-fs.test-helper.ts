import type { ProcFs } from './proc-fs.js';

/** A process as a fake /proc shows it: its fd links, or the errno its fd directory gives; its name. */
export interface FakeProcess {
  fds: Record<string, string> | 'EACCES';
  /** Absent: the process exited before its name was read. */
  comm?: string;
  cmdline?: string;
  /** Its fd directory answers this late: for reads that finish out of pid order. */
  delayMs?: number;
}

const errno = (code: string) => Object.assign(new Error(code), { code });

/**
 * A /proc for processes a test cannot create (another user's, docker-proxy): `files` are whole files by path
 * (`/proc/net/tcp`), `processes` by pid. Missing paths fail with ENOENT, as a process that exited does.
 */
export function fakeProcFs(processes: Record<number, FakeProcess>, files: Record<string, string> = {}): ProcFs {
  const processOf = (path: string) => processes[Number(/^\/proc\/(\d+)\//.exec(path)?.[1])];
  return {
    async readdir(path) {
      if (path === '/proc') return [...Object.keys(processes), 'self', 'net', 'sys'];
      const process = processOf(path);
      if (process?.delayMs !== undefined) await new Promise((done) => setTimeout(done, process.delayMs));
      const fds = process?.fds;
      if (fds === 'EACCES') throw errno('EACCES');
      if (fds === undefined || !path.endsWith('/fd')) throw errno('ENOENT');
      return Object.keys(fds);
    },
    async readlink(path) {
      const fds = processOf(path)?.fds;
      const link = fds === undefined || fds === 'EACCES' ? undefined : fds[path.split('/').pop()!];
      if (link === undefined) throw errno('ENOENT');
      return link;
    },
    async readFile(path, maxBytes) {
      const process = processOf(path);
      const text = files[path] ?? (path.endsWith('/comm') ? process?.comm && `${process.comm}\n` : process?.cmdline);
      if (text === undefined) throw errno('ENOENT');
      return text.slice(0, maxBytes);
    },
  };
}
