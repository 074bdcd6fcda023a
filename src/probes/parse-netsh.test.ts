import { describe, expect, it } from 'vitest';
import { netshOutputIsEnglish, parseNetshRules } from './parse-netsh.js';

// The layout of `netsh advfirewall firewall show rule name=all` on an English Windows: CRLF lines, one block
// per rule, ICMP rules with a type/code table, "Ok." at the end.
const output = [
  '',
  'Rule Name:                            Block dev server',
  '----------------------------------------------------------------------',
  'Enabled:                              Yes',
  'Direction:                            In',
  'Profiles:                             Domain,Private,Public',
  'Grouping:                             ',
  'LocalIP:                              Any',
  'RemoteIP:                             Any',
  'Protocol:                             TCP',
  'LocalPort:                            8080',
  'RemotePort:                           Any',
  'Edge traversal:                       No',
  'Action:                               Block',
  '',
  'Rule Name:                            Web range (disabled)',
  '----------------------------------------------------------------------',
  'Enabled:                              No',
  'Direction:                            In',
  'Protocol:                             TCP',
  'LocalPort:                            8000-8100',
  'RemotePort:                           Any',
  'Action:                               Allow',
  '',
  'Rule Name:                            Outbound proxy',
  '----------------------------------------------------------------------',
  'Enabled:                              Yes',
  'Direction:                            Out',
  'Protocol:                             TCP',
  'LocalPort:                            Any',
  'RemotePort:                           80,443,8080',
  'Action:                               Allow',
  '',
  'Rule Name:                            Core Networking - Destination Unreachable (ICMPv6-In)',
  '----------------------------------------------------------------------',
  'Enabled:                              Yes',
  'Direction:                            In',
  'Protocol:                             ICMPv6',
  '                                      Type    Code',
  '                                      1       Any ',
  'Action:                               Allow',
  '',
  'Rule Name:                            Block all from lab',
  '----------------------------------------------------------------------',
  'Enabled:                              Yes',
  'Direction:                            In',
  'RemoteIP:                             10.0.0.0/255.0.0.0',
  'Protocol:                             Any',
  'Action:                               Block',
  'Ok.',
  '',
].join('\r\n');

describe('parseNetshRules', () => {
  it('finds enabled TCP rules for 8080 and Block rules open to every port', () => {
    expect(parseNetshRules(output, 8080).map((r) => [r.chain, r.target, r.action, r.matched])).toEqual([
      ['in', 'Block', 'drop', 'destination-port'],
      ['out', 'Allow', 'accept', 'destination-port'],
      ['in', 'Block', 'drop', 'every-port'],
    ]);
    expect(parseNetshRules(output, 8080)[0]!.raw).toBe(
      'Rule Name: Block dev server; Direction: In; Protocol: TCP; LocalPort: 8080; RemotePort: Any; Action: Block',
    );
  });

  it('skips disabled rules', () => {
    expect(parseNetshRules(output, 8050).map((r) => r.matched)).toEqual(['every-port']);
  });

  it('knows English output from a localised one', () => {
    expect(netshOutputIsEnglish(output)).toBe(true);
    expect(netshOutputIsEnglish('\r\nNo rules match the specified criteria.\r\n')).toBe(true);
    expect(netshOutputIsEnglish('Regelname:                            Block\r\n')).toBe(false);
  });
});
