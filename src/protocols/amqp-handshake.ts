import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type ConnectionStart, PROTOCOL_HEADER, readAmqpAnswer } from './amqp-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

export type AmqpHandshake =
  | /** Connection.Start: the broker speaks 0-9-1 and offers these mechanisms for a login. */
  { kind: 'connection-start'; start: ConnectionStart; reason: ServerReason; afterMs: number }
  /** Connection.Close instead: the broker's refusal, with its reply code. */
  | { kind: 'connection-close'; code: number; text: string; reason: ServerReason; afterMs: number }
  /** The broker's own protocol header: it speaks another version (`0-1-0-10` for AMQP 0-10, `3-1-0-0` for 1.0). */
  | { kind: 'protocol-header'; version: string; reason: ServerReason; afterMs: number }
  | CutShort;

/**
 * Sends AMQP 0-9-1's protocol header and reads the broker's answer: Connection.Start (product, version, mechanisms),
 * or its own header when it speaks another version. It logs in to nothing and then closes. One connection; never throws.
 */
export function amqpHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions = {},
): Promise<AmqpHandshake> {
  return converse<AmqpHandshake>(
    endpoint,
    budget,
    {
      opening: PROTOCOL_HEADER,
      read: (received, afterMs) => {
        const read = readAmqpAnswer(received);
        switch (read.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: read.why };
          case 'connection-start': {
            const reason = serverReason('amqp', 'connection-start');
            return { kind: 'done', result: { kind: 'connection-start', start: read.start, reason, afterMs } };
          }
          case 'connection-close': {
            const { code, text } = read;
            const reason = serverReason('amqp', `close-${code}`, text);
            return { kind: 'done', result: { kind: 'connection-close', code, text, reason, afterMs } };
          }
          case 'protocol-header': {
            const reason = serverReason('amqp', 'protocol-header');
            return { kind: 'done', result: { kind: 'protocol-header', version: read.version, reason, afterMs } };
          }
          default:
            return read satisfies never;
        }
      },
    },
    options,
  );
}
