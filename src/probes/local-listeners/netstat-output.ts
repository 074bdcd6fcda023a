import { isIP } from 'node:net';

/** A listening socket as Windows `netstat -ano` reports it: an owning pid, but no process name. */
export interface NetstatListener {
  address: string;
  family: 4 | 6;
  port: number;
  pid: number;
}

/** The arguments for one `netstat` run: numeric, with pids, TCP over IPv4 (`TCP`) or IPv6 (`TCPv6`). */
export function netstatArgs(protocol: 'TCP' | 'TCPv6'): string[] {
  return ['-ano', '-p', protocol];
}

/**
 * Parses the rows of `netstat -ano -p TCP` (or `TCPv6`) that listen: `TCP  127.0.0.1:3000  0.0.0.0:0  LISTENING  15880`.
 * The headings and the state word are in the language of Windows (`ABHÖREN`, `ÉCOUTE`) and its code page, so a
 * listening row is told by its foreign address instead: `0.0.0.0:0` or `[::]:0`, which only a listener has.
 */
export function parseNetstatListeners(text: string): NetstatListener[] {
  const listeners: NetstatListener[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*TCP\s+(\S+)\s+(\S+)\s+\S.*?\s(\d+)\s*$/i.exec(line);
    if (match === null || (match[2] !== '0.0.0.0:0' && match[2] !== '[::]:0')) continue;
    const local = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(match[1]!);
    if (local === null) continue;
    const address = (local[1] ?? local[2]!).toLowerCase();
    const family = isIP(address.replace(/%.*$/, ''));
    const port = Number(local[3]);
    if (family === 0 || port > 65535) continue;
    listeners.push({ address, family: family === 6 ? 6 : 4, port, pid: Number(match[3]) });
  }
  return listeners;
}
