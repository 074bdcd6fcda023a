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
   * on a disk, and a refused local target then costs no thread-pool start (measured: ~1.5 MiB of peak memory).
   */
  async readFile(path, maxBytes) {
    const fd = fs.openSync(path, 'r');
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      // Each turn reads more or ends the loop; the total never passes the bound.
      while (total < maxBytes) {
        const buffer = Buffer.allocUnsafe(Math.min(16 * 1024, maxBytes - total));
        const bytesRead = fs.readSync(fd, buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
        total += bytesRead;
      }
      return Buffer.concat(chunks).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  },
};
