import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type HelloReply, helloMessage, MAX_REPLY, readHelloReply } from './mongo-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

export type MongoHandshake =
  | /** The reply to `hello`: `ok` with the server's role, or `ok: 0` with its error. */
  { kind: 'hello'; hello: HelloReply; reason: ServerReason; afterMs: number }
  | CutShort;

/** Any id will do on a connection of one request; a fixed one keeps the bytes the same from run to run. */
const REQUEST_ID = 1;

/**
 * Sends MongoDB's `hello` (OP_MSG, no authentication needed) and reads the reply: the server's role
 * (isWritablePrimary, secondary, setName) and wire versions, or its error. A TLS-only server closes a plain
 * connection without a byte, which shows as `closed`. One connection; never throws.
 */
export function mongoHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions = {},
): Promise<MongoHandshake> {
  return converse<MongoHandshake>(
    endpoint,
    budget,
    {
      opening: helloMessage(REQUEST_ID),
      read: (received, afterMs) => {
        const read = readHelloReply(received, REQUEST_ID);
        switch (read.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: read.why };
          case 'reply': {
            const hello = read.reply;
            const reason = hello.ok
              ? serverReason('mongodb', 'ok')
              : serverReason('mongodb', String(hello.code), hello.errmsg ?? '');
            return { kind: 'done', result: { kind: 'hello', hello, reason, afterMs } };
          }
          default:
            return read satisfies never;
        }
      },
    },
    { byteCap: MAX_REPLY, ...options },
  );
}
