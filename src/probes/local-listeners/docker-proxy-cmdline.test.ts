import { describe, expect, it } from 'vitest';
import { parseDockerProxyCmdline } from './docker-proxy-cmdline.js';

// /proc/<pid>/cmdline of docker-proxy as dockerd starts it for `docker run -p 8080:80` (Docker 24–27), and as
// Docker 28 does (it hands over the listening socket: -use-listen-fd). Written from dockerd's source; not captured.
const docker27 = [
  '/usr/bin/docker-proxy',
  '-proto',
  'tcp',
  '-host-ip',
  '0.0.0.0',
  '-host-port',
  '8080',
  '-container-ip',
  '172.17.0.2',
  '-container-port',
  '80',
  '',
].join('\0');
const docker28 = [
  '/usr/bin/docker-proxy',
  '-proto',
  'tcp',
  '-host-ip',
  '::',
  '-host-port',
  '8443',
  '-container-ip',
  'fd00::2',
  '-container-port',
  '443',
  '-use-listen-fd',
  '',
].join('\0');

describe('parseDockerProxyCmdline', () => {
  it('reads the host and container ends of the mapping', () => {
    expect(parseDockerProxyCmdline(docker27)).toEqual({
      proto: 'tcp',
      hostIp: '0.0.0.0',
      hostPort: 8080,
      containerIp: '172.17.0.2',
      containerPort: 80,
    });
    expect(parseDockerProxyCmdline(docker28)).toEqual({
      proto: 'tcp',
      hostIp: '::',
      hostPort: 8443,
      containerIp: 'fd00::2',
      containerPort: 443,
    });
  });

  it('takes Go’s other flag spellings, and a boolean flag between two others', () => {
    const args = [
      'docker-proxy',
      '--host-ip=127.0.0.1',
      '-use-listen-fd',
      '--host-port',
      '5432',
      '-container-ip=172.18.0.3',
      '-container-port',
      '5432',
    ];
    expect(parseDockerProxyCmdline(args.join('\0'))).toEqual({
      proto: 'tcp',
      hostIp: '127.0.0.1',
      hostPort: 5432,
      containerIp: '172.18.0.3',
      containerPort: 5432,
    });
  });

  it('gives null when a part is missing or malformed', () => {
    expect(parseDockerProxyCmdline('')).toBeNull();
    expect(parseDockerProxyCmdline(docker27.replace('\x008080\0', '\x0080800\0'))).toBeNull();
    expect(parseDockerProxyCmdline(docker27.replace('172.17.0.2', 'not-an-ip'))).toBeNull();
    expect(parseDockerProxyCmdline(['docker-proxy', '-host-ip', '0.0.0.0', '-host-port', '80'].join('\0'))).toBeNull();
  });
});
