import net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { tapStream } from './tapped-stream.js';

/** What a plain-text port answers a ClientHello with: the reply OpenSSL calls a wrong version number. */
const PLAIN_REPLY = Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n');
/** Should Node ever stay silent in here, a probe must not wait on its warm-up. */
const BACKSTOP_MS = 100;

let warmedUp: Promise<void> | undefined;

/**
 * The first TLS connection in a process pays Node's one-time set-up (measured: 10–15 ms from 'connect' to the
 * ClientHello leaving, against ~0.7 ms once warm), which would be read as handshake time. This runs the same path
 * in memory, with no traffic at all: a client over our byte tap over a stream that answers the ClientHello with
 * plain bytes, so building the socket, the hello going out through the tap, the reply coming back through it and
 * the failure on it are all code that has run once. Once per process: every caller gets the same promise, which
 * always resolves.
 */
export function warmUpTls(): Promise<void> {
  warmedUp ??= new Promise((resolve) => {
    // Node checks the SNI name with `net.isIP` inside `tls.connect`; its patterns compile on first use.
    net.isIP('localhost');
    net.isIP('::1');
    let client: tls.TLSSocket | undefined;
    const backstop = setTimeout(() => done(), BACKSTOP_MS);
    const done = () => {
      clearTimeout(backstop);
      client?.destroy();
      resolve();
    };
    const peer = new Duplex({
      read: () => {},
      write: (_chunk, _encoding, written) => {
        written();
        peer.push(PLAIN_REPLY);
      },
    });
    try {
      client = tls.connect({
        socket: tapStream(peer, PLAIN_REPLY.length).stream,
        // A context of its own with no roots: no certificate ever comes to verify, and no probe's context is touched.
        secureContext: tls.createSecureContext({ ca: [] }),
        servername: 'warm-up.invalid',
        ALPNProtocols: ['h2', 'http/1.1'],
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
    } catch {
      return done();
    }
    client.on('session', () => {});
    client.on('error', done);
    client.once('secureConnect', done);
    client.once('close', done);
  });
  return warmedUp;
}
