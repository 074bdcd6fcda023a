import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type ConnectionStart, PROTOCOL_HEADER, readAmqpAnswer } from './amqp-wire.js';
import { close, closeOk, MAX_SHORT_STRING, open, readLoginFrame, startOk, tuneOk } from './amqp-login-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

const NOTHING = new Uint8Array(0);

/**
 * Why a login the URL asks for was not tried: the broker offers no PLAIN (the one mechanism sent here), or the vhost
 * is longer than a short string holds (255 bytes), so Connection.Open could not name it.
 */
export type LoginSkipped = 'no-plain' | 'vhost-too-long';

/** Where the login had got to when the broker answered: after Start-Ok (the credentials) or after Open (the vhost). */
export type LoginStage = 'start-ok' | 'open';

export type AmqpHandshake =
  | /**
   * Connection.Start: the broker speaks 0-9-1 and offers these mechanisms for a login. `loginSkipped` says why no
   * login followed when the URL had a password; absent when the URL had none.
   */
  {
      kind: 'connection-start';
      start: ConnectionStart;
      loginSkipped?: LoginSkipped;
      reason: ServerReason;
      afterMs: number;
    }
  /** Connection.Close instead: the broker's refusal, with its reply code. */
  | { kind: 'connection-close'; code: number; text: string; reason: ServerReason; afterMs: number }
  /** The broker's own protocol header: it speaks another version (`0-1-0-10` for AMQP 0-10, `3-1-0-0` for 1.0). */
  | { kind: 'protocol-header'; version: string; reason: ServerReason; afterMs: number }
  /** Connection.Open-Ok: the password from the URL was accepted and the vhost opened. */
  | { kind: 'logged-in'; start: ConnectionStart; vhost: string; reason: ServerReason; afterMs: number }
  /** Connection.Close during the login: the broker refused the credentials (403) or the vhost (530). */
  | {
      kind: 'login-refused';
      start: ConnectionStart;
      stage: LoginStage;
      vhost: string;
      code: number;
      text: string;
      reason: ServerReason;
      afterMs: number;
    }
  /**
   * The broker closed or reset the connection after Start-Ok without a Close: AMQP 0-9-1's own way to refuse a login
   * (a broker that ignores `authentication_failure_close`).
   */
  | { kind: 'login-closed'; start: ConnectionStart; how: 'closed' | 'reset'; reason: ServerReason; afterMs: number }
  /**
   * The credentials went out, then the broker went silent until the deadline, or ended the connection later in the
   * login (after Tune) without a Connection.Close: the password was sent, and no answer to it came.
   */
  | {
      kind: 'login-unanswered';
      start: ConnectionStart;
      stage: LoginStage;
      how: 'closed' | 'reset' | 'no-answer';
      reason: ServerReason;
      afterMs: number;
    }
  | CutShort;

/** The login to try after Connection.Start: only when the URL holds a user and a password, and only to test them. */
export interface AmqpLogin {
  user: string;
  password: string;
  /** The vhost to open: the URL's path, decoded; `/` when it names none. */
  vhost: string;
}

/**
 * Sends AMQP 0-9-1's protocol header and reads the broker's answer: Connection.Start (product, version, mechanisms),
 * or its own header when it speaks another version. Without `login` it logs in to nothing and then closes. With one,
 * it goes on as a client does (§4.2.2 and §4.10.2): Start-Ok with SASL PLAIN, Tune-Ok echoing the broker's limits,
 * Open for the vhost, and reads Open-Ok or the broker's Close; then it closes politely (Close, or Close-Ok to the
 * broker's Close). One connection; never throws; the password is in no result.
 */
export function amqpHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ConversationOptions & { login?: AmqpLogin } = {},
): Promise<AmqpHandshake> {
  const { login, ...conversation } = options;
  /** Set once Start-Ok is sent: what the broker said at the start, and how far the login got. */
  let session: { start: ConnectionStart; stage: LoginStage; vhost: string } | null = null;

  const first = (received: Buffer, afterMs: number): Turn<AmqpHandshake> => {
    const read = readAmqpAnswer(received);
    switch (read.kind) {
      case 'incomplete':
        return { kind: 'more' };
      case 'invalid':
        return { kind: 'unexpected', why: read.why };
      case 'connection-start': {
        const reason = serverReason('amqp', 'connection-start');
        const { start } = read;
        const loginSkipped = login ? whyNoLogin(start, login) : null;
        if (!login || loginSkipped) {
          const result: AmqpHandshake = { kind: 'connection-start', start, reason, afterMs };
          return { kind: 'done', result: loginSkipped ? { ...result, loginSkipped } : result };
        }
        session = { start, stage: 'start-ok', vhost: login.vhost };
        // The broker's first locale: Start lists what it speaks, and Start-Ok must name one of them (§ connection.start-ok).
        const locale = start.locales[0] ?? 'en_US';
        // The Start frame only: its 7-byte header, payload and frame-end octet.
        const consumed = 8 + received.readUInt32BE(3);
        return { kind: 'send', consumed, bytes: startOk(login.user, login.password, locale) };
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
  };

  const next = (
    current: { start: ConnectionStart; stage: LoginStage; vhost: string },
    received: Buffer,
    afterMs: number,
  ): Turn<AmqpHandshake> => {
    // Heartbeat frames carry nothing and may come between any two methods: step over them.
    let skipped = 0;
    let read = readLoginFrame(received);
    while (read.kind === 'heartbeat') {
      skipped += read.consumed;
      read = readLoginFrame(received.subarray(skipped));
    }
    if (read.kind === 'incomplete')
      return skipped > 0 ? { kind: 'send', consumed: skipped, bytes: NOTHING } : { kind: 'more' };
    if (read.kind === 'invalid') return { kind: 'unexpected', why: read.why };
    const { method } = read;
    const consumed = skipped + read.consumed;
    const { start, stage, vhost } = current;
    switch (method.name) {
      case 'tune':
        if (stage !== 'start-ok') return { kind: 'unexpected', why: 'a second Connection.Tune' };
        current.stage = 'open';
        return { kind: 'send', consumed, bytes: Buffer.concat([tuneOk(method.tune), open(vhost)]) };
      case 'open-ok': {
        if (stage !== 'open') return { kind: 'unexpected', why: 'Connection.Open-Ok before Connection.Tune' };
        const result: AmqpHandshake = {
          kind: 'logged-in',
          start,
          vhost,
          reason: serverReason('amqp', 'open-ok'),
          afterMs,
        };
        return { kind: 'done', result, farewell: close() };
      }
      case 'close': {
        const { code, text } = method;
        const reason = serverReason('amqp', `close-${code}`, text);
        const result: AmqpHandshake = { kind: 'login-refused', start, stage, vhost, code, text, reason, afterMs };
        return { kind: 'done', result, farewell: closeOk() };
      }
      case 'close-ok':
      case 'secure':
        return {
          kind: 'unexpected',
          why: `Connection.${method.name === 'secure' ? 'Secure' : 'Close-Ok'} during the login`,
        };
      case 'other':
        return { kind: 'unexpected', why: `method ${method.classId}.${method.methodId} during the login` };
      default:
        return method satisfies never;
    }
  };

  return converse<AmqpHandshake>(
    endpoint,
    budget,
    {
      opening: PROTOCOL_HEADER,
      read: (received, afterMs) => (session ? next(session, received, afterMs) : first(received, afterMs)),
      ended: (how, _received, afterMs) => {
        if (!session) return null;
        // Closed before Tune, right after the credentials: how AMQP 0-9-1 itself says a login was refused.
        if (session.stage === 'start-ok' && how !== 'no-answer') {
          const reason = serverReason('amqp', 'closed-after-start-ok');
          return { kind: 'login-closed', start: session.start, how, reason, afterMs };
        }
        // Any other end once the credentials went out: no answer to them, and never a healthy one.
        const reason = serverReason('amqp', 'login-unanswered');
        return { kind: 'login-unanswered', start: session.start, stage: session.stage, how, reason, afterMs };
      },
    },
    conversation,
  );
}

/** Why a login the URL asks for cannot be tried here, or null when it can. */
function whyNoLogin(start: ConnectionStart, login: AmqpLogin): LoginSkipped | null {
  if (!start.mechanisms.includes('PLAIN')) return 'no-plain';
  if (Buffer.byteLength(login.vhost, 'utf8') > MAX_SHORT_STRING) return 'vhost-too-long';
  return null;
}
