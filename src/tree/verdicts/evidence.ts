import type { DnsFacts } from '../../probes/dns-facts.js';
import type { TcpConnectResult } from '../../probes/tcp-connect.js';
import { hostPort } from '../commands.js';
import { portOf, type Facts } from '../facts.js';

/** Milliseconds as people read them: 0.31 ms, 12.4 ms, 1503 ms. */
export function ms(value: number): string {
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
}

/** What one connect attempt saw, as a sentence about the wire. */
export function describeAttempt(attempt: TcpConnectResult): string {
  const where = hostPort(attempt.address, attempt.port);
  switch (attempt.kind) {
    case 'open':
      return `${where}: SYN answered by SYN-ACK, connected in ${ms(attempt.connectMs)}`;
    case 'refused':
      return `${where}: SYN answered by RST (connection refused) in ${ms(attempt.connectMs)}`;
    case 'timeout':
      return `${where}: no answer to the SYN within ${ms(attempt.waitedMs)}`;
    case 'host-unreachable':
      return `${where}: host unreachable (${attempt.errno}) after ${ms(attempt.connectMs)}`;
    case 'network-unreachable':
      return `${where}: network unreachable (${attempt.errno}) after ${ms(attempt.connectMs)}, nothing was sent`;
    case 'error':
      return `${where}: connect failed with ${attempt.errno} after ${ms(attempt.connectMs)}`;
    case 'aborted':
      return `${where}: cancelled after ${ms(attempt.waitedMs)}`;
    default:
      return assertNever(attempt);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected variant ${JSON.stringify(value)}`);
}

/** One line about how the name became addresses; null for IP literals (nothing to say). */
export function resolutionEvidence(dns: DnsFacts | undefined): string | null {
  if (!dns || dns.mode === 'ip-literal') return null;
  const list = dns.addresses.map((a) => a.address).join(', ');
  switch (dns.mode) {
    case 'localhost':
      return `${dns.name} is loopback by definition (RFC 6761); the hosts file and system lookup gave ${list}, no DNS query was sent`;
    case 'dns-server':
      return `${dns.name} resolved through ${dns.queries?.servers.join(', ') ?? 'the given server'} to ${list} (system lookup skipped)`;
    case 'system':
      return `${dns.name} resolved to ${list} in ${ms(dns.durationMs)}`;
    default:
      return assertNever(dns.mode);
  }
}

/** The URL (or host:port) of the target, for commands. */
export function targetUrl(facts: Facts): string {
  const { scheme, host, path } = facts.target;
  const where = hostPort(host, portOf(facts));
  return scheme === 'tcp' ? where : `${scheme}://${where}${path}`;
}

/**
 * For `mongodb+srv://`: the SRV records found (the one diagnosed first, the others after it), those left out as
 * outside the host's domain, and the TXT record's options (authSource, replicaSet, …). Empty for other targets.
 */
export function srvEvidence(dns: DnsFacts | undefined): string[] {
  const srv = dns?.srv;
  if (!srv) return [];
  const via = `via ${srv.servers.join(', ') || '(no server)'}`;
  const lines: string[] = [];
  if (srv.srv.kind === 'answer') {
    const listed = srv.srv.records.map((r) => `${r.target}:${r.port}`);
    lines.push(
      srv.chosen
        ? `${srv.name} SRV ${via}: ${listed.join(', ')}; diagnosing the first, ${srv.chosen.target}:${srv.chosen.port} (a driver tries them all)`
        : `${srv.name} SRV ${via}: ${listed.join(', ') || '(no records)'}`,
    );
  } else {
    lines.push(`${srv.name} SRV ${via}: ${srv.srv.code} (${srv.srv.errno}) in ${ms(srv.srv.durationMs)}`);
  }
  if (srv.outside.length > 0) {
    lines.push(`Left out, outside the domain of the URL's host (clients refuse them): ${srv.outside.join(', ')}`);
  }
  lines.push(txtEvidence(srv.txt));
  return lines;
}

/** The seedlist spec lets a TXT record set these options only; drivers refuse a record with any other. */
const txtOptions = new Set(['authSource', 'replicaSet', 'loadBalanced']);

function txtEvidence(txt: NonNullable<DnsFacts['srv']>['txt']): string {
  if (txt.kind !== 'answer') return `No TXT record of the host (${txt.code}): no extra connection options`;
  if (txt.records.length > 1) {
    return `${txt.records.length} TXT records of the host: drivers refuse more than one (${txt.records.join(' | ')})`;
  }
  const options = [...new URLSearchParams(txt.records[0] ?? '')].slice(0, 16);
  const named = options.map(([key, value]) => `${key}=${value}`).join(', ') || '(none)';
  const others = options.filter(([key]) => !txtOptions.has(key)).map(([key]) => key);
  return (
    `TXT record of the host, options the driver adds: ${named}` +
    (others.length > 0
      ? ` (drivers refuse ${others.join(', ')} there: only authSource, replicaSet and loadBalanced)`
      : '')
  );
}

/** Evidence lines shared by every verdict past DNS: how the name resolved, then each connect. */
export function connectEvidence(facts: Facts): string[] {
  const lines = [...srvEvidence(facts.dns), resolutionEvidence(facts.dns)];
  for (const attempt of facts.tcp ?? []) lines.push(describeAttempt(attempt));
  return lines.filter((line): line is string => line !== null);
}

/** The address the application-level probe used: the first that accepted the connection. */
export function openAttempt(facts: Facts): TcpConnectResult | undefined {
  return facts.tcp?.find((a) => a.kind === 'open');
}
