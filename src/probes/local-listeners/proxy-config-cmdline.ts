import { isAbsolute, join } from 'node:path';
import type { ForwarderBackend } from './forwarder-backend.js';

/** Where Debian's packages keep the configuration when the command line names none. */
const nginxDefaultConfig = '/etc/nginx/nginx.conf';

/**
 * The configuration files of a reverse proxy, from its command line: nginx's `-c` (read against `-p`) and `-e`,
 * HAProxy's `-f` (repeatable; a file or a folder). nginx rewrites its own arguments into one line
 * (`nginx: master process nginx -p /srv -c conf/nginx.conf`), so spaces separate them there, as NULs do
 * elsewhere. Null for other programs, or an nginx worker, whose line names nothing.
 */
export function proxyConfig(kind: 'nginx' | 'haproxy', cmdline: string): ForwarderBackend | null {
  const args = kind === 'nginx' ? nginxArgs(cmdline) : cmdline.split('\0').filter((arg) => arg !== '');
  if (args === null) return null;
  const values = (flag: string) =>
    args.flatMap((arg, i) => (arg === flag ? [args[i + 1] ?? ''] : arg.startsWith(flag) ? [arg.slice(2)] : []));
  if (kind === 'haproxy') {
    const files = values('-f').filter((file) => file !== '');
    return files.length > 0 ? { kind: 'config', files, errorLog: null } : null;
  }
  const prefix = values('-p').at(-1);
  const config = values('-c').at(-1) ?? nginxDefaultConfig;
  const file = prefix && !isAbsolute(config) ? join(prefix, config) : config;
  return { kind: 'config', files: [file], errorLog: values('-e').at(-1) ?? null };
}

/** The arguments of nginx's master process; null for a worker (`nginx: worker process`). */
function nginxArgs(cmdline: string): string[] | null {
  const line = cmdline.replaceAll('\0', ' ').trim();
  const master = /^nginx: master process (.*)$/.exec(line);
  if (master) return master[1]!.split(/\s+/).slice(1);
  if (line.startsWith('nginx:')) return null;
  return cmdline
    .split('\0')
    .filter((arg) => arg !== '')
    .slice(1);
}
