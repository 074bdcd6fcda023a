import { bareHost, tcpPort, type ForwarderBackend } from './forwarder-backend.js';

/** socat's address types that listen for TCP, and those that connect over TCP (plain or TLS). */
const listening = /^tcp[46]?-(?:listen|l)$/i;
const connecting = /^(?:tcp[46]?(?:-connect)?|openssl(?:-connect)?)$/i;

/**
 * The backend of a socat that listens on `port`: the other of its two addresses, when that one connects over TCP
 * (`TCP:127.0.0.1:3000`, `TCP4-CONNECT:db:5432,retry=3`, `OPENSSL:[::1]:443`). Null for any other pair (UNIX
 * sockets, EXEC, a socat listening elsewhere). `cmdline` is /proc/<pid>/cmdline: arguments separated by NUL.
 */
export function socatBackend(cmdline: string, port: number): ForwarderBackend | null {
  // Options come first and start with `-`; the two addresses are the last two arguments.
  const addresses = cmdline
    .split('\0')
    .slice(1)
    .filter((arg) => arg !== '' && !arg.startsWith('-'));
  if (addresses.length < 2) return null;
  const [first, second] = addresses.slice(-2) as [string, string];
  const listens = (address: string) => {
    const [type, rest = ''] = splitType(address);
    return listening.test(type) && tcpPort(rest.split(',')[0]) === port;
  };
  const other = listens(first) ? second : listens(second) ? first : null;
  if (other === null) return null;
  const [type, rest = ''] = splitType(other);
  if (!connecting.test(type)) return null;
  // host:port, the host possibly an IPv6 literal in brackets, then options after a comma.
  const match = /^(\[[^\]]+\]|[^:,[\]]+):(\d+)(?:,|$)/.exec(rest);
  const backendPort = tcpPort(match?.[2]);
  if (!match || backendPort === null) return null;
  return { kind: 'address', host: bareHost(match[1]!), port: backendPort, spec: other.split(',')[0]! };
}

function splitType(address: string): [string, string?] {
  const colon = address.indexOf(':');
  return colon === -1 ? [address] : [address.slice(0, colon), address.slice(colon + 1)];
}
