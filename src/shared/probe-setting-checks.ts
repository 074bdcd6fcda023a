// The checks of the probe settings that are more than a number range, shared by the CLI's option readers and the
// library's options: each says what is wrong in one line naming the setting as its caller calls it
// (`--dns-server` on the command line, `dnsServer` in the library), or null when the value is good.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

/** The whole numbers each numeric probe setting may take, the same from the command line and the library. */
export const probeSettingRanges = {
  timeoutMs: { min: 50, max: 600_000 },
  repeat: { min: 1, max: 100 },
} as const;

/** `ip`, `ip:port` or `[ipv6]:port`: a resolver is always an address, never a name to resolve first. */
export function dnsServerProblem(raw: string, name: string): string | null {
  const match = /^\[(.+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+):(\d+)$/.exec(raw);
  const address = match?.[1] ?? raw;
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (isIP(address) && Number.isInteger(port) && port >= 1 && port <= 65535) return null;
  return `invalid ${name} "${raw}": give an IP address, optionally with :port (e.g. 127.0.0.1:5353 or [::1]:53)`;
}

/** A bad CA file would otherwise surface as an untrusted certificate: say what is wrong with the file instead. */
export function caFileProblem(path: string, name: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    return `cannot read ${name} "${path}": ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----')
    ? null
    : `${name} "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`;
}
