import type { LabServer } from './lab-server.js';

/** How many ports to try before settling for 127.0.0.1 alone. */
const maxAttempts = 10;

/** Errors that mean this machine has no usable ::1, rather than a port already taken. */
const noIpv6 = ['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EINVAL'];

/**
 * Starts `start` on 127.0.0.1 and on ::1 with the same port, so `localhost` reaches it whichever address a
 * client's lookup returns first (macOS and Windows list ::1 too). Without IPv6 it serves 127.0.0.1 alone.
 * `host` in the result is 127.0.0.1; stop() stops both.
 */
export async function startOnBothLoopbacks(
  start: (host: string, port: number) => Promise<LabServer>,
): Promise<LabServer> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const v4 = await start('127.0.0.1', 0);
    try {
      const v6 = await start('::1', v4.port);
      const both = [v4, v6];
      let stopped: Promise<void> | undefined;
      const stop = () => (stopped ??= Promise.all(both.map((server) => server.stop())).then(() => {}));
      return { host: v4.host, port: v4.port, stop };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (noIpv6.includes(code)) return v4;
      await v4.stop();
      // Another process holds this port on ::1: try another one.
      if (code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`no port free on both 127.0.0.1 and ::1 after ${maxAttempts} attempts`);
}
