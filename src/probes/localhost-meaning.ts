import type { WhereAmI } from './where-am-i.js';

/** The name of the host machine as each runtime's containers know it. */
const HOST_NAMES: Record<string, string> = {
  docker:
    'host.docker.internal (Docker Desktop defines it; on Linux, start the container with --add-host=host.docker.internal:host-gateway)',
  podman: 'host.containers.internal (Podman ≥ 4.1 defines it)',
};

/** What `localhost` means where conn-doctor runs, in sentences for the report and the advice. */
export function localhostMeaning(where: WhereAmI): string[] {
  switch (where.kind) {
    case 'host':
      return ['localhost is this machine: 127.0.0.1 and ::1 reach the servers that run here.'];
    case 'container': {
      const lines = [
        `conn-doctor runs inside a container (${where.runtime}; ${where.evidence}).`,
        "localhost here is the container's own loopback: a server on the host machine is not reachable as localhost or 127.0.0.1.",
      ];
      if (where.runtime === 'kubernetes') {
        lines.push(
          'localhost is shared by the containers of this pod only; reach other pods by their Service name, not localhost.',
        );
      } else {
        lines.push(
          `To reach the host, use ${HOST_NAMES[where.runtime] ?? "the host's address on the container network (often the default gateway)"}.`,
        );
      }
      lines.push(
        'A server in this container that listens on 127.0.0.1 cannot be reached through a published port: it must listen on 0.0.0.0.',
      );
      return lines;
    }
    case 'wsl':
      if (where.version === 1) {
        return [
          `conn-doctor runs in WSL 1${distro(where)}, which shares the Windows network stack: localhost is the same on both sides.`,
        ];
      }
      return [
        `conn-doctor runs in WSL 2${distro(where)}, a lightweight VM with its own network: localhost here is the VM's loopback.`,
        'From Windows, localhost reaches servers in WSL 2 (localhost forwarding, on by default); from WSL 2, localhost does not reach servers on Windows unless networkingMode=mirrored is set in .wslconfig.',
        where.hostAddress === null
          ? "The Windows host's address could not be found here (no default route)."
          : `The Windows host is ${where.hostAddress} from here; a Windows server must listen on that address (or 0.0.0.0) and Windows Firewall must let WSL in.`,
      ];
    default: {
      const unknown: never = where;
      return unknown;
    }
  }
}

function distro(where: { distro: string | null }): string {
  return where.distro === null ? '' : ` (${where.distro})`;
}
