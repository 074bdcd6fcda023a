import tls from 'node:tls';
import type { SocketFactory } from '../../probes/budgeted-socket.js';
import { contextFor } from '../../probes/tls-handshake.js';
import type { Facts } from '../../tree/facts.js';
import { serverNameOf } from './tls-step.js';
import { trustStoreFor } from './trust.js';

/**
 * For https, the request goes over TLS with the same trust as the handshake step. The certificate was judged
 * there already (this step runs only after a trusted handshake), so this connection does not refuse it again.
 */
export async function tlsSockets(facts: Facts): Promise<SocketFactory> {
  const { ca } = await trustStoreFor(facts.caFile);
  const servername = serverNameOf(facts) ?? undefined;
  return ({ address, port }) =>
    tls.connect({
      host: address,
      port,
      servername,
      secureContext: contextFor(ca),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
}
