import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// What `npx conn-doctor` fetches: one small tarball with everything bundled and nothing to install.
const root = fileURLToPath(new URL('..', import.meta.url));

describe('the published package', () => {
  it('packs dist/, the README and the MIT licence only, has no runtime dependencies, and runs from an empty folder with npx', () => {
    const out = mkdtempSync(join(tmpdir(), 'conn-doctor-pack-'));
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }),
    );
    const tarball = join(out, packed.filename);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    expect(manifest.dependencies ?? {}).toEqual({});
    expect(
      packed.files
        .map((f: { path: string }) => f.path)
        .filter((p: string) => !p.startsWith('dist/'))
        .sort(),
    ).toEqual(['LICENSE', 'README.md', 'package.json']);
    // package.json says MIT; the licence text itself travels with the code, as the MIT terms ask.
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 the conn-doctor authors\n/,
    );
    expect(statSync(tarball).size).toBeLessThan(512 * 1024);

    // As users run it: `npx ./conn-doctor-<version>.tgz` in a folder holding nothing else.
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-npx-'));
    copyFileSync(tarball, join(folder, packed.filename));
    const version = execFileSync('npx', ['--yes', `./${packed.filename}`, '--version'], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, npm_config_cache: join(out, 'npm-cache'), npm_config_update_notifier: 'false' },
      timeout: 60_000,
    });
    expect(version.trim()).toBe(manifest.version);
  }, 90_000);
});
