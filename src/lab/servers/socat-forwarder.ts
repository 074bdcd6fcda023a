import { spawn } from 'node:child_process';
import net from 'node:net';
import { findPortToListenOn } from './closed-port.js';
import type { LabServer } from './lab-server.js';

/** Fresh ports to try: socat fails to bind only when another process took the port since it was found free. */
const maxAttempts = 5;
/** socat binds within milliseconds of starting; this only bounds a machine that is very slow. */
const readyWithinMs = 3000;
const pollEveryMs = 25;
/** socat exits at once on SIGTERM; SIGKILL is for one that hangs. */
const killAfterMs = 1000;
/** socat logs a line per refused backend connect; only the first lines are kept, to explain a failed start. */
const maxStderrChars = 2000;

/**
 * The real `socat` forwarding 127.0.0.1:<free port> to 127.0.0.1:<backendPort>, one forked child per connection:
 * a forwarder as the `forwarder-backend-down` verdict knows it (conn-doctor finds the `socat` process owning
 * the port). Rejects with "socat is not installed" when there is no `socat` on PATH.
 *
 * What a client sees when the backend refuses (socat 1.7.4, Linux, checked with plain sockets and strace):
 * the connect succeeds, socat's child gets ECONNREFUSED from the backend, calls shutdown(SHUT_RDWR) on the
 * client's socket and exits. So the client gets a clean FIN with no byte (not an RST), within a few ms,
 * whether or not it sent its request; only a later write meets an RST (EPIPE / ECONNRESET).
 *
 * stop() ends socat's listener, so the port refuses again. A connection still open through a live backend
 * keeps its forked child until either end closes it; with the backend down, children live for milliseconds.
 */
export async function startSocatForwarder(backendPort: number): Promise<LabServer> {
  let lastFailure = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const port = await findPortToListenOn();
    const socat = launch(port, backendPort);
    const ready = await untilAccepting(socat, port);
    if (ready === 'accepting') return { host: '127.0.0.1', port, stop: socat.stop };
    await socat.stop();
    if (ready === 'not-installed') throw new Error('socat is not installed: no `socat` program on PATH');
    lastFailure = ready.failure;
  }
  throw new Error(`socat could not listen after ${maxAttempts} attempts: ${lastFailure}`);
}

/** Why a spawned socat ended: it was never found, or it exited (stderr says why). */
type Ended = { kind: 'not-found' } | { kind: 'exited'; how: string };

interface SocatProcess {
  /** Set once the process is gone, or was never started. */
  ended(): Ended | undefined;
  whenEnded: Promise<Ended>;
  stderr(): string;
  /** SIGTERM, SIGKILL after `killAfterMs`, and resolves once it has exited; idempotent. */
  stop(): Promise<void>;
}

function launch(port: number, backendPort: number): SocatProcess {
  const child = spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `TCP:127.0.0.1:${backendPort}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  // Always drained: a full pipe would block socat on its next log line.
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < maxStderrChars) stderr += chunk.toString('utf8').slice(0, maxStderrChars - stderr.length);
  });
  // A lab whose process exits without stop() (a crashed test) must not leave socat listening.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  let ended: Ended | undefined;
  const whenEnded = new Promise<Ended>((resolve) => {
    const end = (how: Ended) => {
      ended ??= how;
      process.off('exit', killOnExit);
      resolve(ended);
    };
    // Kept for the child's whole life: an unheard 'error' (a failed kill) would crash the lab.
    child.on('error', (error: NodeJS.ErrnoException) => {
      // Only a failed spawn (no pid) means there is no process to wait for.
      if (child.pid === undefined)
        end(error.code === 'ENOENT' ? { kind: 'not-found' } : { kind: 'exited', how: error.message });
    });
    child.once('exit', (code, signal) => end({ kind: 'exited', how: `exit ${signal ?? code}` }));
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (ended) return;
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      await whenEnded;
      clearTimeout(hard);
    })();
    return stopped;
  };
  return { ended: () => ended, whenEnded, stderr: () => stderr.trim(), stop };
}

/**
 * Polls until the port accepts while socat still runs. A port another process took in the instant since it was
 * found free would accept too, but socat then exits at once (bind fails), which a later attempt catches.
 */
async function untilAccepting(
  socat: SocatProcess,
  port: number,
): Promise<'accepting' | 'not-installed' | { failure: string }> {
  const deadline = performance.now() + readyWithinMs;
  while (performance.now() < deadline) {
    const ended = socat.ended();
    if (ended) return ended.kind === 'not-found' ? 'not-installed' : { failure: `${ended.how}: ${socat.stderr()}` };
    if ((await accepts(port)) && !socat.ended()) return 'accepting';
    await Promise.race([socat.whenEnded, new Promise((done) => setTimeout(done, pollEveryMs))]);
  }
  return { failure: `127.0.0.1:${port} did not accept within ${readyWithinMs} ms` };
}

/** Whether a connect to 127.0.0.1:port succeeds; the socket is closed again at once. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 500);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
