import type { ForwarderBackend } from './forwarder-backend.js';

/** kubectl's flags that take a value when it is not attached with `=`. */
const takesValue = new Set([
  '-n',
  '--namespace',
  '--address',
  '--pod-running-timeout',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--as-group',
  '--request-timeout',
  '--cache-dir',
  '-v',
]);

/**
 * The target of a `kubectl port-forward` listening on `port`: `kubectl port-forward [-n ns] svc/web 8080:80`.
 * A spec is `LOCAL:REMOTE`, `:REMOTE` (a random local port) or `PORT` (the same on both ends). Null when the
 * command is not a port-forward, or none of its specs listens on `port`.
 */
export function kubectlBackend(cmdline: string, port: number): ForwarderBackend | null {
  const args = cmdline
    .split('\0')
    .slice(1)
    .filter((arg) => arg !== '');
  const operands: string[] = [];
  let namespace: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, attached] = arg.startsWith('-') ? splitFlag(arg) : [null, null];
    if (flag === null) {
      operands.push(arg);
      continue;
    }
    const value = attached ?? (takesValue.has(flag) ? args[++i] : undefined);
    if ((flag === '-n' || flag === '--namespace') && value !== undefined) namespace = value;
  }
  const at = operands.indexOf('port-forward');
  if (at === -1) return null;
  const [resource, ...specs] = operands.slice(at + 1);
  if (resource === undefined) return null;
  for (const spec of specs) {
    const [local, remote] = spec.includes(':') ? spec.split(':', 2) : [spec, spec];
    if (local === String(port) && remote) return { kind: 'kubernetes', resource, namespace, port: remote };
  }
  return null;
}

/** `--flag=value` → flag and value; `-n` or `--flag` → the flag alone. */
function splitFlag(arg: string): [string, string | null] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, null] : [arg.slice(0, equals), arg.slice(equals + 1)];
}
