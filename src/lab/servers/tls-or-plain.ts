import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { KeyAndChain } from '../certs/lab-pki.js';
import { listenTracked, type LabServer } from './lab-server.js';
import { answerOk } from './tls-server.js';

/** How a TLS port that is kind to plain clients tells them apart, and what it says to them. */
export interface TlsOrPlainOptions {
  identity: KeyAndChain;
  /** How many first bytes `isPlain` needs to decide. */
  peekBytes: number;
  /** Whether the first bytes are a plain-text request rather than TLS. */
  isPlain(first: Buffer): boolean;
  /** Answers a plain client; its request is unread on `socket` (which is paused) from the first byte. */
  answerPlain(socket: net.Socket): void;
  host?: string;
  port?: number;
}

/**
 * A TLS port that answers a plain-text request in plain text, as nginx and Go's net/http do; every other
 * client gets TLS, then HTTP 200 over it.
 */
export function startTlsOrPlain(options: TlsOrPlainOptions): Promise<LabServer> {
  const secureContext = tls.createSecureContext(options.identity);
  // Never listens: it only speaks HTTP over the TLS sockets handed to it.
  const overTls = http.createServer(answerOk);
  const server = net.createServer((socket) => {
    let seen = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      if (seen.length < options.peekBytes) return;
      socket.off('data', onData);
      socket.pause();
      // Give back what was peeked: the TLS stack and the plain answerer both read from the first byte.
      socket.unshift(seen);
      if (options.isPlain(seen)) {
        options.answerPlain(socket);
        return;
      }
      const secure = new tls.TLSSocket(socket, { isServer: true, secureContext });
      // A failed handshake (a client that refuses our certificate, or speaks neither) just closes.
      secure.on('error', () => secure.destroy());
      overTls.emit('connection', secure);
    };
    socket.on('data', onData);
  });
  return listenTracked(server, options.host, options.port);
}
