import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, runCli } from './run-cli.js';

// V8 takes a code cache made from other source when it has the same length, and runs the old code: the built
// command must name each bundle's cache by that bundle's content, not by the package version alone.
const contentHash = (bundle: string) =>
  createHash('sha256')
    .update(readFileSync(join(cliPath, '..', bundle)))
    .digest('hex')
    .slice(0, 16);

describe('the code caches of the built command', () => {
  it('are named by the content of main.js, ui.js and engine.js', async () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'conn-doctor-cache-names-'));
    await runCli(['127.0.0.1:1', '--json'], { XDG_CACHE_HOME: cacheHome });
    expect(readdirSync(join(cacheHome, 'conn-doctor'))).toEqual([
      `main-${contentHash('main.js')}-${process.version}-${process.arch}.cache`,
    ]);
    // The UI's cache is written by an interactive session (tui-session.e2e.test.ts); its name is made in run-interactive.js.
    expect(readFileSync(join(cliPath, '..', 'run-interactive.js'), 'utf8')).toContain(
      JSON.stringify(contentHash('ui.js')),
    );
    // So is the engine worker's (tui-session.e2e.test.ts again); its name is made in engine-worker.js.
    expect(readFileSync(join(cliPath, '..', 'engine-worker.js'), 'utf8')).toContain(
      JSON.stringify(contentHash('engine.js')),
    );
  });
});
