/**
 * `host-unreachable` and `network-unreachable` need a router that says no, which loopback never does. So this
 * test builds a tiny closed network of its own and runs the *built* CLI inside it:
 *
 *   cdA-<pid>                                cdB-<pid>
 *   lo, veth 198.51.100.1/24 ── veth ──  198.51.100.2/24, lo, ip_forward=1
 *   route 192.0.2.0/24 via 198.51.100.2      route "unreachable 192.0.2.0/24"
 *
 * - 203.0.113.5 (TEST-NET-3): A has no route to it, so connect() fails with ENETUNREACH and nothing is sent.
 * - 192.0.2.7 (TEST-NET-1): A sends the SYN to B, whose `unreachable` route answers with ICMP host unreachable,
 *   which Linux reports as EHOSTUNREACH within milliseconds.
 *
 * Network rule: neither namespace has a default route or any link to the host's namespace, and every address
 * is from a documentation range, so nothing can leave the pair. beforeAll checks that before any CLI runs.
 * Needs root (CI runs as root and must not skip it); dist/cli.js must be built first (`npm test` does).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const nsA = `cdA-${process.pid}`;
const nsB = `cdB-${process.pid}`;
// Interface names are per namespace, but the pid keeps them out of any clash while the pair is created.
const vethA = `cdva${process.pid}`;
const vethB = `cdvb${process.pid}`;
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
}

function deleteNamespaces(): void {
  // Deleting a namespace also deletes the veth end inside it, and with it the peer.
  for (const ns of [nsA, nsB]) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // Not there: nothing to clean up.
    }
  }
}

function createNamespaces(): void {
  deleteNamespaces();
  ip('netns', 'add', nsA);
  ip('netns', 'add', nsB);
  ip('link', 'add', vethA, 'netns', nsA, 'type', 'veth', 'peer', 'name', vethB, 'netns', nsB);
  ip('-n', nsA, 'addr', 'add', '198.51.100.1/24', 'dev', vethA);
  ip('-n', nsB, 'addr', 'add', '198.51.100.2/24', 'dev', vethB);
  for (const [ns, veth] of [
    [nsA, vethA],
    [nsB, vethB],
  ] as const) {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', veth, 'up');
  }
  ip('-n', nsA, 'route', 'add', '192.0.2.0/24', 'via', '198.51.100.2');
  // B must forward, or it drops the packet without sending the ICMP error. Node writes the sysctl because
  // sysctl(8) lives in sbin, which is not on every PATH.
  const enableForwarding = "require('node:fs').writeFileSync('/proc/sys/net/ipv4/ip_forward', '1')";
  ip('netns', 'exec', nsB, process.execPath, '-e', enableForwarding);
  ip('-n', nsB, 'route', 'add', 'unreachable', '192.0.2.0/24');
}

/** Refuses to go on if either namespace could reach beyond the pair (a default route, or an extra link up). */
function assertClosedNetwork(): void {
  for (const [ns, veth] of [
    [nsA, vethA],
    [nsB, vethB],
  ] as const) {
    for (const family of ['-4', '-6']) {
      const defaults = ip(family, '-n', ns, 'route', 'show', 'default').trim();
      if (defaults) throw new Error(`namespace ${ns} has a default route (${defaults}); refusing to run`);
    }
    // Only links that are up count: some kernels add fallback tunnels (sit0, tunl0) to every new namespace, down.
    const links = ip('-n', ns, '-o', 'link', 'show', 'up')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(':')[1]?.trim().split('@')[0]);
    const extra = links.filter((name) => name !== 'lo' && name !== veth);
    if (extra.length > 0) throw new Error(`namespace ${ns} has unexpected links up: ${extra.join(', ')}`);
  }
}

/** Why the namespaces can't be made here, or undefined once they are up. */
function setUp(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'creating network namespaces needs root';
  try {
    createNamespaces();
  } catch (error) {
    deleteNamespaces();
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
    return `\`ip netns\` setup failed: ${stderr || (error as Error).message}`;
  }
  assertClosedNetwork();
  return undefined;
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI inside `ns`, without the caller's proxy settings (nothing here could reach a proxy). */
function runCliIn(ns: string, args: string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_proxy$/i.test(name)));
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, process.execPath, cli, ...args],
      { env, timeout: 20_000, maxBuffer: 4 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function verdictOf(run: CliRun): string | undefined {
  try {
    return (JSON.parse(run.stdout) as { verdict?: { id?: string } }).verdict?.id;
  } catch {
    return undefined;
  }
}

let skipReason: string | undefined;

beforeAll(() => {
  skipReason = setUp();
  if (skipReason && process.env.CI) {
    throw new Error(`${skipReason}. CI runs as root and must run this test; fix the runner instead of skipping.`);
  }
  if (!skipReason && !existsSync(cli)) {
    throw new Error(`${cli} is missing: run \`npm run build\` first (\`npm test\` builds before testing)`);
  }
});

afterAll(() => {
  deleteNamespaces();
});

describe('built CLI in a closed pair of network namespaces', () => {
  it('reports network-unreachable when there is no route to the target network', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const run = await runCliIn(nsA, ['http://203.0.113.5:80/', '--json', '--timeout', '2000']);
    expect({ verdict: verdictOf(run), code: run.code }, `stderr: ${run.stderr}`).toEqual({
      verdict: 'network-unreachable',
      code: 1,
    });
  });

  it('reports host-unreachable when a router answers with ICMP host unreachable', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const run = await runCliIn(nsA, ['http://192.0.2.7:80/', '--json', '--timeout', '2000']);
    expect({ verdict: verdictOf(run), code: run.code }, `stderr: ${run.stderr}`).toEqual({
      verdict: 'host-unreachable',
      code: 1,
    });
  });
});
