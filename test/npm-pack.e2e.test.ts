import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packPackage, repoRoot as root } from './packed-package.js';

// What `npx conn-doctor` fetches: one small tarball with everything bundled and nothing to install.

describe('the published package', () => {
  it('packs dist/, the README and the MIT licence only, has no runtime dependencies, and runs from an empty folder with npx', () => {
    const packed = packPackage();
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

    expect(manifest.dependencies ?? {}).toEqual({});
    expect(packed.files.filter((p) => !p.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    // The library's entry and declarations, as `exports` names them, are in the tarball.
    const library = manifest.exports['.'];
    expect(packed.files).toEqual(expect.arrayContaining([library.import, library.types].map((p) => p.slice(2))));
    // package.json says MIT; the licence text itself travels with the code, as the MIT terms ask.
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 the conn-doctor authors\n/,
    );
    // The npx download: every bundle, the library and its declarations, 512 KiB in December 2026 (the protocols and
    // their words grew it to that). Shared bundles (scripts/build.mjs) keep the engine to the one copy main.js needs
    // and the one the others share; another copy, ~80 KiB compressed, would cross this line.
    expect(statSync(packed.tarball).size).toBeLessThan(576 * 1024);

    // As users run it: `npx ./conn-doctor-<version>.tgz` in a folder holding nothing else.
    const folder = mkdtempSync(join(tmpdir(), 'conn-doctor-npx-'));
    copyFileSync(packed.tarball, join(folder, packed.filename));
    const version = execFileSync('npx', ['--yes', `./${packed.filename}`, '--version'], {
      cwd: folder,
      encoding: 'utf8',
      env: packed.npmEnv,
      timeout: 60_000,
    });
    expect(version.trim()).toBe(manifest.version);
  }, 90_000);
});
