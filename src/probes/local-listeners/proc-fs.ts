import fs from 'node:fs';
import { promisify } from 'node:util';

/** The few reads the /proc scan makes, so that a test can stand in for processes it cannot create (another user's). */
export interface ProcFs {
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  /** Reads at most `maxBytes` of the file: /proc files report size 0, so the bound is ours to keep. */
  readFile(path: string, maxBytes: number): Promise<string>;
}

export const realProcFs: ProcFs = {
  readdir: promisify(fs.readdir),
  readlink: promisify(fs.readlink),
  /**
   * Synchronous on purpose: /proc files are made by the kernel from memory as they are read, so nothing waits
   * on a disk, and a refused local target then costs no thread-pool start (measured: ~0.5 MiB of peak memory).
   */
  async readFile(path, maxBytes) {
    const fd = fs.openSync(path, 'r');
    try {
      return readProcText((buffer) => fs.readSync(fd, buffer, 0, buffer.length, null), maxBytes);
    } finally {
      fs.closeSync(fd);
    }
  },
};

/**
 * A read that returns less than half a page has reached the end of a /proc file: the kernel's seq_file fills
 * its page-sized buffer before it returns unless the records ran out. Stopping there saves the read that would
 * return 0, which is not free: for /proc/net/tcp{,6} it makes the kernel walk its whole connection hash table
 * again to find the position (~2.5 ms each on a machine with 256k buckets, however few sockets there are).
 */
const endOfRecordsBelow = 2048;

/** The text of a /proc file from successive reads of at most `maxBytes` in all; `readChunk` returns bytes read. */
export function readProcText(readChunk: (buffer: Buffer) => number, maxBytes: number): string {
  const chunks: Buffer[] = [];
  let total = 0;
  // Each turn reads more or ends the loop; the total never passes the bound.
  while (total < maxBytes) {
    const buffer = Buffer.allocUnsafe(Math.min(16 * 1024, maxBytes - total));
    const bytesRead = readChunk(buffer);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (bytesRead < Math.min(endOfRecordsBelow, buffer.length)) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
