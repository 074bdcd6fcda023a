import { close, open, read } from 'node:fs';
import { isIP } from 'node:net';
import { win32 } from 'node:path';
import { promisify } from 'node:util';
import type { HostsFileResult, ResolvedAddress } from './dns-facts.js';
import { errnoOf } from './socket-error.js';

/** One address line of a hosts file. */
export interface HostsEntry {
  /** As written, including an IPv6 zone id (`fe80::1%eth0`). */
  address: string;
  family: 4 | 6;
  /** Canonical name and aliases, lower-cased, without a trailing dot. */
  names: string[];
}

/** Hosts files are small; reading more than this would only let a broken one slow us down. */
export const maxHostsFileBytes = 1024 * 1024;

/** Where the OS keeps its hosts file. */
export function defaultHostsPath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (platform !== 'win32') return '/etc/hosts';
  return win32.join(env.SystemRoot ?? env.windir ?? 'C:\\Windows', 'System32', 'drivers', 'etc', 'hosts');
}

/**
 * Parses hosts-file text (`address name [alias…]`, `#` comments, spaces or tabs). Lines that do not start with
 * an IP address are ignored, as the resolvers that read the file ignore them.
 */
export function parseHostsFile(text: string): HostsEntry[] {
  const entries: HostsEntry[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [address, ...names] = (line.split('#', 1)[0] ?? '').trim().split(/\s+/);
    if (address === undefined || names.length === 0) continue;
    const family = isIP(address);
    if (family === 0) continue;
    entries.push({ address, family: family === 6 ? 6 : 4, names: names.map(canonicalName) });
  }
  return entries;
}

/** The addresses the entries give `name`, in file order, each once. Names compare case-insensitively. */
export function hostsAddresses(entries: readonly HostsEntry[], name: string): ResolvedAddress[] {
  const wanted = canonicalName(name);
  const seen = new Set<string>();
  const found: ResolvedAddress[] = [];
  for (const { address, family, names } of entries) {
    if (!names.includes(wanted) || seen.has(address)) continue;
    seen.add(address);
    found.push({ address, family });
  }
  return found;
}

/** Reads the first MiB of the hosts file and returns its entries for `name`. Never throws. */
export async function readHostsFile(name: string, file: string = defaultHostsPath()): Promise<HostsFileResult> {
  try {
    const text = await readBounded(file);
    return { kind: 'read', path: file, addresses: hostsAddresses(parseHostsFile(text), name) };
  } catch (error) {
    return { kind: 'unreadable', path: file, errno: errnoOf(error) };
  }
}

/** The callback API of node:fs: node:fs/promises would load readline and friends on every run. */
const openFile = promisify(open);
const readChunk = promisify(read);
const closeFile = promisify(close);

async function readBounded(file: string): Promise<string> {
  const fd = await openFile(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Each turn reads more or ends the loop; the total never passes the bound.
    while (total < maxHostsFileBytes) {
      const buffer = Buffer.allocUnsafe(Math.min(64 * 1024, maxHostsFileBytes - total));
      const { bytesRead } = await readChunk(fd, buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    // A file cut at the bound ends in half a line, whose last name would be wrong: drop it.
    return total < maxHostsFileBytes ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  } finally {
    await closeFile(fd);
  }
}

function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}
