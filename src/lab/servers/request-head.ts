import type net from 'node:net';

/** Enough for any request head a lab client sends; past this we stop waiting for the blank line. */
const maxHeadBytes = 16 * 1024;

/** Calls `done` once, when the client's request head (up to the blank line) has arrived, or `maxHeadBytes` have. */
export function onRequestHead(socket: net.Socket, done: () => void): void {
  let seen = '';
  const onData = (chunk: Buffer) => {
    seen += chunk.toString('latin1');
    if (!seen.includes('\r\n\r\n') && seen.length < maxHeadBytes) return;
    socket.off('data', onData);
    done();
  };
  socket.on('data', onData);
}
