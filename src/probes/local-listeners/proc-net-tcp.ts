import { SocketAddress } from 'node:net';

/** A listening socket as the Linux kernel lists it in /proc/net/tcp or /proc/net/tcp6. */
export interface ProcListenSocket {
  address: string;
  family: 4 | 6;
  port: number;
  /** The socket's inode: `/proc/<pid>/fd/N -> socket:[inode]` names the processes that hold it. */
  inode: number;
  /** The user that created the socket. */
  uid: number;
}

/**
 * This machine's byte order, as `os.endianness()` says it, without loading node:os on the start-up path of a
 * refused local target (~0.25 MiB of peak memory): the first byte of a 16-bit 1 is 1 on a little-endian machine.
 */
export function hostEndianness(): 'LE' | 'BE' {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'LE' : 'BE';
}

/**
 * One LISTEN row: `sl: local rem st tx:rx tr:when retrnsmt uid timeout inode …`. A row always goes on past the
 * inode, so one that ends there may be cut inside it by a size bound and does not match.
 */
const listenRow =
  /^[ \t]*\d+:[ \t]+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})[ \t]+\S+[ \t]+0A[ \t]+\S+[ \t]+\S+[ \t]+\S+[ \t]+(\d+)[ \t]+\d+[ \t]+(\d+)[ \t]+\S/gm;

/**
 * The LISTEN rows of /proc/net/tcp (`family` 4) or /proc/net/tcp6 (`family` 6) text. The kernel prints each
 * address as 32-bit words in host byte order (`0100007F` is 127.0.0.1 on a little-endian machine) and the port
 * as a plain hex number. Lines that do not parse are skipped: the header, and a last line cut by a size bound.
 * One pattern over the whole text rather than a split of every line: a busy machine lists thousands of
 * connections (`st` 0A is TCP_LISTEN), and this runs once per process, before any of it is optimised.
 */
export function parseProcNetTcp(
  text: string,
  family: 4 | 6,
  endianness: 'LE' | 'BE' = hostEndianness(),
): ProcListenSocket[] {
  const sockets: ProcListenSocket[] = [];
  const hexLength = family === 4 ? 8 : 32;
  for (const [, local, port, uid, inode] of text.matchAll(listenRow)) {
    if (local!.length !== hexLength) continue;
    const bytes = addressBytes(local!, endianness);
    sockets.push({
      address: family === 4 ? bytes.join('.') : ipv6Text(bytes),
      family,
      port: Number.parseInt(port!, 16),
      inode: Number(inode),
      uid: Number(uid),
    });
  }
  return sockets;
}

/** Network-order bytes from the kernel's words: each 8-hex-digit word is one u32 in host byte order. */
function addressBytes(hex: string, endianness: 'LE' | 'BE'): number[] {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const wordBytes = [0, 2, 4, 6].map((i) => Number.parseInt(hex.slice(word + i, word + i + 2), 16));
    bytes.push(...(endianness === 'LE' ? wordBytes.reverse() : wordBytes));
  }
  return bytes;
}

/** The canonical text (RFC 5952, as inet_ntop writes it): `::1`, `::`, `::ffff:127.0.0.1`. */
function ipv6Text(bytes: readonly number[]): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return new SocketAddress({ address: groups.join(':'), family: 'ipv6' }).address;
}
