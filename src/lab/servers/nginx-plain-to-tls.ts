import type { KeyAndChain } from '../certs/lab-pki.js';
import type { LabServer } from './lab-server.js';
import { onRequestHead } from './request-head.js';
import { startTlsOrPlain } from './tls-or-plain.js';

/** The line nginx's error page for a plain request on its TLS port (its internal status 497) shows. */
export const nginxPlainHttpMessage = 'The plain HTTP request was sent to HTTPS port';

const crlf = '\r\n';
const page = [
  '<html>',
  `<head><title>400 ${nginxPlainHttpMessage}</title></head>`,
  '<body>',
  '<center><h1>400 Bad Request</h1></center>',
  `<center>${nginxPlainHttpMessage}</center>`,
  '<hr><center>nginx/1.24.0</center>',
  '</body>',
  '</html>',
  '',
].join(crlf);

/**
 * nginx on a `listen … ssl` port: it peeks at the first byte, and anything but a TLS record (0x16) or an
 * SSLv2 hello (high bit set) is read as a plain HTTP request and answered, once its head is in, with a 400.
 */
export function startNginxPlainToTls(identity: KeyAndChain, host?: string, port?: number): Promise<LabServer> {
  return startTlsOrPlain({
    identity,
    host,
    port,
    peekBytes: 1,
    isPlain: (first) => first[0] !== 0x16 && !(first[0]! & 0x80),
    answerPlain: (socket) => {
      onRequestHead(socket, () => {
        const head = [
          'HTTP/1.1 400 Bad Request',
          'Server: nginx/1.24.0',
          `Date: ${new Date().toUTCString()}`,
          'Content-Type: text/html',
          `Content-Length: ${Buffer.byteLength(page)}`,
          'Connection: close',
        ];
        // Keep reading: unread bytes at close would make the kernel send an RST instead of a FIN.
        socket.resume();
        socket.end(head.join(crlf) + crlf + crlf + page);
      });
      socket.resume();
    },
  });
}
