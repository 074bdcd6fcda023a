import type { ForwarderBackend } from './forwarder-backend.js';
import { kubectlBackend } from './kubectl-cmdline.js';
import type { KnownForwarder } from './known-forwarders.js';
import { proxyConfig } from './proxy-config-cmdline.js';
import { socatBackend } from './socat-cmdline.js';
import { sshBackend } from './ssh-cmdline.js';

/** Whether a forwarder's command line can say where it forwards: worth reading /proc/<pid>/cmdline for. */
export function namesBackendInCmdline(forwarder: KnownForwarder): boolean {
  switch (forwarder.kind) {
    case 'docker-proxy':
    case 'socat':
    case 'kubectl':
    // sshd's line ("sshd: me@pts/0") names no forward; it is read, and says nothing.
    case 'ssh':
      return true;
    case 'reverse-proxy':
      return forwarder.name === 'nginx' || forwarder.name === 'HAProxy';
    case 'container-runtime':
      return false;
    default:
      return forwarder satisfies never;
  }
}

/**
 * Where the forwarder listening on `port` sends its connections, read from its command line (/proc/<pid>/cmdline,
 * NUL-separated); null where the line does not say. docker-proxy's mapping is read by the caller beforehand.
 */
export function backendFromCmdline(forwarder: KnownForwarder, cmdline: string, port: number): ForwarderBackend | null {
  switch (forwarder.kind) {
    case 'docker-proxy': {
      const mapping = forwarder.mapping;
      if (mapping === null || mapping.hostPort !== port) return null;
      const spec = `-container-ip ${mapping.containerIp} -container-port ${mapping.containerPort}`;
      return { kind: 'address', host: mapping.containerIp, port: mapping.containerPort, spec };
    }
    case 'socat':
      return socatBackend(cmdline, port);
    case 'ssh':
      return sshBackend(cmdline, port);
    case 'kubectl':
      return kubectlBackend(cmdline, port);
    case 'reverse-proxy':
      if (forwarder.name === 'nginx') return proxyConfig('nginx', cmdline);
      if (forwarder.name === 'HAProxy') return proxyConfig('haproxy', cmdline);
      return null;
    case 'container-runtime':
      return null;
    default:
      return forwarder satisfies never;
  }
}
