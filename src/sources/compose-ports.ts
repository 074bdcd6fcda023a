/** A run of ports, `from` to `to` inclusive (one port: both the same). */
export interface PortRange {
  from: number;
  to: number;
}

/** One entry of a service's `ports:`, in either syntax, after interpolation. */
export interface PortMapping {
  /** As written (`127.0.0.1:` / `[::1]:`), without brackets; null when none: every interface of the host. */
  hostIp: string | null;
  /** Null when Docker picks a free host port at start (`"80"`, or `target:` without `published:`). */
  published: PortRange | null;
  target: PortRange;
  /** `tcp`, `udp` or `sctp`, lower-cased. */
  protocol: string;
}

const RANGE = /^(\d{1,5})(?:-(\d{1,5}))?$/;

function rangeOf(text: string): PortRange | null {
  const match = RANGE.exec(text.trim());
  if (!match) return null;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return from >= 0 && to >= from && to <= 65_535 ? { from, to } : null;
}

/**
 * The short syntax, `[[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL]`, as the Compose specification writes it: `"8080:80"`,
 * `"127.0.0.1:8080:80"`, `"8080-8081:80-81"`, `"80"`, `"[::1]:8080:80"` and the unbracketed `"::1:8080:80"`,
 * `"127.0.0.1::80"` (an ephemeral port on one address), `"53:53/udp"`. A bare number is a target port.
 */
export function parseShortPort(spec: string): PortMapping | { error: string } {
  const [body = '', protocol = 'tcp', ...extra] = spec.trim().split('/');
  if (extra.length > 0) return { error: 'has more than one "/protocol"' };
  let hostIp: string | null = null;
  let rest = body;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(body);
  if (bracketed) {
    hostIp = bracketed[1]!;
    rest = bracketed[2]!;
  }
  const parts = rest.split(':');
  let publishedText: string | null = null;
  if (parts.length === 2) publishedText = parts[0]!;
  else if (parts.length >= 3) {
    if (hostIp !== null) return { error: 'has too many ":"' };
    // `IP:PUBLISHED:TARGET`; an IPv6 address without brackets holds colons of its own, so the last two parts are ports.
    hostIp = parts.slice(0, -2).join(':');
    publishedText = parts.at(-2)!;
  }
  const target = rangeOf(parts.at(-1)!);
  if (!target) return { error: 'has no valid container port (0-65535, or a range like 80-81)' };
  const published = publishedText === null || publishedText === '' ? null : rangeOf(publishedText);
  if (publishedText !== null && publishedText !== '' && !published) {
    return { error: 'has no valid published port (1-65535, or a range like 8080-8081)' };
  }
  return checkedHostIp({ hostIp: hostIp === '' ? null : hostIp, published, target, protocol: protocol.toLowerCase() });
}

/** The long syntax: `target`, `published` (a number, or a string with a range), `host_ip`, `protocol`. */
export function parseLongPort(entry: Record<string, unknown>): PortMapping | { error: string } {
  const target = rangeOf(String(entry.target ?? ''));
  if (!target || /-/.test(String(entry.target))) return { error: 'has no valid "target" port' };
  const publishedValue = entry.published;
  const published =
    publishedValue === undefined || publishedValue === null || publishedValue === ''
      ? null
      : rangeOf(String(publishedValue));
  if (publishedValue !== undefined && publishedValue !== null && publishedValue !== '' && !published) {
    return { error: 'has no valid "published" port (1-65535, or a range like 8080-8081)' };
  }
  const hostIp = typeof entry.host_ip === 'string' && entry.host_ip !== '' ? entry.host_ip : null;
  const protocol = typeof entry.protocol === 'string' ? entry.protocol.toLowerCase() : 'tcp';
  return checkedHostIp({ hostIp: hostIp?.replace(/^\[|\]$/g, '') ?? null, published, target, protocol });
}

/** Compose takes an IP address there, never a name: anything else is refused rather than shown or dialled. */
function checkedHostIp(mapping: PortMapping): PortMapping | { error: string } {
  if (mapping.hostIp !== null && !/^[0-9A-Fa-f:.]+$/.test(mapping.hostIp))
    return { error: 'has a host IP that is not an IP address' };
  if (!/^[a-z]+$/.test(mapping.protocol)) return { error: 'has a protocol that is not tcp, udp or sctp' };
  return mapping;
}
