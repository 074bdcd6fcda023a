import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type Conversation, type ConversationOptions, converse, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { loadNodeCrypto } from './node-crypto.js';
import { PasswordAnswerer } from './postgres-password.js';
import {
  type AuthRequest,
  type BackendMessage,
  hbaEncryption,
  readBackendMessage,
  readSslAnswer,
  type ServerMessageFields,
  sslRequest,
  startupMessage,
  terminateMessage,
} from './postgres-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

/** The user a probe names when none was given: a role that should not exist, so it proves nothing but the rules. */
export const PLACEHOLDER_USER = 'conn_doctor';

export interface PostgresHandshakeOptions extends ConversationOptions {
  /** The user to start a session as (default PLACEHOLDER_USER). */
  user?: string;
  /** The database (default: the user's name, as libpq does). */
  database?: string;
  /** Sent only when given, and only to test it: as cleartext, MD5 or SCRAM-SHA-256, as the server asks. */
  password?: string;
  /** As libpq's sslmode: `disable` sends no SSLRequest; `prefer` (default) uses TLS when offered; `require` stops at `N`. */
  tls?: 'disable' | 'prefer' | 'require';
  /** The name sent in TLS's SNI, when the target has one. */
  servername?: string | null;
  /** Called when the server answers the SSLRequest with `S`, before the upgrade starts. */
  onTlsAccepted?: () => void;
}

/** Whether the session ran over TLS: not asked for, refused by the server (`N`), or accepted (`S`). */
export type PostgresTls = 'not-asked' | 'refused' | 'accepted';

/** How the server answered the StartupMessage. */
export type PostgresAnswer =
  | /** An ErrorResponse: the server's refusal, with its SQLSTATE. */
  {
      kind: 'error';
      error: ServerMessageFields;
      /** For a pg_hba rejection (28000): the encryption the message says this connection had. */
      hbaEncryption: 'none' | 'ssl' | 'gss' | null;
      passwordSent: boolean;
    }
  /** The server asks for a credential; the probe stopped there. */
  | {
      kind: 'authentication-request';
      method: Exclude<AuthRequest['kind'], 'ok' | 'sasl-continue' | 'sasl-final'> | 'sasl-step';
      /** SASL mechanisms offered (`SCRAM-SHA-256`). */
      mechanisms: string[];
      /** Why no password was tried: none was given, or this method is not implemented here (GSSAPI, SSPI). */
      passwordUntested: 'not-given' | 'method-not-supported';
    }
  /** AuthenticationOk through ReadyForQuery: a session was open, then ended with Terminate. */
  | { kind: 'ready'; serverVersion: string | null; inHotStandby: boolean | null; passwordSent: boolean };

export type PostgresHandshake =
  | /** The server answered; `reason` maps its answer through the one table. */
  { kind: 'answered'; tls: PostgresTls; answer: PostgresAnswer; reason: ServerReason; afterMs: number }
  /** `tls: 'require'` and the server answered `N`: it has no TLS. */
  | { kind: 'tls-unavailable'; afterMs: number }
  | CutShort;

/**
 * Asks a PostgreSQL server to start a session and reads its own answer: an authentication request (its rules let
 * this client in), a session (AuthenticationOk), or an ErrorResponse with its SQLSTATE (28000 pg_hba, 53300 too
 * many clients, 57P03 not ready, 3D000 no database). One connection; never throws.
 */
export async function postgresHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: PostgresHandshakeOptions = {},
): Promise<PostgresHandshake> {
  // MD5 and SCRAM-SHA-256 hash the password: only a handshake that holds one loads Node's crypto.
  if (options.password !== undefined) await loadNodeCrypto();
  return converse(endpoint, budget, postgresConversation(options), options);
}

/** The client's side of the handshake, what it sends and how it reads each answer, apart from any connection. */
function postgresConversation(options: PostgresHandshakeOptions): Conversation<PostgresHandshake> {
  const user = options.user ?? PLACEHOLDER_USER;
  const database = options.database ?? user;
  const mode = options.tls ?? 'prefer';
  const startup = startupMessage({ user, database, application_name: 'conn-doctor' });
  let tlsUse: PostgresTls = 'not-asked';
  let phase: 'ssl-answer' | 'messages' = mode === 'disable' ? 'messages' : 'ssl-answer';
  const answerer = options.password === undefined ? null : new PasswordAnswerer(user, options.password);
  const passwordSent = () => answerer?.sent ?? false;

  const answered = (answer: PostgresAnswer, reason: ServerReason, afterMs: number): PostgresHandshake => ({
    kind: 'answered',
    tls: tlsUse,
    answer,
    reason,
    afterMs,
  });

  const readSsl = (received: Buffer, afterMs: number): Turn<PostgresHandshake> => {
    const answer = readSslAnswer(received[0]!);
    switch (answer?.kind) {
      case 'tls-accepted':
        tlsUse = 'accepted';
        phase = 'messages';
        options.onTlsAccepted?.();
        return { kind: 'start-tls', consumed: 1, servername: options.servername ?? null, bytes: startup };
      case 'tls-refused':
        tlsUse = 'refused';
        if (mode === 'require') return { kind: 'done', result: { kind: 'tls-unavailable', afterMs } };
        phase = 'messages';
        return { kind: 'send', consumed: 1, bytes: startup };
      case 'error-instead':
        phase = 'messages';
        return readMessages(received, afterMs);
      case undefined:
        return { kind: 'unexpected', why: 'the answer to an SSLRequest is neither S, N nor an error' };
      default:
        return answer satisfies never;
    }
  };

  const readMessages = (received: Buffer, afterMs: number): Turn<PostgresHandshake> => {
    const parameters = new Map<string, string>();
    let offset = 0;
    for (;;) {
      const read = readBackendMessage(received.subarray(offset));
      if (read.kind === 'incomplete') return { kind: 'more' };
      if (read.kind === 'invalid') return { kind: 'unexpected', why: read.why };
      offset += read.size;
      const turn = onMessage(read.message, offset, parameters, afterMs);
      if (turn) return turn;
    }
  };

  /** What one message means; null reads on. */
  const onMessage = (
    message: BackendMessage,
    offset: number,
    parameters: Map<string, string>,
    afterMs: number,
  ): Turn<PostgresHandshake> | null => {
    switch (message.type) {
      case 'error': {
        const { code, message: text } = message.fields;
        const answer: PostgresAnswer = {
          kind: 'error',
          error: message.fields,
          hbaEncryption: code === '28000' ? hbaEncryption(text) : null,
          passwordSent: passwordSent(),
        };
        return { kind: 'done', result: answered(answer, serverReason('postgresql', code, text), afterMs) };
      }
      case 'authentication':
        return onAuthentication(message.request, offset, afterMs);
      case 'parameter':
        parameters.set(message.name, message.value);
        return null;
      case 'ready': {
        const standby = parameters.get('in_hot_standby');
        const answer: PostgresAnswer = {
          kind: 'ready',
          serverVersion: parameters.get('server_version') ?? null,
          inHotStandby: standby === undefined ? null : standby === 'on',
          passwordSent: passwordSent(),
        };
        const result = answered(answer, serverReason('postgresql', 'authentication-ok'), afterMs);
        return { kind: 'done', result, farewell: terminateMessage() };
      }
      case 'notice':
      case 'backend-key':
      case 'other':
        return null;
      default:
        return message satisfies never;
    }
  };

  const onAuthentication = (request: AuthRequest, offset: number, afterMs: number): Turn<PostgresHandshake> | null => {
    if (request.kind === 'ok') return null;
    const step = answerer?.answer(request) ?? { kind: 'cannot' };
    switch (step.kind) {
      case 'send':
        return { kind: 'send', consumed: offset, bytes: step.bytes };
      case 'continue':
        return null;
      case 'refused':
        return { kind: 'unexpected', why: step.why };
      case 'cannot':
        break;
      default:
        return step satisfies never;
    }
    const method = request.kind === 'sasl-continue' || request.kind === 'sasl-final' ? 'sasl-step' : request.kind;
    const answer: PostgresAnswer = {
      kind: 'authentication-request',
      method,
      mechanisms: request.kind === 'sasl' ? request.mechanisms : [],
      passwordUntested: answerer ? 'method-not-supported' : 'not-given',
    };
    return { kind: 'done', result: answered(answer, serverReason('postgresql', 'authentication-request'), afterMs) };
  };

  return {
    opening: mode === 'disable' ? startup : sslRequest(),
    read: (received, afterMs) =>
      phase === 'ssl-answer' ? readSsl(received, afterMs) : readMessages(received, afterMs),
  };
}

/** PostgreSQL's `N` to an SSLRequest: no TLS here, go on in plain text. */
const NO_TLS = Buffer.from('N', 'latin1');

/**
 * What service identification's SSLRequest hello says next when the server answered `N` (a tcp:// target, no
 * credentials): the very StartupMessage the handshake would send for the placeholder user, so that the handshake
 * reads the server's answer from identification's connection (`postgresFromIdentification`) instead of opening
 * one more, for which PostgreSQL would fork one more backend. After `S` it stops: TLS is the handshake's to do.
 */
export const postgresIdentificationFollowUp = {
  after(reply: Uint8Array): Uint8Array | null {
    return reply.length === 1 && reply[0] === NO_TLS[0] ? placeholderStartup() : null;
  },
  complete(continued: Uint8Array): { farewell: Uint8Array | null } | null {
    const replayed = postgresFromIdentification(continued);
    if (!replayed) return null;
    // A session that opened (trust) is ended as the handshake ends one; a refusal was the server's last word.
    return { farewell: replayed.kind === 'answered' && replayed.answer.kind === 'ready' ? terminateMessage() : null };
  },
};

/**
 * The placeholder handshake's result, read from what PostgreSQL answered identification's StartupMessage
 * (`continued`, after its `N`): the same conversation the handshake runs, fed the `N` and then those bytes, so it
 * sends (and expects an answer to) the very message placeholderStartup built. Null when they are not a complete
 * answer (cut short, or over the reader's bound): the handshake then runs on its own connection.
 */
export function postgresFromIdentification(continued: Uint8Array): PostgresHandshake | null {
  const conversation = postgresConversation({ tls: 'prefer' });
  // PostgreSQL's conversation never reads its own address; the socket it came on is gone anyway.
  const link = { localAddress: null };
  if (conversation.read(NO_TLS, 0, link).kind !== 'send') return null;
  const turn = conversation.read(Buffer.from(continued), 0, link);
  return turn.kind === 'done' ? turn.result : null;
}

/** The placeholder's StartupMessage, as the handshake's conversation opens with it when it asks for no TLS. */
function placeholderStartup(): Buffer {
  return Buffer.from(postgresConversation({ tls: 'disable' }).opening);
}
