import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from './run-cli.js';

// The headless path must start about as fast as Node itself (npm run bench measures it): it loads no UI,
// no TLS or crypto, no resolver, no worker, unless the target needs them. The modules a run loaded are
// read from inside the process, so this fails on the first import that slips onto the hot path.
const probe = join(mkdtempSync(join(tmpdir(), 'conn-doctor-lean-')), 'loaded-modules.cjs');
writeFileSync(
  probe,
  "process.on('exit', () => require('fs').writeSync(2, '\\nLOADED ' + JSON.stringify([process.moduleLoadList, Object.keys(require.cache)]) + '\\n'));\n",
);

function readLoaded(stderr: string): { builtins: string[]; files: string[] } {
  const [builtins, files] = JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? '[[],[]]') as [string[], string[]];
  return { builtins: builtins.map((m) => m.replace(/^NativeModule /, '')), files };
}

function loadedBy(args: string[]): { builtins: string[]; files: string[] } {
  let stderr = '';
  try {
    execFileSync(process.execPath, ['-r', probe, cliPath, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    stderr = (error as { stderr: string }).stderr;
  }
  return readLoaded(stderr);
}

/** The same, for a run against a server in this process, which must go on answering while the CLI runs. */
function loadedByAsync(args: string[]): Promise<{ builtins: string[]; files: string[] }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', probe, cliPath, ...args], { encoding: 'utf8' }, (_, __, stderr) =>
      resolve(readLoaded(stderr)),
    );
  });
}

describe('a headless run on an IP literal', () => {
  it('loads neither the UI, nor TLS, crypto, the resolver or worker threads', () => {
    const { builtins, files } = loadedBy(['127.0.0.1:1', '--json']);
    expect(builtins).toContain('net');
    for (const heavy of ['tls', 'crypto', 'dns', 'worker_threads', 'http', 'zlib'])
      expect(builtins, heavy).not.toContain(heavy);
    // Lighter ones that slip in unseen: perf_hooks through the global `performance`, fs promises and streams
    // through `process.stdin` over /dev/null, os through a byte-order check; together ~1 MiB of the memory goal.
    for (const light of ['perf_hooks', 'internal/fs/promises', 'internal/fs/streams', 'os'])
      expect(builtins, light).not.toContain(light);
    expect(files.filter((f) => f !== probe).map((f) => f.split('/').pop())).toEqual(['cli.js']);
  });

  it('loads TLS only when a handshake is to be made, not for an https target whose port refuses', () => {
    expect(loadedBy(['https://127.0.0.1:1/', '--json']).builtins).not.toContain('tls');
  });
});

describe('a protocol URL', () => {
  it('loads no TLS, crypto, child_process, dgram or readline code for a plain-text handshake without a password', async () => {
    // A Redis that wants a password: its -NOAUTH to our PING is the whole handshake.
    const server = net.createServer((peer) => {
      peer.on('error', () => {});
      peer.on('data', () => peer.write('-NOAUTH Authentication required.\r\n'));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const { port } = server.address() as net.AddressInfo;
      const { builtins, files } = await loadedByAsync([`redis://127.0.0.1:${port}`, '--json']);
      // The handshake ran: its steps' bundle was loaded, and only the parts of it the handshake uses initialised.
      expect(files.map((f) => f.split('/').pop())).toContain('lazy-steps.js');
      expect(builtins).toContain('net');
      // node:crypto is for proving a password (MD5, SCRAM, MySQL's scrambles): ~2–3 ms of Node's own loading.
      for (const heavy of ['tls', 'crypto', 'child_process', 'dgram', 'readline'])
        expect(builtins, heavy).not.toContain(heavy);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
  });
});
