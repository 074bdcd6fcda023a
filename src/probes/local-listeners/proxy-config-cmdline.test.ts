import { describe, expect, it } from 'vitest';
import { proxyConfig } from './proxy-config-cmdline.js';

describe('proxyConfig', () => {
  it('reads the files from an nginx master process, which rewrites its arguments into one line', () => {
    const cmdline = 'nginx: master process nginx -p /srv/ng -e /srv/ng/error.log -c conf/nginx.conf\0';
    expect(proxyConfig('nginx', cmdline)).toEqual({
      kind: 'config',
      files: ['/srv/ng/conf/nginx.conf'],
      errorLog: '/srv/ng/error.log',
    });
  });

  it("names Debian's default file when nginx was started without -c, and knows nothing from a worker", () => {
    expect(proxyConfig('nginx', 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;\0')).toEqual({
      kind: 'config',
      files: ['/etc/nginx/nginx.conf'],
      errorLog: null,
    });
    expect(proxyConfig('nginx', 'nginx: worker process\0\0\0')).toBeNull();
  });

  it("reads HAProxy's -f, which may repeat", () => {
    const cmdline = [
      '/usr/sbin/haproxy',
      '-Ws',
      '-f',
      '/etc/haproxy/haproxy.cfg',
      '-f/etc/haproxy/conf.d',
      '-p',
      '/run/haproxy.pid',
      '',
    ].join('\0');
    expect(proxyConfig('haproxy', cmdline)).toEqual({
      kind: 'config',
      files: ['/etc/haproxy/haproxy.cfg', '/etc/haproxy/conf.d'],
      errorLog: null,
    });
    expect(proxyConfig('haproxy', 'haproxy\0-v\0')).toBeNull();
  });
});
