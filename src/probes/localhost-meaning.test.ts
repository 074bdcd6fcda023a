import { describe, expect, it } from 'vitest';
import { localhostMeaning } from './localhost-meaning.js';

describe('localhostMeaning', () => {
  it('tells a docker user how to reach the host and why a 127.0.0.1 server is unreachable', () => {
    const text = localhostMeaning({ kind: 'container', runtime: 'docker', evidence: '/.dockerenv exists' }).join('\n');
    expect(text).toContain("container's own loopback");
    expect(text).toContain('host.docker.internal');
    expect(text).toContain('--add-host=host.docker.internal:host-gateway');
    expect(text).toContain('0.0.0.0');
  });

  it("names podman's host alias and kubernetes services", () => {
    expect(localhostMeaning({ kind: 'container', runtime: 'podman', evidence: '' }).join('\n')).toContain(
      'host.containers.internal',
    );
    expect(localhostMeaning({ kind: 'container', runtime: 'kubernetes', evidence: '' }).join('\n')).toContain(
      'Service name',
    );
  });

  it('gives the Windows host address under WSL 2, and says when it is unknown', () => {
    const known = localhostMeaning({
      kind: 'wsl',
      version: 2,
      distro: 'Ubuntu',
      hostAddress: '172.29.64.1',
      evidence: '',
    }).join('\n');
    expect(known).toContain('WSL 2 (Ubuntu)');
    expect(known).toContain('172.29.64.1');
    expect(known).toContain('networkingMode=mirrored');
    expect(
      localhostMeaning({ kind: 'wsl', version: 2, distro: null, hostAddress: null, evidence: '' }).join('\n'),
    ).toContain('could not be found');
  });

  it('says localhost is shared under WSL 1 and plain on a host', () => {
    expect(localhostMeaning({ kind: 'wsl', version: 1, distro: null, hostAddress: null, evidence: '' })).toEqual([
      'conn-doctor runs in WSL 1, which shares the Windows network stack: localhost is the same on both sides.',
    ]);
    expect(localhostMeaning({ kind: 'host' })[0]).toContain('this machine');
  });
});
