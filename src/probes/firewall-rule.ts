/** The tool a rule was read from. */
export type FirewallSource = 'iptables' | 'ip6tables' | 'nft' | 'ufw' | 'pf' | 'windows-firewall';

/** One firewall rule that concerns the port being diagnosed, as read (never changed) from the host. */
export interface FirewallRule {
  source: FirewallSource;
  /** What it does to matching traffic, in one vocabulary across tools; `other` for jumps, logs, NAT, rate limits. */
  action: 'drop' | 'reject' | 'accept' | 'other';
  /** The tool's own word for it: `DROP`, `REJECT`, `DOCKER` (a jump), `reject with tcp reset`, `block`, `Allow`. */
  target: string;
  /** Where it sits: an iptables chain (`INPUT`), `inet filter input` for nft, `in`/`out` for ufw, pf and Windows. */
  chain: string | null;
  /**
   * Why it concerns the port: it matches it as destination port, as source port (replies from a server on that
   * port), or it blocks every port (a default policy, or a rule with no port at all).
   */
  matched: 'destination-port' | 'source-port' | 'every-port';
  /** The rule as the tool printed it, with control characters made visible. */
  raw: string;
}

/**
 * Whether `port` is in a port list as firewalls print them: `8080`, `22,8000:8100` (iptables, ufw),
 * `{ 22, 8000-8100 }` (nft), `80,443` or `8000-8100` (Windows). Names and other words never match.
 */
export function portListIncludes(list: string, port: number): boolean {
  return list
    .replace(/[{}]/g, ' ')
    .split(/[\s,]+/)
    .some((item) => {
      const range = /^(\d{1,5})(?:[:-](\d{1,5}))?$/.exec(item);
      if (!range) return false;
      const low = Number(range[1]);
      const high = range[2] === undefined ? low : Number(range[2]);
      return port >= low && port <= high;
    });
}
