import type { IdentifiedProtocol } from './identified-protocol.js';
import { identifyProtocol } from './identify-protocol.js';
import type { IdentifyMethod } from './service-identity.js';

/** A request that a client-first service answers in a recognisable way, and harms nothing. */
export interface RawHello {
  how: Exclude<IdentifyMethod, 'banner' | 'tls-hello'>;
  bytes: Buffer;
  /** Names the protocol from the reply so far, or null. */
  recognise(reply: Uint8Array): IdentifiedProtocol | null;
}

/** PostgreSQL's SSLRequest: length 8, then the code 80877103 (`04 d2 16 2f`). */
const SSL_REQUEST = Buffer.from('0000000804d2162f', 'hex');

/**
 * The plain-text hellos, in the order they are tried (the TLS hello goes before them, as a handshake of its own).
 * HTTP/1.0 without a Host header, because HEAD is answered by any HTTP server and Redis rejects it as a command
 * without dropping the connection (it drops only on `Host:` and `POST`, its guard against cross-protocol attacks).
 */
export const RAW_HELLOS: readonly RawHello[] = [
  { how: 'http-hello', bytes: Buffer.from('HEAD / HTTP/1.0\r\n\r\n', 'latin1'), recognise: identifyProtocol },
  { how: 'redis-ping', bytes: Buffer.from('PING\r\n', 'latin1'), recognise: identifyProtocol },
  {
    how: 'postgres-ssl-request',
    bytes: SSL_REQUEST,
    recognise: (reply) => sslRequestAnswer(reply) ?? identifyProtocol(reply),
  },
];

/**
 * PostgreSQL answers an SSLRequest with one byte and waits: `S` (go on with TLS) or `N` (plain text only). A lone
 * letter proves nothing anywhere else, so only this hello reads it, and only as a whole reply.
 */
function sslRequestAnswer(reply: Uint8Array): IdentifiedProtocol | null {
  if (reply.length !== 1 || (reply[0] !== 0x53 && reply[0] !== 0x4e)) return null;
  const tls = reply[0] === 0x53;
  const evidence = `answered an SSLRequest with ${tls ? "'S' (TLS available)" : "'N' (no TLS)"}`;
  return { id: 'postgresql', name: 'PostgreSQL', evidence };
}
