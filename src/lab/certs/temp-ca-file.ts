import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A CA certificate written where conn-doctor's `--ca` can read it. */
export interface TempCaFile {
  path: string;
  /** Deletes the file and its folder; idempotent. */
  remove(): Promise<void>;
}

/** Writes `pem` to a fresh private folder under the system temp dir (mkdtemp: no name another user can guess). */
export async function writeTempCaFile(pem: string): Promise<TempCaFile> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'conn-doctor-lab-'));
  const file = path.join(folder, 'lab-root-ca.pem');
  await writeFile(file, pem, { mode: 0o600 });
  let removed: Promise<void> | undefined;
  return { path: file, remove: () => (removed ??= rm(folder, { recursive: true, force: true })) };
}
