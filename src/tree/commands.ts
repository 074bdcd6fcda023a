/**
 * Next-step commands with host and port filled in, for the user's OS. They are shown, never run, but they
 * are still quoted properly: a user pastes them into a shell.
 */

type Platform = NodeJS.Platform;

import { shellQuote } from '../shared/shell-quote.js';

export { shellQuote };

/** Single-quotes for PowerShell, only when needed. */
function psQuote(value: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(value) ? value : `'${value.replaceAll("'", "''")}'`;
}

const isWindows = (platform: Platform) => platform === 'win32';

/** `host:port` with brackets around IPv6 literals, as URLs and most tools want it. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function whoListens(port: number, platform: Platform): string {
  if (isWindows(platform))
    return `Get-NetTCPConnection -State Listen -LocalPort ${port} | Select-Object LocalAddress,OwningProcess`;
  if (platform === 'darwin') return `sudo lsof -nP -iTCP:${port} -sTCP:LISTEN`;
  return `sudo ss -ltnp 'sport = :${port}'`;
}

export function tryConnect(host: string, port: number, platform: Platform): string {
  if (isWindows(platform)) return `Test-NetConnection ${psQuote(host)} -Port ${port}`;
  return `nc -vz -w 3 ${shellQuote(host)} ${port}`;
}

export function curlVerbose(
  url: string,
  platform: Platform,
  maxTimeSeconds = 10,
  options: { noProxy?: boolean } = {},
): string {
  const quoted = isWindows(platform) ? psQuote(url) : shellQuote(url);
  const bypass = options.noProxy ? " --noproxy '*'" : '';
  return `${isWindows(platform) ? 'curl.exe' : 'curl'} -v${bypass} --max-time ${maxTimeSeconds} ${quoted}`;
}

export function queryDns(
  name: string,
  type: 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'TXT',
  platform: Platform,
  server: string | null,
): string {
  if (isWindows(platform))
    return `Resolve-DnsName ${psQuote(name)} -Type ${type}${server ? ` -Server ${psQuote(server)}` : ''}`;
  if (!server) return `dig ${shellQuote(name)} ${type}`;
  const [address, port] = splitServer(server);
  return `dig @${shellQuote(address)}${port ? ` -p ${port}` : ''} ${shellQuote(name)} ${type}`;
}

export function showResolvers(platform: Platform): string {
  if (isWindows(platform)) return 'Get-DnsClientServerAddress';
  if (platform === 'darwin') return 'scutil --dns';
  return 'resolvectl status || cat /etc/resolv.conf';
}

export function traceRoute(host: string, port: number, platform: Platform): string {
  if (isWindows(platform)) return `tracert ${psQuote(host)}`;
  if (platform === 'darwin') return `traceroute -P tcp -p ${port} ${shellQuote(host)}`;
  return `sudo traceroute -T -p ${port} ${shellQuote(host)}`;
}

export function showRoutes(host: string, platform: Platform): string {
  if (isWindows(platform)) return `Find-NetRoute -RemoteIPAddress ${psQuote(host)}`;
  if (platform === 'darwin') return `route -n get ${shellQuote(host)}`;
  return `ip route get ${shellQuote(host)}`;
}

export function firewallRules(port: number, platform: Platform): string {
  if (isWindows(platform))
    return `Get-NetFirewallPortFilter | Where-Object LocalPort -eq ${port} | Get-NetFirewallRule`;
  if (platform === 'darwin') return 'sudo pfctl -sr';
  return `sudo iptables -S | grep -w ${port}; sudo nft list ruleset | grep -w ${port}`;
}

export function serverLogs(platform: Platform): string {
  if (isWindows(platform)) return 'Get-WinEvent -LogName Application -MaxEvents 50';
  if (platform === 'darwin') return 'log show --last 10m --predicate \'eventMessage contains "error"\'';
  return 'journalctl -e --since "10 minutes ago"';
}

/** `ip[:port]` or `[v6]:port` → address and port (port may be empty). */
function splitServer(server: string): [string, string] {
  const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return [bracketed[1] ?? server, bracketed[2] ?? ''];
  const parts = server.split(':');
  return parts.length === 2 ? [parts[0] ?? server, parts[1] ?? ''] : [server, ''];
}

/** How `openSslClient` connects: `starttls` upgrades a plain session of that protocol first. */
export interface OpenSslClientOptions {
  /** `-starttls smtp`, `-starttls mysql`: TLS after the protocol's own request, on the plain port. */
  starttls?: 'smtp' | 'mysql';
  /** Stop with an error on a certificate a verifying client refuses (and check the name, when there is one). */
  verify?: boolean;
}

/** The handshake as OpenSSL sees it, certificates included. */
export function openSslClient(
  host: string,
  port: number,
  servername: string | null,
  options: OpenSslClientOptions = {},
): string {
  const name = servername ? shellQuote(servername) : null;
  return (
    `openssl s_client${options.starttls ? ` -starttls ${options.starttls}` : ''} -connect ${shellQuote(hostPort(host, port))}` +
    `${name ? ` -servername ${name}` : ''}${options.verify ? `${name ? ` -verify_hostname ${name}` : ''} -verify_return_error` : ''} -showcerts </dev/null`
  );
}

/** How to make each kind of client trust an extra CA, for the user's OS. */
export function trustCaSteps(caFile: string, platform: Platform): string[] {
  const os = isWindows(platform)
    ? `Windows: \`Import-Certificate -FilePath ${psQuote(caFile)} -CertStoreLocation Cert:\\LocalMachine\\Root\``
    : platform === 'darwin'
      ? `macOS: \`sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${shellQuote(caFile)}\``
      : `Debian/Ubuntu: \`sudo cp ${shellQuote(caFile)} /usr/local/share/ca-certificates/my-ca.crt && sudo update-ca-certificates\``;
  return [
    `Node.js: \`NODE_EXTRA_CA_CERTS=${shellQuote(caFile)} node app.js\``,
    `curl: \`curl --cacert ${shellQuote(caFile)} …\`; Python requests: \`REQUESTS_CA_BUNDLE=${shellQuote(caFile)}\``,
    `The whole system (${os})`,
  ];
}
