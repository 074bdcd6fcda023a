import { describe, expect, it } from 'vitest';
import { kubectlBackend } from './kubectl-cmdline.js';

const line = (...args: string[]) => `${args.join('\0')}\0`;

describe('kubectlBackend', () => {
  it.each([
    [['kubectl', 'port-forward', 'svc/web', '8080:80'], 'svc/web', null, '80'],
    [['kubectl', '-n', 'shop', 'port-forward', 'pod/web-0', '9000:http', '8080:8443'], 'pod/web-0', 'shop', '8443'],
    [['kubectl', 'port-forward', '--namespace=dev', '--address', '0.0.0.0', 'web-0', '8080'], 'web-0', 'dev', '8080'],
  ])('%j forwards to %s', (args, resource, namespace, port) => {
    expect(kubectlBackend(line(...args), 8080)).toEqual({ kind: 'kubernetes', resource, namespace, port });
  });

  it.each([
    ['another command', ['kubectl', 'proxy', '--port', '8080']],
    ['another local port', ['kubectl', 'port-forward', 'svc/web', '9090:80']],
    ['no resource', ['kubectl', 'port-forward']],
  ])('says nothing for %s', (_, args) => {
    expect(kubectlBackend(line(...args), 8080)).toBeNull();
  });
});
