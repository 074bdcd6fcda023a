import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realHostFacts, whereAmI, type HostFacts } from './where-am-i.js';

/** A staged machine: the files it has (path → text; '' for an empty marker file) and its environment. */
function machine(
  files: Record<string, string>,
  env: Record<string, string> = {},
  platform: NodeJS.Platform = 'linux',
): HostFacts {
  return {
    read: async (path) => files[path] ?? null,
    exists: async (path) => path in files,
    env,
    platform,
  };
}

// Captured from real machines (ids shortened).
const bareMetalCgroup = '12:pids:/init.scope\n11:memory:/init.scope\n0::/init.scope\n';
const dockerCgroupV1 = '12:memory:/docker/3f1c2a9be4d1\n11:cpu,cpuacct:/docker/3f1c2a9be4d1\n0::/\n';
const kubeCgroup = '11:cpu,cpuacct:/kubepods/burstable/pod9b1c/0d4e7f\n0::/\n';
const wsl2Version =
  'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 12.2.0, GNU ld (GNU Binutils) 2.40) #1 SMP Fri Mar 29 23:14:13 UTC 2024\n';
const wsl1Version =
  'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #3996-Microsoft Thu Jan 01 62:00:00 PST 1970\n';
const ubuntuVersion =
  'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-115) (x86_64-linux-gnu-gcc-13) #45-Ubuntu SMP\n';
const wslRoute =
  'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
  'eth0\t00000000\t01401DAC\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' +
  'eth0\t00401DAC\t00000000\t0001\t0\t0\t0\t00F0FFFF\t0\t0\t0\n';
const mountinfoHostWithContainers =
  '29 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n' +
  '312 29 0:52 / /var/lib/docker/overlay2/4b2c/merged rw,relatime - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/AB\n';
const mountinfoInDocker =
  '600 580 0:60 / / rw,relatime master:1 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X\n' +
  '615 600 8:1 /var/lib/docker/containers/3f1c2a9be4d1/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n';

describe('whereAmI', () => {
  it('says host on a plain Linux machine, even one that runs containers', async () => {
    const facts = machine({
      '/proc/1/cgroup': bareMetalCgroup,
      '/proc/self/mountinfo': mountinfoHostWithContainers,
      '/proc/version': ubuntuVersion,
    });
    expect(await whereAmI(facts)).toEqual({ kind: 'host' });
  });

  it('says host on macOS and Windows without reading anything', async () => {
    expect(await whereAmI(machine({ '/.dockerenv': '' }, {}, 'darwin'))).toEqual({ kind: 'host' });
    expect(await whereAmI(machine({}, { WSL_DISTRO_NAME: 'Ubuntu' }, 'win32'))).toEqual({ kind: 'host' });
  });

  it.each([
    ['/.dockerenv', machine({ '/.dockerenv': '' }), 'docker', '/.dockerenv exists'],
    [
      '/run/.containerenv',
      machine({ '/run/.containerenv': 'engine="podman-4.9.3"\nname="web"\n' }),
      'podman',
      '/run/.containerenv exists',
    ],
    ['an empty /run/.containerenv', machine({ '/run/.containerenv': '' }), 'podman', '/run/.containerenv exists'],
    ['the container variable', machine({}, { container: 'lxc' }), 'lxc', 'container=lxc in the environment'],
    [
      'KUBERNETES_SERVICE_HOST',
      machine({ '/.dockerenv': '' }, { KUBERNETES_SERVICE_HOST: '10.96.0.1' }),
      'kubernetes',
      'KUBERNETES_SERVICE_HOST is set',
    ],
  ])('finds a container from %s', async (_, facts, runtime, evidence) => {
    expect(await whereAmI(facts)).toEqual({ kind: 'container', runtime, evidence });
  });

  it.each([
    ['docker cgroup v1', { '/proc/1/cgroup': dockerCgroupV1 }, 'docker'],
    ['kubepods', { '/proc/1/cgroup': kubeCgroup }, 'kubernetes'],
    [
      'docker with cgroup v2 (only the /etc bind mounts tell)',
      { '/proc/1/cgroup': '0::/\n', '/proc/self/mountinfo': mountinfoInDocker },
      'docker',
    ],
  ])('finds a container from %s', async (_, files, runtime) => {
    const where = await whereAmI(machine(files));
    expect(where).toMatchObject({ kind: 'container', runtime });
    expect(where.kind === 'container' && where.evidence).toMatch(/^\/proc\//);
  });

  it('prefers the container to WSL when a container runs under WSL 2', async () => {
    expect(await whereAmI(machine({ '/.dockerenv': '', '/proc/version': wsl2Version }))).toMatchObject({
      kind: 'container',
    });
  });

  it('finds WSL 2 and the Windows host from the default route', async () => {
    const facts = machine(
      { '/proc/version': wsl2Version, '/proc/net/route': wslRoute, '/etc/resolv.conf': 'nameserver 10.255.255.254\n' },
      { WSL_DISTRO_NAME: 'Ubuntu-24.04' },
    );
    expect(await whereAmI(facts)).toEqual({
      kind: 'wsl',
      version: 2,
      distro: 'Ubuntu-24.04',
      hostAddress: '172.29.64.1',
      // Bounded: the kernel string is evidence, not the whole story.
      evidence: `/proc/version: ${wsl2Version.slice(0, 120)}…`,
    });
  });

  it('falls back to the resolv.conf nameserver, but not to the DNS-tunnelling stub', async () => {
    const older = machine({
      '/proc/version': wsl2Version,
      '/etc/resolv.conf': '# generated by WSL\nnameserver 172.29.64.1\n',
    });
    expect(await whereAmI(older)).toMatchObject({ kind: 'wsl', hostAddress: '172.29.64.1', distro: null });
    const tunnelled = machine({ '/proc/version': wsl2Version, '/etc/resolv.conf': 'nameserver 10.255.255.254\n' });
    expect(await whereAmI(tunnelled)).toMatchObject({ kind: 'wsl', hostAddress: null });
  });

  it('finds WSL 1, where there is no separate host address', async () => {
    expect(await whereAmI(machine({ '/proc/version': wsl1Version, '/proc/net/route': wslRoute }))).toMatchObject({
      kind: 'wsl',
      version: 1,
      hostAddress: null,
    });
  });

  it('trusts WSL_DISTRO_NAME when /proc/version says nothing', async () => {
    expect(await whereAmI(machine({}, { WSL_DISTRO_NAME: 'Debian' }))).toMatchObject({
      kind: 'wsl',
      version: 2,
      distro: 'Debian',
      evidence: 'WSL_DISTRO_NAME is set',
    });
  });

  it('makes control characters in the environment visible', async () => {
    expect(await whereAmI(machine({}, { container: 'x\x1b[2J' }))).toMatchObject({ runtime: 'x\\x1b[2J' });
  });

  it('reads the real machine consistently with its marker files', async () => {
    const where = await whereAmI(realHostFacts);
    if (
      process.platform === 'linux' &&
      existsSync('/.dockerenv') &&
      !process.env.KUBERNETES_SERVICE_HOST &&
      !existsSync('/run/.containerenv')
    ) {
      expect(where).toEqual({ kind: 'container', runtime: 'docker', evidence: '/.dockerenv exists' });
    } else {
      expect(['host', 'container', 'wsl']).toContain(where.kind);
    }
  });
});
