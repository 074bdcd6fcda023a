// Named imports: a default import makes the bundle copy all of node:fs's properties as the module loads (~0.25 ms).
import { close, closeSync, open, openSync, read, readdir, readlink, readSync } from 'node:fs';
import { promisify } from 'node:util';

/** The few reads the /proc scan makes, so that a test can stand in for processes it cannot create (another user's). */
export interface ProcFs {
  readdir(path: string): Promise<string[]>;
  readlink(path: string): Promise<string>;
  /** Reads at most `maxBytes` of the file: /proc files report size 0, so the bound is ours to keep. */
  readFile(path: string, maxBytes: number): Promise<string>;
}

export const realProcFs: ProcFs = {
  readdir: promisify(readdir),
  readlink: promisify(readlink),
  /**
   * Synchronous on purpose: /proc files are made by the kernel from memory as they are read, so nothing waits
   * on a disk, and the small reads of an owner scan (comm, cmdline) need no thread pool. The socket tables of a
   * loopback target are read ahead in the pool instead (`readProcTextInPool`), to overlap the connect.
   */
  async readFile(path, maxBytes) {
    const fd = openSync(path, 'r');
    try {
      return readProcText((buffer) => readSync(fd, buffer, 0, buffer.length, null), maxBytes);
    } finally {
      closeSync(fd);
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
  const text = new ProcText(maxBytes);
  for (let buffer = text.next(); buffer; buffer = text.next()) text.took(buffer, readChunk(buffer));
  return text.done();
}

/**
 * The same read through Node's thread pool (fs callbacks: node:fs/promises would load readline and friends), for
 * a read started ahead of need that may run while this thread does other work. Rejects with the fs error.
 */
export function readProcTextInPool(path: string, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const text = new ProcText(maxBytes);
      const settle = (error: Error | null) => close(fd, () => (error ? reject(error) : resolve(text.done())));
      const step = () => {
        const buffer = text.next();
        if (!buffer) return settle(null);
        read(fd, buffer, 0, buffer.length, null, (readError, bytesRead) => {
          if (readError) return settle(readError);
          text.took(buffer, bytesRead);
          step();
        });
      };
      step();
    });
  });
}

/** The chunks of one /proc file as they are read, and when to stop: at the end, at a short read, at the bound. */
class ProcText {
  private readonly chunks: Buffer[] = [];
  private total = 0;
  private ended = false;

  constructor(private readonly maxBytes: number) {}

  /** The buffer for the next read, or null when reading is over. */
  next(): Buffer | null {
    if (this.ended || this.total >= this.maxBytes) return null;
    return Buffer.allocUnsafe(Math.min(16 * 1024, this.maxBytes - this.total));
  }

  took(buffer: Buffer, bytesRead: number): void {
    if (bytesRead === 0) {
      this.ended = true;
      return;
    }
    this.chunks.push(buffer.subarray(0, bytesRead));
    this.total += bytesRead;
    if (bytesRead < Math.min(endOfRecordsBelow, buffer.length)) this.ended = true;
  }

  done(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
