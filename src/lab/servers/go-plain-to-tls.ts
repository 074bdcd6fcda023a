import type { KeyAndChain } from '../certs/lab-pki.js';
import type { LabServer } from './lab-server.js';
import { startTlsOrPlain } from './tls-or-plain.js';

/** Go's net/http answer, word for word, when a TLS port's first record header looks like HTTP. */
export const goPlainHttpAnswer = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

/** The five-byte record headers Go reads as HTTP (net/http's tlsRecordHeaderLooksLikeHTTP). */
const httpLike = ['GET /', 'HEAD ', 'POST ', 'PUT /', 'OPTIO'];

/**
 * A Go https server: it reads a TLS record header (5 bytes); if it looks like HTTP, it writes its 400
 * at once and closes, without waiting for the rest of the request. Anything else goes to TLS.
 */
export function startGoPlainToTls(identity: KeyAndChain, host?: string, port?: number): Promise<LabServer> {
  return startTlsOrPlain({
    identity,
    host,
    port,
    peekBytes: 5,
    isPlain: (first) => httpLike.includes(first.subarray(0, 5).toString('latin1')),
    answerPlain: (socket) => {
      // Go's TLS layer has already read the request off the socket; read it here too, so closing sends a FIN.
      socket.resume();
      socket.end(goPlainHttpAnswer);
    },
  });
}
