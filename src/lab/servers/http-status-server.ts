import http from 'node:http';
import { listenTracked, type LabServer } from './lab-server.js';

/** Answers every request with `status` and a one-line body, then closes the connection. */
export function startHttpStatusServer(status: number, host = '127.0.0.1', port = 0): Promise<LabServer> {
  const body = `${status} ${http.STATUS_CODES[status] ?? 'Status'}\n`;
  const server = http.createServer((request, response) => {
    request.resume();
    response.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    });
    response.end(body);
  });
  return listenTracked(server, host, port);
}
