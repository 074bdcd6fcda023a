import tls from 'node:tls';
import type { SocketFactory } from '../../probes/budgeted-socket.js';
import { contextFor } from '../../probes/tls-handshake.js';
import { type Facts, serverNameOf } from '../../tree/facts.js';
import { trustStoreFor } from './trust.js';

/**
 * rediss://, amqps://, smtps://: the handshake runs inside TLS, with the trust the TLS step judged already (the
 * same trust store: both are in the lazy steps' bundle). A module of its own, loaded only for these schemes, so
 * that a plain-text handshake loads no TLS code.
 */
export async function protocolTlsConnect(facts: Facts): Promise<SocketFactory> {
  const { ca } = await trustStoreFor(facts.caFile);
  const servername = serverNameOf(facts) ?? undefined;
  return ({ address, port }) =>
    tls.connect({ host: address, port, servername, secureContext: contextFor(ca), rejectUnauthorized: false });
}
