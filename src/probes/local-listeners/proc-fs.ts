import fs from 'node:fs';
import { promisify } from 'node:util';

/** The few reads the /proc scan makes, so that a test can stand in for processes it cannot create (another user's). */
export interface ProcFs {
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  /** Reads at most `maxBytes` of the file: /proc files report size 0, so the bound is ours to keep. */
  readFile(path: string, maxBytes: number): Promise<string>;
}

/** The callback API of node:fs: node:fs/promises would load readline and friends on every run. */
const open = promisify(fs.open);
const read = promisify(fs.read);
const close = promisify(fs.close);

export const realProcFs: ProcFs = {
  readdir: promisify(fs.readdir),
  readlink: promisify(fs.readlink),
  async readFile(path, maxBytes) {
    const fd = await open(path, 'r');
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      // Each turn reads more or ends the loop; the total never passes the bound.
      while (total < maxBytes) {
        const buffer = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes - total));
        const { bytesRead } = await read(fd, buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        chunks.push(buffer.subarray(0, bytesRead));
        total += bytesRead;
      }
      return Buffer.concat(chunks).toString('utf8');
    } finally {
      await close(fd);
    }
  },
};
