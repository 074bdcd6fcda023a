import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type MysqlError, type MysqlGreeting, readFirstPacket } from './mysql-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

export type MysqlHandshake =
  | /** The initial handshake: the server lets this client go on to log in. */
  { kind: 'greeting'; greeting: MysqlGreeting; reason: ServerReason; afterMs: number }
  /** The ERR packet sent instead of the handshake: the server's refusal before any login. */
  | { kind: 'error'; error: MysqlError; reason: ServerReason; afterMs: number }
  | CutShort;

/**
 * Connects to a MySQL or MariaDB server and reads its first packet, sending nothing: the greeting (version, TLS
 * capability, authentication plugin) or the error sent instead. Then it closes; the server logs an aborted,
 * unauthenticated connection, as for any port check. One connection; never throws.
 */
export function mysqlHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions = {},
): Promise<MysqlHandshake> {
  return converse<MysqlHandshake>(
    endpoint,
    budget,
    {
      opening: new Uint8Array(0),
      read: (received, afterMs) => {
        const packet = readFirstPacket(received);
        switch (packet.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: packet.why };
          case 'greeting':
            return {
              kind: 'done',
              result: {
                kind: 'greeting',
                greeting: packet.greeting,
                reason: serverReason('mysql', 'handshake'),
                afterMs,
              },
            };
          case 'error': {
            const { code, message } = packet.error;
            const reason = serverReason('mysql', String(code), message);
            return { kind: 'done', result: { kind: 'error', error: packet.error, reason, afterMs } };
          }
          default:
            return packet satisfies never;
        }
      },
    },
    options,
  );
}
