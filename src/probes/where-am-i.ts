import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { visibleText } from './visible-bytes.js';

/** The few files and variables that tell where this process runs; injectable so tests can stage any machine. */
export interface HostFacts {
  /** The start of a text file, or null when it is missing or unreadable. */
  read(path: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

/** /proc files can be long (mountinfo on a busy host); what we look for is near the start. */
const READ_LIMIT = 64 * 1024;

/**
 * Synchronous reads on purpose: these are a few small files from /proc and / that the kernel answers from memory,
 * and a refused local target then starts no thread pool (it showed as ~1 MiB of peak memory).
 */
export const realHostFacts: HostFacts = {
  async read(path) {
    try {
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(READ_LIMIT);
        const bytesRead = readSync(fd, buffer, 0, READ_LIMIT, 0);
        return buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return null;
    }
  },
  async exists(path) {
    return existsSync(path);
  },
  env: process.env,
  platform: process.platform,
};

/** Where conn-doctor runs, which decides what `localhost` and "this machine" mean. */
export type WhereAmI =
  /** A machine of its own (or a VM we cannot tell from one): localhost is this machine. */
  | { kind: 'host' }
  /** A container: localhost is the container's own loopback, not the host's. */
  | { kind: 'container'; runtime: string; evidence: string }
  /** Windows Subsystem for Linux. */
  | {
      kind: 'wsl';
      version: 1 | 2;
      /** `WSL_DISTRO_NAME` (`Ubuntu`), or null. */
      distro: string | null;
      /** WSL 2: the address of the Windows host as seen from the VM; null on WSL 1 (same stack) or when unknown. */
      hostAddress: string | null;
      evidence: string;
    };

/** cgroup paths and mount sources that name the runtime, most specific first. */
const RUNTIME_MARKS: readonly [RegExp, string][] = [
  [/kubepods|\/kubelet\/pods\//, 'kubernetes'],
  [/libpod|\/containers\/storage\//, 'podman'],
  [/\/docker[/-]/, 'docker'],
  [/containerd/, 'containerd'],
  [/\/lxc\//, 'lxc'],
];

export async function whereAmI(facts: HostFacts = realHostFacts): Promise<WhereAmI> {
  if (facts.platform !== 'linux') return { kind: 'host' };
  // Containers first: one started under WSL 2 (Docker Desktop) shows WSL's kernel in /proc/version too.
  const container = await containerRuntime(facts);
  if (container) return { kind: 'container', ...container };
  return (await wsl(facts)) ?? { kind: 'host' };
}

async function containerRuntime(facts: HostFacts): Promise<{ runtime: string; evidence: string } | null> {
  if (facts.env.KUBERNETES_SERVICE_HOST) return { runtime: 'kubernetes', evidence: 'KUBERNETES_SERVICE_HOST is set' };
  if (await facts.exists('/run/.containerenv')) {
    const engine = /^engine="?([a-z-]+)/m.exec((await facts.read('/run/.containerenv')) ?? '')?.[1]?.replace(/-$/, '');
    return { runtime: engine ?? 'podman', evidence: '/run/.containerenv exists' };
  }
  if (await facts.exists('/.dockerenv')) return { runtime: 'docker', evidence: '/.dockerenv exists' };
  // systemd's convention, followed by podman, LXC, systemd-nspawn and some images (container=oci).
  const declared = facts.env.container;
  if (declared)
    return {
      runtime: visibleText(declared, 32),
      evidence: `container=${visibleText(declared, 32)} in the environment`,
    };
  const cgroup = ((await facts.read('/proc/1/cgroup')) ?? '').split('\n');
  // A host running containers lists their overlay mounts too; only a container has its /etc files bind-mounted.
  const etcBinds = ((await facts.read('/proc/self/mountinfo')) ?? '')
    .split('\n')
    .filter((line) => /^(?:\/etc\/hostname|\/etc\/hosts|\/etc\/resolv\.conf)$/.test(line.split(' ')[4] ?? ''));
  for (const [path, lines] of [
    ['/proc/1/cgroup', cgroup],
    ['/proc/self/mountinfo', etcBinds],
  ] as const) {
    for (const [mark, runtime] of RUNTIME_MARKS) {
      const line = lines.find((l) => mark.test(l));
      if (line) return { runtime, evidence: `${path}: ${visibleText(line.trim(), 160)}` };
    }
  }
  return null;
}

async function wsl(facts: HostFacts): Promise<Extract<WhereAmI, { kind: 'wsl' }> | null> {
  const version = (await facts.read('/proc/version')) ?? '';
  const distro = facts.env.WSL_DISTRO_NAME ? visibleText(facts.env.WSL_DISTRO_NAME, 64) : null;
  const kernelSays = /microsoft|wsl/i.test(version);
  if (!kernelSays && distro === null) return null;
  // WSL 1 kernels read `4.4.0-19041-Microsoft`; WSL 2's `5.15.x-microsoft-standard-WSL2` (older: `-microsoft-standard`).
  const wsl1 = /Microsoft/.test(version) && !/standard|WSL2/i.test(version);
  const evidence = kernelSays ? `/proc/version: ${visibleText(version.trim(), 120)}` : 'WSL_DISTRO_NAME is set';
  return {
    kind: 'wsl',
    version: wsl1 ? 1 : 2,
    distro,
    hostAddress: wsl1 ? null : await windowsHostAddress(facts),
    evidence,
  };
}

/**
 * In WSL 2's default NAT mode the Windows host is the VM's default gateway. /etc/resolv.conf used to name it
 * too, but with DNS tunnelling (newer WSL) the nameserver is a stub (10.255.255.254), so the route comes first.
 */
async function windowsHostAddress(facts: HostFacts): Promise<string | null> {
  const route = (await facts.read('/proc/net/route')) ?? '';
  for (const line of route.split('\n').slice(1)) {
    const [, destination, gateway] = line.trim().split(/\s+/);
    if (destination === '00000000' && gateway && /^[0-9A-Fa-f]{8}$/.test(gateway) && gateway !== '00000000') {
      // /proc/net/route prints the address as a little-endian hex word.
      return [6, 4, 2, 0].map((i) => Number.parseInt(gateway.slice(i, i + 2), 16)).join('.');
    }
  }
  const resolv = (await facts.read('/etc/resolv.conf')) ?? '';
  const nameserver = /^nameserver\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/m.exec(resolv)?.[1];
  return nameserver && nameserver !== '10.255.255.254' && !nameserver.startsWith('127.') ? nameserver : null;
}
