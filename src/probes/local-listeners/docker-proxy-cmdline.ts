import { isIP } from 'node:net';

/** A port Docker publishes through docker-proxy: what listens on the host, and where it forwards to. */
export interface DockerProxyMapping {
  /** `tcp` or `udp`, from `-proto` (docker-proxy's default is tcp). */
  proto: string;
  hostIp: string;
  hostPort: number;
  /** The container's address on its bridge network; only this machine can reach it. */
  containerIp: string;
  containerPort: number;
}

/**
 * The mapping in docker-proxy's command line, as /proc/<pid>/cmdline holds it (arguments separated by NUL):
 * `/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80`.
 * Go's flag package also takes `--flag`, and `-flag=value`. Null when a part is missing or malformed.
 */
export function parseDockerProxyCmdline(cmdline: string): DockerProxyMapping | null {
  const flags = new Map<string, string>();
  const args = cmdline.split('\0');
  for (let i = 1; i < args.length; i++) {
    const match = /^--?([a-z-]+)(?:=(.*))?$/.exec(args[i]!);
    if (match === null) continue;
    if (match[2] !== undefined) {
      flags.set(match[1]!, match[2]);
      continue;
    }
    // A boolean flag (`-use-listen-fd`) takes no value: the next argument is then another flag, or none.
    const next = args[i + 1];
    if (next === undefined || next.startsWith('-')) continue;
    flags.set(match[1]!, next);
    i++;
  }
  const hostIp = flags.get('host-ip');
  const containerIp = flags.get('container-ip');
  const hostPort = portOf(flags.get('host-port'));
  const containerPort = portOf(flags.get('container-port'));
  if (hostIp === undefined || containerIp === undefined || hostPort === null || containerPort === null) return null;
  if (isIP(hostIp) === 0 || isIP(containerIp) === 0) return null;
  return { proto: flags.get('proto') ?? 'tcp', hostIp, hostPort, containerIp, containerPort };
}

function portOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}
