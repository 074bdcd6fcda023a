import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The package as `npm pack` makes it from the built dist/: what `npx conn-doctor` and `npm install conn-doctor` get. */
export interface PackedPackage {
  /** A folder of its own holding the tarball (and an npm cache, so that no test reads or writes the user's). */
  folder: string;
  tarball: string;
  filename: string;
  /** Compressed size in bytes. */
  size: number;
  files: string[];
  /** Environment for npm and npx run on it: this folder's cache, no update check, no audit. */
  npmEnv: NodeJS.ProcessEnv;
}

export function packPackage(): PackedPackage {
  const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-pack-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', folder], { cwd: repoRoot, encoding: 'utf8' }),
  ) as { filename: string; size: number; files: { path: string }[] }[];
  return {
    folder,
    tarball: join(folder, packed!.filename),
    filename: packed!.filename,
    size: packed!.size,
    files: packed!.files.map((f) => f.path),
    npmEnv: {
      ...process.env,
      npm_config_cache: join(folder, 'npm-cache'),
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
    },
  };
}
