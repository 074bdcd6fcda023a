import { describe, expect, it } from 'vitest';
import { sshBackend } from './ssh-cmdline.js';

const line = (...args: string[]) => `${args.join('\0')}\0`;

describe('sshBackend', () => {
  it.each([
    [['ssh', '-N', '-L', '8080:127.0.0.1:3000', 'me@127.0.0.1'], '127.0.0.1', 3000],
    [['ssh', '-NfL', '8080:localhost:3000', 'localhost'], 'localhost', 3000],
    [['ssh', '-L127.0.0.1:8080:[::1]:3000', '-p', '2222', 'ssh://me@[::1]:2222'], '::1', 3000],
    [['ssh', '-L', '8080/::1/3000', '-i', '/k', 'root@::1'], '::1', 3000],
    [['ssh', '-o', 'LocalForward=8080 127.0.0.1:3000', '127.0.0.1'], '127.0.0.1', 3000],
  ])('%j reaches its backend from this machine', (args, host, port) => {
    expect(sshBackend(line(...args), 8080)).toMatchObject({ kind: 'address', host, port });
  });

  it.each([
    [['ssh', '-L', '8080:localhost:5432', 'me@db.example'], 'me@db.example'],
    [['ssh', '-L', '8080:localhost:5432', 'myalias'], 'myalias'],
    // Through a jump host, the last hop resolves the backend, wherever the destination's name points.
    [['ssh', '-J', 'bastion', '-L', '8080:localhost:5432', '127.0.0.1'], '127.0.0.1'],
    [['ssh', '-L', '8080:10.0.0.5:5432', '-l', 'me', '203.0.113.7', 'sleep', '1d'], '203.0.113.7'],
  ])('%j forwards to a backend the server at %s sees', (args, via) => {
    expect(sshBackend(line(...args), 8080)).toMatchObject({ kind: 'remote', via, port: 5432 });
  });

  it.each([
    ['no -L', ['ssh', 'me@127.0.0.1']],
    ['a -L on another port', ['ssh', '-L', '9090:127.0.0.1:3000', '127.0.0.1']],
    ['a -L to a UNIX socket', ['ssh', '-L', '8080:/run/app.sock', '127.0.0.1']],
    ['a -R (remote forward)', ['ssh', '-R', '8080:127.0.0.1:3000', '127.0.0.1']],
    ['a port given to -p, not -L', ['ssh', '-p', '8080', '127.0.0.1']],
  ])('says nothing for %s', (_, args) => {
    expect(sshBackend(line(...args), 8080)).toBeNull();
  });
});
