import https from 'node:https';
import type http from 'node:http';
import type tls from 'node:tls';
import type { KeyAndChain } from '../certs/lab-pki.js';
import { listenTracked, type LabServer } from './lab-server.js';

/** How a lab TLS server presents itself and what it demands of clients. */
export interface TlsServerOptions {
  /** The key and chain it sends. */
  identity: KeyAndChain;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** OpenSSL cipher list; TLS 1.0/1.1 need `DEFAULT@SECLEVEL=0` with OpenSSL 3. */
  ciphers?: string;
  /** mTLS: ask for a client certificate, and refuse a client without one issued by this CA (PEM). */
  clientCa?: string;
  host?: string;
  port?: number;
}

/** Answers every request over TLS with 200 and a one-line body, then closes. */
export function startTlsServer(options: TlsServerOptions): Promise<LabServer> {
  const { identity, minVersion, maxVersion, ciphers, clientCa } = options;
  const mtls = clientCa === undefined ? {} : { ca: clientCa, requestCert: true, rejectUnauthorized: true };
  const server = https.createServer({ ...identity, minVersion, maxVersion, ciphers, ...mtls }, answerOk);
  return listenTracked(server, options.host, options.port);
}

/** The lab's healthy HTTP answer, also used behind TLS sockets made by hand. */
export function answerOk(request: http.IncomingMessage, response: http.ServerResponse): void {
  const body = '200 OK\n';
  request.resume();
  response.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body);
}
