import { describe, expect, it } from 'vitest';
import { classifyForwarder } from './known-forwarders.js';

describe('classifyForwarder', () => {
  it.each([
    ['docker-proxy', 'docker-proxy'],
    ['ssh', 'ssh'],
    ['sshd', 'ssh'],
    ['kubectl', 'kubectl'],
    ['kubectl.exe', 'kubectl'],
    ['socat', 'socat'],
    ['nginx', 'reverse-proxy'],
    ['haproxy', 'reverse-proxy'],
    ['envoy', 'reverse-proxy'],
    ['traefik', 'reverse-proxy'],
    ['Caddy', 'reverse-proxy'],
    ['rootlesskit', 'container-runtime'],
    ['slirp4netns', 'container-runtime'],
    ['gvproxy', 'container-runtime'],
    ['vpnkit', 'container-runtime'],
    ['com.docker.backend.exe', 'container-runtime'],
    ['wslrelay.exe', 'container-runtime'],
  ])('%s is a %s', (name, kind) => {
    expect(classifyForwarder(name)?.kind).toBe(kind);
  });

  it('says what only the name tells: an ssh may or may not forward', () => {
    expect(classifyForwarder('ssh')).toEqual({ kind: 'ssh', name: 'ssh (possibly -L)' });
    expect(classifyForwarder('kubectl')?.name).toBe('kubectl (port-forward)');
    expect(classifyForwarder('docker-proxy')).toEqual({ kind: 'docker-proxy', name: 'docker-proxy', mapping: null });
  });

  it('knows a name the kernel cut to 15 bytes', () => {
    expect(classifyForwarder('com.docker.back')?.kind).toBe('container-runtime');
  });

  it('knows nothing of other processes, nor of names that are properties of every object', () => {
    for (const name of ['node', 'postgres', 'sshfs', 'constructor', '__proto__', 'toString', '', 'docker']) {
      expect(classifyForwarder(name), name).toBeNull();
    }
  });
});
