// Named imports on purpose: a default import of a Node module makes the bundler copy all its properties, which
// measured ~0.4 MiB of peak memory in this loader, ahead of every run.
import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Where this user's code cache lives, by each OS's convention; null when it cannot be told (no home) or the user
 * turned it off (CONN_DOCTOR_NO_CODE_CACHE). Never a shared folder such as /tmp: the cache is compiled code that
 * this process runs, so only its own user may write it.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (env.CONN_DOCTOR_NO_CODE_CACHE) return null;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'conn-doctor', 'Cache') : null;
  if (platform === 'darwin') return env.HOME ? join(env.HOME, 'Library', 'Caches', 'conn-doctor') : null;
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : null);
  return base ? join(base, 'conn-doctor') : null;
}

/**
 * The cache file for one bundle, named by a hash of its content (scripts/build.mjs puts it in the code that runs
 * the bundle), the Node that runs it and the CPU; null when there is no cache. The content matters because V8
 * checks only the source's length: a cache made from other source of the same length is taken, and runs the old
 * code. `bundle` names the family of files that `writeCache` keeps to one.
 */
export function codeCacheFile(bundle: string, contentHash: string): string | null {
  const dir = codeCacheDir(process.env, process.platform);
  return dir === null ? null : join(dir, `${bundle}-${contentHash}-${process.version}-${process.arch}.cache`);
}

/** How a run used the code cache: it ran from it, it will write one at exit, or there is none to use. */
export type CodeCacheUse = 'used' | 'writing' | 'off';

/** Writes the cache when the process exits: the moment it holds the most compiled functions. */
const atExit = (write: () => void) => {
  process.once('exit', write);
};

/**
 * Runs a wrapped CommonJS bundle (see below) from V8's code cache when there is a good one, and writes one at exit
 * when there was not (V8 rejects one made by another Node or from source of another length; codeCacheFile's name
 * covers the rest). The cache made at exit also holds the functions compiled during the run, so the next run
 * compiles almost nothing. Node 20 has no compile cache of its own (`module.enableCompileCache` is 22.1+). Any
 * failure of the cache falls back to a plain compile. `whenToWrite` is given the write when one is due: a worker
 * thread, which is terminated rather than exited, calls it itself once its work is done.
 */
export function runWithCodeCache(
  file: string,
  cacheFile: string | null,
  require: NodeJS.Require,
  module: NodeJS.Module,
  whenToWrite: (write: () => void) => void = atExit,
): CodeCacheUse {
  // The file is one function expression, `(function (exports, require, module, __filename, __dirname) {…})`, as
  // Node's CommonJS loader wraps a module (scripts/build.mjs writes it so).
  // Read as Latin-1, a byte per character with no decoding: the build makes these bundles ASCII only (it fails
  // otherwise), and decoding them as UTF-8 measured twice as long (~0.45 against ~0.2 ms for main.js).
  const source = readFileSync(file, 'latin1');
  const cachedData = cacheFile === null ? undefined : readOwnFile(cacheFile);
  const script = new Script(source, { filename: file, cachedData });
  const use: CodeCacheUse =
    cacheFile === null ? 'off' : cachedData !== undefined && !script.cachedDataRejected ? 'used' : 'writing';
  if (use === 'writing') whenToWrite(() => writeCache(cacheFile!, script));
  script.runInThisContext()(module.exports, require, module, file, dirname(file));
  return use;
}

/** The file, if this user owns it and nobody else may write it; else undefined (and it is not used). */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if ((uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Written whole or not at all (temp file, then rename), readable by this user only. The caches this one replaces
 * (same bundle, other content or Node: `<bundle>-…` where `bundle` has no dash) go, so updates leave none behind.
 */
function writeCache(file: string, script: Script): void {
  // Worker threads of one process may write the same cache at once: the pid alone does not tell their files apart.
  const temp = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    rmSync(temp, { force: true });
    return;
  }
  const name = basename(file);
  const family = `${name.split('-')[0]}-`;
  try {
    for (const other of readdirSync(dirname(file))) {
      if (other !== name && other.startsWith(family) && other.endsWith('.cache'))
        rmSync(join(dirname(file), other), { force: true });
    }
  } catch {
    // An old cache left behind costs disk space only.
  }
}
