import { describe, expect, it } from 'vitest';
import type { CommandOutcome, CommandRunner } from './command-runner.js';
import { readFirewallRules } from './firewall-rules.js';

/** A stand-in for the host's tools: each command line maps to how it ends; anything else is not installed. */
function tools(answers: Record<string, CommandOutcome>): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  const run: CommandRunner = async (file, args) => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    return answers[line] ?? { kind: 'missing' };
  };
  return Object.assign(run, { calls });
}

const ok = (stdout: string): CommandOutcome => ({ kind: 'exited', exitCode: 0, stdout, stderr: '' });
const denied = (stderr: string, code = 4): CommandOutcome => ({ kind: 'exited', exitCode: code, stdout: '', stderr });

describe('readFirewallRules on Linux', () => {
  it('runs only the four listing commands and gathers the rules of those that answer', async () => {
    const run = tools({
      'iptables -S': ok('-P INPUT ACCEPT\n-A INPUT -p tcp -m tcp --dport 8080 -j DROP\n'),
      'ip6tables -S': ok('-P INPUT ACCEPT\n'),
      'ufw status verbose': ok('Status: inactive\n'),
    });
    const reading = await readFirewallRules(8080, { platform: 'linux', run });
    expect(run.calls.sort()).toEqual(['ip6tables -S', 'iptables -S', 'nft list ruleset', 'ufw status verbose']);
    expect(reading).toEqual({
      kind: 'read',
      port: 8080,
      rules: [
        expect.objectContaining({ source: 'iptables', action: 'drop', chain: 'INPUT', matched: 'destination-port' }),
      ],
      sources: [
        { source: 'iptables', command: 'iptables -S', outcome: 'read', detail: null },
        { source: 'ip6tables', command: 'ip6tables -S', outcome: 'read', detail: null },
        { source: 'nft', command: 'nft list ruleset', outcome: 'not-installed', detail: null },
        { source: 'ufw', command: 'ufw status verbose', outcome: 'inactive', detail: null },
      ],
    });
  });

  it('tells a non-root user to run as root, quoting the tool', async () => {
    const run = tools({
      'iptables -S': denied(
        'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n',
      ),
      'ip6tables -S': denied(
        'ip6tables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n',
      ),
      'nft list ruleset': denied(
        'Operation not permitted (you must be root)\nnetlink: Error: cache initialization failed: Operation not permitted\n',
        1,
      ),
      'ufw status verbose': denied('ERROR: You need to be root to run this script\n', 1),
    });
    const reading = await readFirewallRules(8080, { platform: 'linux', run, elevated: false });
    expect(reading).toMatchObject({ kind: 'unreadable', cause: 'permission-denied' });
    if (reading.kind !== 'unreadable') return;
    expect(reading.reason).toBe(
      'run conn-doctor as root (sudo) to read the firewall: iptables, ip6tables, nft, ufw need it',
    );
    expect(reading.sources[0]).toEqual({
      source: 'iptables',
      command: 'iptables -S',
      outcome: 'permission-denied',
      detail:
        'iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)',
    });
  });

  it('says so when root itself is denied, as in a container without CAP_NET_ADMIN', async () => {
    const run = tools({ 'iptables -S': denied('Permission denied (you must be root)') });
    const reading = await readFirewallRules(8080, { platform: 'linux', run, elevated: true });
    expect(reading).toMatchObject({ kind: 'unreadable', cause: 'permission-denied' });
    expect(reading.kind === 'unreadable' && reading.reason).toContain('CAP_NET_ADMIN');
  });

  it('says not-installed when no tool exists', async () => {
    const reading = await readFirewallRules(8080, { platform: 'linux', run: tools({}) });
    expect(reading).toMatchObject({ kind: 'unreadable', cause: 'not-installed' });
  });

  it('reports a tool that hangs or fails as failed, with what it said', async () => {
    const run = tools({ 'iptables -S': { kind: 'timeout' }, 'nft list ruleset': denied('Error: syntax error', 1) });
    const reading = await readFirewallRules(8080, { platform: 'linux', run });
    expect(reading).toMatchObject({ kind: 'unreadable', cause: 'failed', reason: 'iptables -S failed' });
    expect(reading.kind === 'unreadable' && reading.sources.map((s) => s.outcome)).toEqual([
      'timed-out',
      'not-installed',
      'failed',
      'not-installed',
    ]);
  });

  it('stops when aborted', async () => {
    const reading = await readFirewallRules(8080, { platform: 'linux', run: async () => ({ kind: 'aborted' }) });
    expect(reading).toEqual({ kind: 'aborted' });
  });
});

describe('readFirewallRules on macOS and Windows', () => {
  it('does not read pf rules while pf is disabled', async () => {
    const run = tools({ 'pfctl -s info': ok('Status: Disabled                              Debug: Urgent\n') });
    expect(await readFirewallRules(8080, { platform: 'darwin', run })).toEqual({
      kind: 'read',
      port: 8080,
      rules: [],
      sources: [{ source: 'pf', command: 'pfctl -s info', outcome: 'inactive', detail: 'Status: Disabled' }],
    });
    expect(run.calls).toEqual(['pfctl -s info']);
  });

  it('reads pf rules when pf is enabled, and asks for sudo when denied', async () => {
    const enabled = tools({
      'pfctl -s info': ok('Status: Enabled for 0 days 00:01:02\n'),
      'pfctl -sr': ok('block drop in quick proto tcp from any to any port = 8080\n'),
    });
    expect(await readFirewallRules(8080, { platform: 'darwin', run: enabled })).toMatchObject({
      kind: 'read',
      rules: [{ source: 'pf', action: 'drop' }],
    });
    const refused = tools({
      'pfctl -s info': denied('pfctl: /dev/pf: Permission denied', 1),
      'pfctl -sr': denied('pfctl: /dev/pf: Permission denied', 1),
    });
    expect(await readFirewallRules(8080, { platform: 'darwin', run: refused, elevated: false })).toMatchObject({
      kind: 'unreadable',
      cause: 'permission-denied',
      reason: 'run conn-doctor as root (sudo) to read the firewall: pfctl needs it',
    });
  });

  it('reads netsh, and flags output in another language instead of finding nothing', async () => {
    const english = tools({
      'netsh advfirewall firewall show rule name=all': ok(
        'Rule Name: X\r\nEnabled: Yes\r\nDirection: In\r\nProtocol: TCP\r\nLocalPort: 8080\r\nAction: Block\r\n',
      ),
    });
    expect(await readFirewallRules(8080, { platform: 'win32', run: english })).toMatchObject({
      kind: 'read',
      rules: [{ source: 'windows-firewall', action: 'drop' }],
    });
    const german = tools({ 'netsh advfirewall firewall show rule name=all': ok('Regelname: X\r\nAktiviert: Ja\r\n') });
    expect(await readFirewallRules(8080, { platform: 'win32', run: german })).toMatchObject({
      kind: 'unreadable',
      cause: 'failed',
      sources: [{ outcome: 'unrecognised-output' }],
    });
  });

  it('has no reader for other systems', async () => {
    expect(await readFirewallRules(8080, { platform: 'aix', run: tools({}) })).toEqual({
      kind: 'unsupported-platform',
      platform: 'aix',
    });
  });
});
