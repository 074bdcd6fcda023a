import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type ServerReason, serverReason } from './server-reasons.js';
import { QUIT, readSmtpReply } from './smtp-wire.js';

export type SmtpHandshake =
  | /** The greeting: 220 ready, or the refusal a server sends instead (421 busy or closing, 554/550 refused). */
  { kind: 'greeting'; code: number; lines: string[]; reason: ServerReason; afterMs: number }
  | CutShort;

/**
 * Connects to an SMTP server, reads its greeting (one line or several), then says QUIT and waits briefly for the
 * close. One connection; never throws.
 */
export function smtpHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions = {},
): Promise<SmtpHandshake> {
  return converse<SmtpHandshake>(
    endpoint,
    budget,
    {
      opening: new Uint8Array(0),
      read: (received, afterMs) => {
        const read = readSmtpReply(received);
        switch (read.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: read.why };
          case 'reply': {
            const { code, lines } = read;
            const reason = serverReason('smtp', String(code), lines.join('\n'));
            return { kind: 'done', result: { kind: 'greeting', code, lines, reason, afterMs }, farewell: QUIT };
          }
          default:
            return read satisfies never;
        }
      },
    },
    options,
  );
}
