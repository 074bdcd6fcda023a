import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { reportFormatFor } from '../report/report-format.js';
import { UsageError } from './usage-error.js';

/** How the option table reads the values of its options: each returns the value or throws a UsageError. */

/** A whole number from `min` to `max`. */
export const wholeNumber =
  (option: string, min: number, max: number) =>
  (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max)
      throw new UsageError(`invalid ${option} "${raw}": give a whole number from ${min} to ${max}`);
    return value;
  };

/** `ip`, `ip:port` or `[ipv6]:port`: a resolver is always an address, never a name to resolve first. */
export function dnsServerAddress(raw: string): string {
  const match = /^\[(.+)\](?::(\d+))?$/.exec(raw) ?? /^([^:]+):(\d+)$/.exec(raw);
  const address = match?.[1] ?? raw;
  const port = match?.[2] === undefined ? 53 : Number(match[2]);
  if (!isIP(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(
      `invalid --dns-server "${raw}": give an IP address, optionally with :port (e.g. 127.0.0.1:5353 or [::1]:53)`,
    );
  }
  return raw;
}

/** A bad --ca would otherwise surface as an untrusted certificate: say what is wrong with the file instead. */
export function caCertificateFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    throw new UsageError(`cannot read --ca "${path}": ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`--ca "${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return path;
}

/** `--report <file>`: its extension names the format, checked before any probe runs rather than after. */
export function reportFile(path: string): string {
  if (reportFormatFor(path) === null)
    throw new UsageError(`cannot write "${path}": the report format comes from the extension: .md, .json or .html`);
  return path;
}
