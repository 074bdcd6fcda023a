import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findClosedPort } from './servers/closed-port.js';
import type { LabServer } from './servers/lab-server.js';
import { startSocatForwarder } from './servers/socat-forwarder.js';
import { connectOutcome, useStartedServers } from './servers/started-servers.test-helper.js';

// The forwarder runs the real socat. Where it is missing these tests are skipped, except in CI, which installs it.
const hasSocat = !spawnSync('socat', ['-V'], { stdio: 'ignore', timeout: 5000 }).error;
beforeAll(() => {
  if (!hasSocat && process.env.CI)
    throw new Error('socat is missing: .ci/run installs it, and CI must run these tests');
});

const request = 'GET / HTTP/1.1\r\nHost: lab\r\n\r\n';

const use = useStartedServers();

/** What a plain client saw: the bytes, how it ended, and what a write after the peer's FIN met. */
interface Seen {
  bytes: string;
  ending: 'fin' | 'error' | 'still-open';
  errno?: string;
  lateWrite?: string;
}

/**
 * Connects, sends `send` at once if given, and records until the peer ends or errors, or `waitMs` pass.
 * Half-open, so that after a FIN it can write once more and see what the late write meets.
 */
function talk(port: number, send?: string, waitMs = 2000): Promise<Seen> {
  return new Promise((resolve) => {
    let bytes = '';
    const socket = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true });
    const done = (seen: Omit<Seen, 'bytes'>) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve({ bytes, ...seen });
    };
    const timer = setTimeout(() => done({ ending: 'still-open' }), waitMs);
    socket.on('connect', () => send && socket.write(send));
    socket.on('data', (chunk: Buffer) => (bytes += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => done({ ending: 'error', errno: error.code ?? 'UNKNOWN' }));
    socket.on('end', () => {
      socket.removeAllListeners('error');
      // Two writes: the first is answered by an RST from the closed socket, the second fails on it.
      socket.on('error', (error: NodeJS.ErrnoException) => done({ ending: 'fin', lateWrite: error.code ?? 'UNKNOWN' }));
      socket.write('late\r\n');
      setTimeout(() => socket.write('later\r\n'), 100);
      setTimeout(() => done({ ending: 'fin', lateWrite: 'accepted' }), 1000);
    });
  });
}

/** A backend that answers every chunk with `echo:` and the chunk, to see bytes cross the forwarder. */
function startEchoBackend(): Promise<{ port: number; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => socket.write(`echo:${chunk.toString('latin1')}`));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      const stop = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          for (const socket of sockets) socket.destroy();
        });
      resolve({ port, stop });
    });
  });
}

describe.skipIf(!hasSocat)('socat forwarder (skipped where socat is not installed)', () => {
  it('with its backend down, accepts, then closes cleanly (FIN) with no byte; a late write meets an RST', async () => {
    const forwarder: LabServer = await use(startSocatForwarder(await findClosedPort()));
    expect(forwarder.host).toBe('127.0.0.1');
    for (const send of [undefined, request]) {
      const seen = await talk(forwarder.port, send);
      expect(seen).toMatchObject({ bytes: '', ending: 'fin' });
      expect(['EPIPE', 'ECONNRESET']).toContain(seen.lateWrite);
    }
  });

  it('forwards bytes both ways to a live backend', async () => {
    const backend = await use(startEchoBackend());
    const forwarder = await use(startSocatForwarder(backend.port));
    const seen = await talk(forwarder.port, 'hello', 500);
    expect(seen).toMatchObject({ bytes: 'echo:hello', ending: 'still-open' });
  });

  it('stop() ends socat, so the port refuses; a second stop() is harmless', async () => {
    const forwarder = await use(startSocatForwarder(await findClosedPort()));
    expect(await connectOutcome('127.0.0.1', forwarder.port)).toBe('open');
    await forwarder.stop();
    expect(await connectOutcome('127.0.0.1', forwarder.port)).toBe('ECONNREFUSED');
    await forwarder.stop();
  });
});

describe('socat forwarder where socat is missing', () => {
  it('rejects saying socat is not installed', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'conn-doctor-no-socat-'));
    const path = process.env.PATH;
    // Spawned programs are looked up on this process's PATH: an empty folder hides socat.
    process.env.PATH = emptyDir;
    try {
      await expect(startSocatForwarder(await findClosedPort())).rejects.toThrow('socat is not installed');
    } finally {
      if (path === undefined) delete process.env.PATH;
      else process.env.PATH = path;
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
