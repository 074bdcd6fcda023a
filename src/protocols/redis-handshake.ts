import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type Conversation, type ConversationOptions, converse, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { encodeCommand, readReply, replyAnswer, type RespReply } from './redis-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

export interface RedisHandshakeOptions extends ConversationOptions {
  /** An ACL user name (Redis 6+), sent with the password. */
  username?: string;
  /** Sent only when given, and only to test it: `AUTH [username] password` before the PING. */
  password?: string;
}

export type RedisHandshake =
  | /**
   * The server replied. `to` is the deciding reply's place: AUTH's (the first of two) or PING's. An error Redis
   * sends on accept (maxclients, protected mode) takes the first place.
   */
  {
      kind: 'answered';
      to: 'AUTH' | 'PING';
      reply: RespReply;
      reason: ServerReason;
      passwordSent: boolean;
      afterMs: number;
    }
  | CutShort;

/**
 * Sends `PING` (after `AUTH` when a password was given) and reads the server's own answer: `+PONG`, or the error
 * that says why not (`-NOAUTH`, `-DENIED` protected mode, `-ERR max number of clients reached`, `-LOADING`,
 * `-WRONGPASS`). Commands go as RESP arrays. One connection; never throws.
 */
export function redisHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: RedisHandshakeOptions = {},
): Promise<RedisHandshake> {
  return converse(endpoint, budget, redisConversation(options), options);
}

/**
 * The handshake's result without a password, read from what Redis answered service identification's `PING` (a
 * tcp:// target, which carries no credentials): the same command, sent inline rather than as an array, which Redis
 * answers alike, read by the same conversation. Null when the bytes are not one whole reply: the handshake then
 * connects on its own.
 */
export function redisFromIdentification(reply: Uint8Array): RedisHandshake | null {
  const turn = redisConversation({}).read(Buffer.from(reply), 0, { localAddress: null });
  return turn.kind === 'done' ? turn.result : null;
}

/** The client's side of the handshake, what it sends and how it reads the replies, apart from any connection. */
function redisConversation(options: RedisHandshakeOptions): Conversation<RedisHandshake> {
  const { username, password } = options;
  const auth = password === undefined ? [] : [encodeCommand(['AUTH', ...(username ? [username] : []), password])];
  const passwordSent = auth.length > 0;

  const read = (received: Buffer, afterMs: number): Turn<RedisHandshake> => {
    const replies: RespReply[] = [];
    let offset = 0;
    for (;;) {
      const next = readReply(received.subarray(offset));
      if (next.kind === 'invalid') return { kind: 'unexpected', why: next.why };
      if (next.kind === 'incomplete') return { kind: 'more' };
      offset += next.size;
      replies.push(next.reply);
      const reply = next.reply;
      const reason = serverReason('redis', replyAnswer(reply), reply.type === 'error' ? reply.message : '');
      const answered = (to: 'AUTH' | 'PING'): Turn<RedisHandshake> => ({
        kind: 'done',
        result: { kind: 'answered', to, reply, reason, passwordSent, afterMs },
      });
      // The first reply answers AUTH when one was sent: an error there decides, unless it says no password is set.
      if (passwordSent && replies.length === 1 && reply.type === 'error' && reason !== 'ok') return answered('AUTH');
      if (replies.length === 1 + auth.length) return answered('PING');
    }
  };

  return { opening: Buffer.concat([...auth, encodeCommand(['PING'])]), read };
}
