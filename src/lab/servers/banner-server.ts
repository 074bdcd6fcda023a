import net from 'node:net';
import { listenTracked, type LabServer } from './lab-server.js';

/** The identification line an SSH server sends before anything else (RFC 4253 §4.2). */
export const sshBanner = 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n';

/** What sshd sends a connection beyond its `MaxStartups` before it closes it. */
export const maxStartupsRefusal = 'Exceeded MaxStartups\r\n';

/**
 * Sends `banner` on accept, then reads and waits, as a server of another protocol does; with `thenClose`, closes
 * right after it (sshd's `Exceeded MaxStartups`).
 */
export function startBannerServer(banner: string, thenClose = false): Promise<LabServer> {
  return listenTracked(
    net.createServer((socket) => {
      socket.resume();
      if (thenClose) socket.end(banner);
      else socket.write(banner);
    }),
  );
}
