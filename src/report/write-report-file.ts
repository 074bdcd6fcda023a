import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `path` so that a reader sees the old file or the whole new one, never half: it goes
 * to a fresh temp file beside the target (same directory, hence same file system, so the rename is atomic),
 * is synced to disk, then renamed over the target. On failure the temp file is removed and the error
 * propagates. The mode is 0o644 less the umask, as for any file the user creates.
 */
export async function writeReportAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': fail rather than write through a file (or a symlink) someone else put at this name.
  const file = await open(temp, 'wx', 0o644);
  try {
    try {
      await file.writeFile(content, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
