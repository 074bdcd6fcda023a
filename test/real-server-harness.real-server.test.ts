import { existsSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeWithProgram, findProgram, freePort, makeServerDir, startRealServer } from './real-server.js';

describeWithProgram('the real-server harness (socat as the server)', findProgram('socat'), 'socat', (socat) => {
  it('resolves once the server accepts, and stop() ends it by pid and removes its folder', async () => {
    const port = await freePort();
    const dir = makeServerDir('socat');
    const server = await startRealServer({
      command: socat,
      args: [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, 'SYSTEM:echo hello'],
      port,
      dir,
    });
    const greeting = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('data', (chunk) => {
        socket.destroy();
        resolve(chunk.toString());
      });
    });
    expect(greeting).toBe('hello\n');
    await server.stop();
    expect(existsSync(dir)).toBe(false);
    expect(() => process.kill(server.pid, 0)).toThrow();
  });

  it('rejects with what the server printed when it exits before accepting', async () => {
    const port = await freePort();
    await expect(
      startRealServer({ command: socat, args: ['TCP-LISTEN:not-a-port'], port, dir: makeServerDir('socat') }),
    ).rejects.toThrow(/exited before it accepted[\s\S]*socat/);
  });
});

describe('findProgram', () => {
  it('finds a program on PATH and returns null for one that is not there', () => {
    expect(findProgram('no-such-program-conn-doctor', 'sh')).toMatch(/\/sh$/);
    expect(findProgram('no-such-program-conn-doctor')).toBeNull();
  });
});
