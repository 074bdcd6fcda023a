import type { DockerProxyMapping } from './docker-proxy-cmdline.js';
import type { ForwarderBackend } from './forwarder-backend.js';

/** The kinds of listener that pass connections on to a service elsewhere. */
export type ForwarderKind =
  /** Docker's userland proxy for a published port (`-p 8080:80`). */
  | 'docker-proxy'
  /** An ssh client with a local forward (`-L`), or sshd holding a remote one (`-R`). */
  | 'ssh'
  /** `kubectl port-forward`. */
  | 'kubectl'
  | 'socat'
  /** nginx, HAProxy, Envoy, Traefik, Caddy: they may serve, but usually proxy to a backend. */
  | 'reverse-proxy'
  /** The port forwarder of rootless Docker or Podman, Docker Desktop, Podman machine, Lima or WSL 2. */
  | 'container-runtime';

/** A listener recognised by its process name as a forwarder or proxy. */
export type KnownForwarder =
  /** docker-proxy, with the mapping from its command line where it could be read (Linux). */
  | {
      kind: 'docker-proxy';
      name: string;
      mapping: DockerProxyMapping | null;
      /** Where it forwards, when its command line says (Linux); absent when unknown. */
      backend?: ForwarderBackend;
    }
  /** Any other forwarder; `name` says what it is, hedged where only the process name is known. */
  | { kind: Exclude<ForwarderKind, 'docker-proxy'>; name: string; backend?: ForwarderBackend };

type Other = Exclude<ForwarderKind, 'docker-proxy'>;

/**
 * By process name, lower-cased, without `.exe`. Only the name is known, so what it forwards is a guess. A Map,
 * so that a process named `constructor` finds nothing.
 */
const forwarders = new Map<string, { kind: Other; name: string }>(
  Object.entries({
    ssh: { kind: 'ssh', name: 'ssh (possibly -L)' },
    sshd: { kind: 'ssh', name: 'sshd (possibly a remote forward, ssh -R)' },
    kubectl: { kind: 'kubectl', name: 'kubectl (port-forward)' },
    socat: { kind: 'socat', name: 'socat' },
    nginx: { kind: 'reverse-proxy', name: 'nginx' },
    haproxy: { kind: 'reverse-proxy', name: 'HAProxy' },
    envoy: { kind: 'reverse-proxy', name: 'Envoy' },
    traefik: { kind: 'reverse-proxy', name: 'Traefik' },
    caddy: { kind: 'reverse-proxy', name: 'Caddy' },
    rootlesskit: { kind: 'container-runtime', name: 'rootlesskit (rootless Docker)' },
    rootlessport: { kind: 'container-runtime', name: 'rootlessport (rootless Podman)' },
    slirp4netns: { kind: 'container-runtime', name: 'slirp4netns (rootless containers)' },
    pasta: { kind: 'container-runtime', name: 'pasta (rootless Podman)' },
    'pasta.avx2': { kind: 'container-runtime', name: 'pasta (rootless Podman)' },
    gvproxy: { kind: 'container-runtime', name: 'gvproxy (Podman machine)' },
    vpnkit: { kind: 'container-runtime', name: 'vpnkit (Docker Desktop)' },
    'vpnkit-bridge': { kind: 'container-runtime', name: 'vpnkit (Docker Desktop)' },
    'com.docker.backend': { kind: 'container-runtime', name: 'Docker Desktop' },
    'com.docker.vpnkit': { kind: 'container-runtime', name: 'vpnkit (Docker Desktop)' },
    limactl: { kind: 'container-runtime', name: 'Lima (Colima, Rancher Desktop)' },
    wslrelay: { kind: 'container-runtime', name: 'wslrelay (WSL 2 localhost forwarding)' },
  } satisfies Record<string, { kind: Other; name: string }>),
);

/** Whether `processName` (as /proc, lsof or tasklist gives it) is a known port forwarder or proxy. */
export function classifyForwarder(processName: string): KnownForwarder | null {
  const key = processName
    .trim()
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (key === 'docker-proxy') return { kind: 'docker-proxy', name: 'docker-proxy', mapping: null };
  const known = forwarders.get(key) ?? (key.length >= truncatedLength ? truncatedMatch(key) : undefined);
  return known === undefined ? null : { ...known };
}

/** Linux keeps 15 bytes of a process name, macOS 16: `com.docker.backend` may arrive as `com.docker.back`. */
const truncatedLength = 15;

function truncatedMatch(prefix: string): { kind: Other; name: string } | undefined {
  for (const [name, known] of forwarders) if (name.startsWith(prefix)) return known;
  return undefined;
}
