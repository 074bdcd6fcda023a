import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCacheDir } from './code-cache.js';

describe('codeCacheDir', () => {
  it.each([
    ['linux', { HOME: '/home/ann' }, '/home/ann/.cache/conn-doctor'],
    ['linux', { HOME: '/home/ann', XDG_CACHE_HOME: '/var/cache/ann' }, '/var/cache/ann/conn-doctor'],
    ['darwin', { HOME: '/Users/ann' }, '/Users/ann/Library/Caches/conn-doctor'],
    ['linux', {}, null],
    ['linux', { HOME: '/home/ann', CONN_DOCTOR_NO_CODE_CACHE: '1' }, null],
  ] as const)('%s %j → %s', (platform, env, dir) => {
    expect(codeCacheDir(env, platform)).toBe(dir);
  });

  it('is under LOCALAPPDATA on Windows', () => {
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32')).toMatch(
      /^C:\\Users\\ann\\AppData\\Local.conn-doctor.Cache$/,
    );
  });
});

// runWithCodeCache acts at process exit, so each case is a real Node process running a bundle of it.
const dir = mkdtempSync(join(tmpdir(), 'conn-doctor-code-cache-'));
const loader = join(dir, 'loader.cjs');
const main = join(dir, 'main.js');
const cacheFile = join(dir, 'cache', 'main.cache');
beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('./code-cache.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(dir, 'code-cache.cjs'),
    logLevel: 'warning',
  });
  writeFileSync(
    main,
    "(function (exports, require, module, __filename, __dirname) { module.exports.ran = true; process.stdout.write('main ran ' + __filename + '\\n');\n})",
  );
  writeFileSync(
    loader,
    `const { runWithCodeCache } = require('./code-cache.cjs');\nconsole.log(runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(cacheFile)}, require, module));\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = () => execFileSync(process.execPath, [loader], { encoding: 'utf8' });

describe('runWithCodeCache', () => {
  it('runs the bundle as its own module, writes the cache at exit, and runs from it next time', () => {
    expect(run()).toBe(`main ran ${main}\nwriting\n`);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'cache')).mode & 0o777).toBe(0o700);
    expect(run()).toBe(`main ran ${main}\nused\n`);
  });

  it('does not trust a cache that others may write, nor one V8 rejects: it writes its own instead', () => {
    chmodSync(cacheFile, 0o666);
    expect(run()).toContain('writing');
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    writeFileSync(cacheFile, 'not a code cache', { mode: 0o600 });
    expect(run()).toContain('writing');
    expect(readFileSync(cacheFile).toString()).not.toBe('not a code cache');
    expect(run()).toContain('used');
  });

  it('removes the caches of the same bundle that the one it writes replaces, and no other', () => {
    const caches = mkdtempSync(join(tmpdir(), 'conn-doctor-code-caches-'));
    mkdirSync(caches, { recursive: true });
    for (const old of [
      'main-0123456789abcdef-v20.0.0-x64.cache',
      'main-fedcba9876543210-v22.0.0-x64.cache',
      'ui-0123456789abcdef-v20.0.0-x64.cache',
      'notes.txt',
    ]) {
      writeFileSync(join(caches, old), 'old', { mode: 0o600 });
    }
    const current = join(caches, 'main-1111111111111111-v20.20.2-x64.cache');
    const loaderOf = join(dir, 'loader-family.cjs');
    writeFileSync(
      loaderOf,
      `const { runWithCodeCache } = require('./code-cache.cjs');\nconsole.log(runWithCodeCache(${JSON.stringify(main)}, ${JSON.stringify(current)}, require, module));\n`,
    );
    expect(execFileSync(process.execPath, [loaderOf], { encoding: 'utf8' })).toContain('writing');
    expect(readdirSync(caches).sort()).toEqual([
      'main-1111111111111111-v20.20.2-x64.cache',
      'notes.txt',
      'ui-0123456789abcdef-v20.0.0-x64.cache',
    ]);
    rmSync(caches, { recursive: true, force: true });
  });
});
