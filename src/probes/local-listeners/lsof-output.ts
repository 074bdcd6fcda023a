import { isIP, isIPv4 } from 'node:net';

/** A listening socket as lsof reports it: lsof names its process itself. */
export interface LsofListener {
  address: string;
  family: 4 | 6;
  port: number;
  pid: number;
  /** As lsof prints it (it escapes non-printable bytes itself); not yet made visible. */
  process: string;
}

/** The arguments for `lsof` that `parseLsofListeners` reads: field output, listening TCP sockets on `port` only. */
export function lsofArgs(port: number): string[] {
  // -n -P: no name or port lookups (slow, and they would change the text); -w: no warnings on stderr (an
  // unreachable NFS mount, say) that would make "nothing found" look like a failure; +c 0: the whole command
  // name, not its first 9 characters; -F pcnt: pid, command, type (IPv4/IPv6) and name, one field a line.
  return ['-nP', '-w', `-iTCP:${port}`, '-sTCP:LISTEN', '+c', '0', '-F', 'pcnt'];
}

/**
 * Parses `lsof -F pcnt` output: a `p<pid>` line opens a process, `c<command>` names it, then per file `t<type>`
 * and `n<name>` (`127.0.0.1:8080`, `*:8080`, `[::1]:8080`). Other fields (`f`, lsof adds it on some systems) are
 * skipped. lsof prints the IPv4-mapped address of an IPv6 socket in its IPv4 form; it becomes `::ffff:a.b.c.d`
 * here, as the kernel lists it. Connections (`a->b` names) are skipped.
 */
export function parseLsofListeners(text: string): LsofListener[] {
  const listeners: LsofListener[] = [];
  let pid: number | null = null;
  let process = '';
  let type = '';
  for (const line of text.split(/\r?\n/)) {
    const field = line[0];
    const value = line.slice(1);
    if (field === 'p') {
      pid = /^\d+$/.test(value) ? Number(value) : null;
      process = '';
      type = '';
    } else if (field === 'c') {
      process = value;
    } else if (field === 'f') {
      type = '';
    } else if (field === 't') {
      type = value;
    } else if (field === 'n' && pid !== null) {
      const socket = listeningName(value, type);
      if (socket !== null) listeners.push({ ...socket, pid, process });
    }
  }
  return listeners;
}

function listeningName(name: string, type: string): Pick<LsofListener, 'address' | 'family' | 'port'> | null {
  const match = /^(\*|\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(name.replace(/ \(LISTEN\)$/, ''));
  if (match === null) return null;
  const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
  const port = Number(match[2]);
  if (port > 65535) return null;
  const family: 4 | 6 = type === 'IPv6' || (type !== 'IPv4' && host.includes(':')) ? 6 : 4;
  if (host === '*') return { address: family === 6 ? '::' : '0.0.0.0', family, port };
  if (family === 6 && isIPv4(host)) return { address: `::ffff:${host}`, family, port };
  if (isIP(host.replace(/%.*$/, '')) === 0) return null;
  return { address: host, family, port };
}
