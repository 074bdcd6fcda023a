import net from 'node:net';
import { startHttpStatusServer } from './http-status-server.js';
import type { LabServer } from './lab-server.js';

/** How many ports to try before giving up: another process must take the other family's port each time. */
const maxAttempts = 10;

const loopback = { 4: '127.0.0.1', 6: '::1' } as const;

/**
 * An HTTP 200 server on one loopback family only, on a port that is free on the other family too,
 * so a client reaching the other family's loopback is refused (the `localhost` → ::1 vs 127.0.0.1 fault).
 */
export async function startSingleFamilyListener(family: 4 | 6): Promise<LabServer> {
  const other = loopback[family === 4 ? 6 : 4];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const server = await startHttpStatusServer(200, loopback[family]);
    if (await isFree(other, server.port)) return server;
    await server.stop();
  }
  throw new Error(`no port free on both 127.0.0.1 and ::1 after ${maxAttempts} attempts`);
}

/** Whether `port` can be bound on `host`; the probe listener is closed again before this resolves. */
function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port }, () => probe.close(() => resolve(true)));
  });
}
