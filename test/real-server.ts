import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';

/**
 * Real server software from Debian's packages, started by a test in the foreground, with its own config and
 * data in a temp dir, on loopback, and stopped by pid (never systemctl, never the machine's own service
 * config). `../shared/notes/real-servers.md` says how each one starts here.
 */
export interface RealServer {
  /** The folder holding this instance's config, data and logs; removed by `stop()`. */
  readonly dir: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  /** What the server wrote to stdout and stderr so far (bounded), for a failing test's message. */
  output(): string;
  /** Sends SIGTERM, then SIGKILL if it has not exited within 5 s, and removes its folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Path of the binary, as found by `findProgram`. */
  command: string;
  args: readonly string[];
  /** Where it must accept a TCP connection before the test goes on. */
  host?: string;
  port: number;
  /** The instance's folder: made by `makeServerDir` beforehand when the config must be written first. */
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this system user (`runuser -u`), for servers that refuse root (PostgreSQL). */
  user?: string;
  readyTimeoutMs?: number;
}

const outputLimit = 64 * 1024;

/** The first candidate path or PATH name that runs, or null when none is installed. */
export function findProgram(...candidates: string[]): string | null {
  for (const candidate of candidates) {
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', candidate], { encoding: 'utf8', timeout: 5000 });
    const path = found.stdout.trim();
    if (found.status === 0 && path) return path;
  }
  return null;
}

/** A fresh folder for one server instance, readable by other users (servers that drop root read it too). */
export function makeServerDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `conn-doctor-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** A TCP port on `host` that nothing listens on at the moment of asking. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = REAL_SERVER_PORTS.first + Math.floor(Math.random() * REAL_SERVER_PORTS.count);
    if (await bindsThenCloses(host, port)) return port;
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Where a real server's port is picked: below Linux's ephemeral range (32768–60999), so that no client socket of a
 * test running alongside takes the number as its own local port before the server binds it (RabbitMQ once failed
 * with eaddrinuse in CI so), and above the lab's closed ports (20000–29999, src/lab/servers/closed-port.ts), which
 * must stay closed.
 */
const REAL_SERVER_PORTS = { first: 30000, count: 2768 };

function bindsThenCloses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port }, () => server.close(() => resolve(true)));
  });
}

/**
 * `describe` for tests that need a program: where it is missing they are skipped with a visible line, except
 * under `CI=true`, where a failing test says what `.ci/run` should have installed.
 */
export function describeWithProgram(
  title: string,
  program: string | null,
  packageName: string,
  body: (program: string) => void,
): void {
  if (program) {
    describe(title, () => body(program));
    return;
  }
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`needs ${packageName}`, () => {
        throw new Error(`${packageName} is not installed: .ci/run installs it, and CI must run these tests`);
      });
    });
    return;
  }
  console.warn(`skipped "${title}": ${packageName} is not installed (apt-get install ${packageName})`);
  describe.skip(title, () => body(''));
}

/** Starts the server and resolves once it accepts a TCP connection on host:port; rejects with its output if it exits first. */
export async function startRealServer(options: StartOptions): Promise<RealServer> {
  const host = options.host ?? '127.0.0.1';
  const [file, args] = options.user
    ? ['runuser', ['-u', options.user, '--', options.command, ...options.args]]
    : [options.command, [...options.args]];
  const child = spawn(file, args, {
    cwd: options.dir,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < outputLimit) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    await stopChild(child, exited);
    rmSync(options.dir, { recursive: true, force: true });
  };
  try {
    await waitUntilAccepting(host, options.port, options.readyTimeoutMs ?? 15_000, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { dir: options.dir, pid: child.pid ?? -1, host, port: options.port, output: () => output, stop };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killLater = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killLater);
}

async function waitUntilAccepting(
  host: string,
  port: number,
  timeoutMs: number,
  exited: Promise<void>,
  output: () => string,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the server exited before it accepted on ${host}:${port}:\n${output()}`);
    if (await accepts(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the server did not accept on ${host}:${port} within ${timeoutMs} ms:\n${output()}`);
}

/** Whether host:port accepts one TCP connection (within 1 s). */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
