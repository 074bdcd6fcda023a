/**
 * The firewall reader against a real kernel firewall: the test makes a network namespace of its own, puts one
 * DROP rule in it, and runs the reader's commands inside it through `ip netns exec`. The host's own firewall
 * is never read or touched, and the namespace is deleted afterwards whatever happens.
 * Needs root, `ip` (iproute2) and `iptables` (Debian package `iptables`); without them it skips and says why.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CommandRunner } from './command-runner.js';
import { readFirewallRules } from './firewall-rules.js';

const ns = `cdfw-${process.pid}`;

function run(file: string, args: string[]): string {
  return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
}

/** Whether `name` runs here (asked for its version with `flag`), looking in sbin too as the reader does. */
function installed(name: string, flag: string): boolean {
  return [name, `/usr/sbin/${name}`, `/sbin/${name}`].some((file) => {
    try {
      run(file, [flag]);
      return true;
    } catch {
      return false;
    }
  });
}

function deleteNamespace(): void {
  try {
    run('ip', ['netns', 'del', ns]);
  } catch {
    // Not there: nothing to clean up.
  }
}

/** Runs each command inside the namespace; `ip netns exec` reports a missing program as its own exit 255. */
const inNamespace: CommandRunner = async (file, args, options) => {
  const outcome = await runCommand('ip', ['netns', 'exec', ns, file, ...args], options);
  if (
    outcome.kind === 'exited' &&
    outcome.exitCode === 255 &&
    /exec of ".*" failed: No such file/.test(outcome.stderr)
  ) {
    return { kind: 'missing' };
  }
  return outcome;
};

let skipReason: string | undefined;

beforeAll(() => {
  if (process.platform !== 'linux') skipReason = 'network namespaces are Linux only';
  else if (process.getuid?.() !== 0) skipReason = 'creating a network namespace and adding a rule need root';
  else if (!installed('ip', '-V')) skipReason = '`ip` is not installed (Debian package iproute2)';
  else if (!installed('iptables', '--version'))
    skipReason = '`iptables` is not installed (Debian package iptables; .ci/run must install it for this test to run)';
  if (skipReason) return;
  deleteNamespace();
  try {
    run('ip', ['netns', 'add', ns]);
    run('ip', ['netns', 'exec', ns, 'iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '8080', '-j', 'DROP']);
  } catch (error) {
    deleteNamespace();
    const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
    skipReason = `namespace setup failed: ${stderr || (error as Error).message}`;
  }
});

afterAll(() => {
  deleteNamespace();
});

describe('readFirewallRules in a scratch network namespace', () => {
  it('finds the DROP rule on the port, and changes nothing', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const before = run('ip', ['netns', 'exec', ns, 'iptables', '-S']);

    const reading = await readFirewallRules(8080, { platform: 'linux', run: inNamespace, timeoutMs: 10_000 });

    expect(reading.kind, JSON.stringify(reading)).toBe('read');
    if (reading.kind !== 'read') return;
    expect(reading.rules).toContainEqual({
      source: 'iptables',
      action: 'drop',
      target: 'DROP',
      chain: 'INPUT',
      matched: 'destination-port',
      raw: '-A INPUT -p tcp -m tcp --dport 8080 -j DROP',
    });
    expect(reading.sources.find((s) => s.source === 'iptables')?.outcome).toBe('read');
    expect(run('ip', ['netns', 'exec', ns, 'iptables', '-S'])).toBe(before);
  });

  it('finds no rule for another port', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const reading = await readFirewallRules(9090, { platform: 'linux', run: inNamespace, timeoutMs: 10_000 });
    expect(reading).toMatchObject({ kind: 'read', rules: [] });
  });
});
