import { isIP } from 'node:net';
import { bareHost, tcpPort, type ForwarderBackend } from './forwarder-backend.js';
import { isLoopbackAddress } from './is-local-address.js';

/** ssh's options that take an argument (OpenSSH 9's usage line); every other letter is a flag. */
const takesArgument = new Set('BbcDEeFIiJLlmOoPpQRSWw');

interface SshArgs {
  /** Each `-L` spec and each `-o LocalForward=…`, as written. */
  forwards: string[];
  /** `[user@]host` or `ssh://[user@]host[:port]`; null when none was given (ssh then only prints its usage). */
  destination: string | null;
  /** `-J`: the destination is reached through another host, whose view of "localhost" is not ours either. */
  jump: boolean;
}

/** Reads ssh's arguments as its getopt does: flags may be grouped (`-NfL 8080:db:5432`), a value may be attached. */
function readSshArgs(args: readonly string[]): SshArgs {
  const parsed: SshArgs = { forwards: [], destination: null, jump: false };
  const take = (option: string, value: string) => {
    if (option === 'L') parsed.forwards.push(value);
    if (option === 'J') parsed.jump = true;
    if (option === 'o') {
      const local = /^localforward(?:\s*=\s*|\s+)(.+)$/i.exec(value.trim());
      if (local) parsed.forwards.push(local[1]!.trim().replace(/\s+/, ':'));
      if (/^proxy(?:jump|command)\b/i.test(value.trim())) parsed.jump = true;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      parsed.destination = args[i + 1] ?? null;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      // The first operand is the destination; what follows it is the remote command.
      parsed.destination = arg;
      break;
    }
    for (let j = 1; j < arg.length; j++) {
      const option = arg[j]!;
      if (!takesArgument.has(option)) continue;
      const attached = arg.slice(j + 1);
      const value = attached !== '' ? attached : args[++i];
      if (value !== undefined) take(option, value);
      break;
    }
  }
  return parsed;
}

/**
 * `[bind_address:]port:host:hostport`, with `/` as the other separator ssh accepts and IPv6 literals in brackets.
 * Null for forwards to or from a UNIX socket.
 */
function readLocalForward(spec: string): { bind: string | null; port: number; host: string; hostPort: number } | null {
  const parts = spec.includes('/') && !spec.includes('[') ? spec.split('/') : splitColons(spec);
  if (parts.length !== 3 && parts.length !== 4) return null;
  const [listen, host, hostPort] = parts.slice(-3);
  const port = tcpPort(listen);
  const target = tcpPort(hostPort);
  if (port === null || target === null || host === undefined || host === '') return null;
  return { bind: parts.length === 4 ? parts[0]! : null, port, host: bareHost(host), hostPort: target };
}

/** Splits on colons outside brackets: `[::1]:8080:[::1]:3000` → `[::1]`, `8080`, `[::1]`, `3000`. */
function splitColons(spec: string): string[] {
  return spec.match(/\[[^\]]*\]|[^:]+/g) ?? [];
}

/** The host of `[user@]host` or `ssh://[user@]host[:port]`. */
function destinationHost(destination: string): string {
  const uri = /^ssh:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/i.exec(destination);
  if (uri) return bareHost(uri[1]!);
  return bareHost(destination.slice(destination.lastIndexOf('@') + 1));
}

/**
 * The backend of an ssh client listening on `port` for a local forward (`-L`). ssh hands the backend's host and
 * port to the server, which resolves and connects to them: they name an address as this machine sees it only
 * when the server is this machine (a loopback destination, reached directly). Otherwise the backend is `remote`.
 * Null when no `-L` of this command line listens on `port`. `cmdline` is /proc/<pid>/cmdline (NUL-separated).
 */
export function sshBackend(cmdline: string, port: number): ForwarderBackend | null {
  const args = readSshArgs(
    cmdline
      .split('\0')
      .slice(1)
      .filter((arg) => arg !== ''),
  );
  for (const spec of args.forwards) {
    const forward = readLocalForward(spec);
    if (forward === null || forward.port !== port) continue;
    const via = args.destination ?? '';
    const here = !args.jump && via !== '' && isThisMachine(destinationHost(via));
    return here
      ? { kind: 'address', host: forward.host, port: forward.hostPort, spec: `-L ${spec}` }
      : { kind: 'remote', host: forward.host, port: forward.hostPort, via, spec: `-L ${spec}` };
  }
  return null;
}

/** Only names that mean this machine wherever they are read: an ssh config alias may point anywhere. */
function isThisMachine(host: string): boolean {
  return host.toLowerCase() === 'localhost' || (isIP(host) !== 0 && isLoopbackAddress(host));
}
