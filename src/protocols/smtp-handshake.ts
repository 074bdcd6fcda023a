import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import type { TlsSession } from '../probes/tls-result.js';
import { type ConversationOptions, converse, type Link, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import { type ServerReason, serverReason } from './server-reasons.js';
import {
  addressLiteral,
  extensionOf,
  helloCommand,
  QUIT,
  readEhloReply,
  readSmtpReply,
  STARTTLS,
  type SmtpExtension,
} from './smtp-wire.js';

/** One SMTP reply as read: its code and the text of each line, made visible. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** What came of STARTTLS, when the server offered it on a plain session. */
export type SmtpStartTls =
  | /**
   * 220 to STARTTLS, the TLS handshake completed, and EHLO was asked again inside TLS. `session` is the TLS session
   * with its certificate judged (trust list, name), when the handshake was given a trust list; null when not judged.
   */
  { kind: 'upgraded'; ehlo: SmtpReply; extensions: SmtpExtension[]; session: TlsSession | null }
  /** The server offered STARTTLS, then refused it (454 TLS not available, say). */
  | { kind: 'refused'; reply: SmtpReply }
  /** 220 to STARTTLS, then the TLS handshake failed: `code` is Node's or OpenSSL's. */
  | { kind: 'failed'; code: string; message: string }
  /**
   * Offered, but never sent: this side was still loading TLS (Node's TLS, the trust list) for `loadingMs` when the
   * time allowed ran out on our side, or the server closed or reset the connection, with no command of ours pending.
   */
  | { kind: 'not-sent'; because: 'time-ran-out' | 'closed' | 'reset'; loadingMs: number };

export type SmtpHandshake =
  | /** The greeting was a refusal (421 busy or closing, 554/550 refused): nothing more was asked. */
  { kind: 'greeting'; code: number; lines: string[]; reason: ServerReason; afterMs: number }
  /**
   * A 220 greeting, then the answer to EHLO (or to HELO, when the server did not know EHLO): 250 with the
   * extensions offered, or a refusal. `code` and `lines` are that answer's.
   */
  | {
      kind: 'hello';
      greeting: SmtpReply;
      verb: 'EHLO' | 'HELO';
      /** The name given after the verb: this side's address literal. */
      name: string;
      code: number;
      lines: string[];
      /**
       * What the answer to EHLO/HELO means. A STARTTLS that then failed is not in it: the protocol check reads that
       * as the TLS upgrade failing, never as healthy.
       */
      reason: ServerReason;
      /** The extensions the 250 reply listed (none for HELO, or a refusal). */
      extensions: SmtpExtension[];
      /** EHLO's "command not recognised" (500, 502), when HELO was tried after it. */
      ehloUnknown: SmtpReply | null;
      /** STARTTLS, when offered on a plain session and tried; null when not offered or not tried. */
      startTls: SmtpStartTls | null;
      afterMs: number;
    }
  /**
   * A 220 greeting, then the connection ended (or went silent until the deadline) before the answer to a command:
   * EHLO, HELO, STARTTLS, or, with `agreedTls`, the TLS handshake and EHLO after the server's 220 to STARTTLS.
   */
  | {
      kind: 'hello-unanswered';
      greeting: SmtpReply;
      verb: 'EHLO' | 'HELO' | 'STARTTLS';
      /** The name given in EHLO/HELO. */
      name: string;
      agreedTls: boolean;
      how: 'closed' | 'reset' | 'no-answer';
      afterMs: number;
    }
  | CutShort;

export interface SmtpHandshakeOptions extends ConversationOptions {
  /**
   * Whether to take STARTTLS when the server offers it, and ask EHLO again inside TLS (what it offers there, AUTH
   * often, differs). False for a session that is TLS already (smtps://). Default true.
   */
  startTls?: boolean;
  /**
   * The name for TLS's SNI in the STARTTLS upgrade, and the one its certificate is checked against, when the target
   * has one; without it (an IP literal) the certificate is checked against the address dialled, as Node's clients do.
   */
  servername?: string | null;
}

/** EHLO's answers that mean "command not recognised" (RFC 5321 §4.2.4): an old server, to be asked HELO instead. */
const UNKNOWN_COMMAND = new Set([500, 502]);

type Stage = 'greeting' | 'ehlo' | 'helo' | 'starttls' | 'tls-ehlo';

/**
 * Connects to an SMTP server and reads its greeting. After a 220: `EHLO` with this side's address literal (HELO once
 * when EHLO is not recognised), the extensions offered, and, on a plain session that offers it, STARTTLS and EHLO
 * again inside TLS (its certificate judged when `trust` is given). Then QUIT, and a brief wait for the close. No AUTH, no MAIL:
 * nothing is sent that could deliver mail or test a password. One connection; never throws.
 */
export function smtpHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: SmtpHandshakeOptions = {},
): Promise<SmtpHandshake> {
  let stage: Stage = 'greeting';
  let greeting: SmtpReply | null = null;
  let name = 'localhost';
  let ehloUnknown: SmtpReply | null = null;
  let offered: { code: number; lines: string[]; extensions: SmtpExtension[] } | null = null;
  const canUpgrade = options.startTls ?? true;

  const hello = (verb: 'EHLO' | 'HELO', reply: SmtpReply, afterMs: number, startTls: SmtpStartTls | null) => ({
    kind: 'hello' as const,
    greeting: greeting!,
    verb,
    name,
    code: reply.code,
    lines: reply.lines,
    reason: serverReason('smtp', `${reply.code} to ${verb}`, reply.lines.join('\n')),
    extensions: reply.code === 250 && verb === 'EHLO' ? readEhloReply(reply.lines).extensions : [],
    ehloUnknown,
    startTls,
    afterMs,
  });

  const next = (reply: SmtpReply, size: number, afterMs: number, link: Link): Turn<SmtpHandshake> => {
    switch (stage) {
      case 'greeting': {
        if (reply.code !== 220) {
          const reason = serverReason('smtp', String(reply.code), reply.lines.join('\n'));
          return { kind: 'done', result: { kind: 'greeting', ...reply, reason, afterMs }, farewell: QUIT };
        }
        greeting = reply;
        name = addressLiteral(link.localAddress);
        stage = 'ehlo';
        return { kind: 'send', consumed: size, bytes: helloCommand('EHLO', name) };
      }
      case 'ehlo': {
        if (UNKNOWN_COMMAND.has(reply.code)) {
          ehloUnknown = reply;
          stage = 'helo';
          return { kind: 'send', consumed: size, bytes: helloCommand('HELO', name) };
        }
        const result = hello('EHLO', reply, afterMs, null);
        if (reply.code === 250 && canUpgrade && extensionOf(result.extensions, 'STARTTLS')) {
          offered = { ...reply, extensions: result.extensions };
          stage = 'starttls';
          // TLS made ready before asking: the 220 to STARTTLS is then answered at once, and no time counts the load.
          return { kind: 'send', consumed: size, bytes: STARTTLS, beforeTls: true };
        }
        return { kind: 'done', result, farewell: QUIT };
      }
      case 'helo':
        return { kind: 'done', result: hello('HELO', reply, afterMs, null), farewell: QUIT };
      case 'starttls': {
        if (reply.code !== 220) {
          const refused: SmtpStartTls = { kind: 'refused', reply };
          return { kind: 'done', result: hello('EHLO', plain(offered!), afterMs, refused), farewell: QUIT };
        }
        stage = 'tls-ehlo';
        // RFC 3207 §4.2: what the server said before TLS is forgotten; EHLO again reads what it offers inside.
        return {
          kind: 'start-tls',
          consumed: size,
          servername: options.servername ?? null,
          bytes: helloCommand('EHLO', name),
        };
      }
      case 'tls-ehlo': {
        const extensions = reply.code === 250 ? readEhloReply(reply.lines).extensions : [];
        const upgraded: SmtpStartTls = { kind: 'upgraded', ehlo: reply, extensions, session: link.tls ?? null };
        return { kind: 'done', result: hello('EHLO', plain(offered!), afterMs, upgraded), farewell: QUIT };
      }
      default:
        return stage satisfies never;
    }
  };

  const session = converse<SmtpHandshake>(
    endpoint,
    budget,
    {
      opening: new Uint8Array(0),
      read: (received, afterMs, link) => {
        const read = readSmtpReply(received);
        switch (read.kind) {
          case 'incomplete':
            return { kind: 'more' };
          case 'invalid':
            return { kind: 'unexpected', why: read.why };
          case 'reply':
            return next({ code: read.code, lines: read.lines }, read.size, afterMs, link);
          default:
            return read satisfies never;
        }
      },
      // After a 220 greeting the server is known to speak SMTP: an end before an answer is its own finding.
      ended: (how, _received, afterMs, unsent) => {
        if (!greeting) return null;
        // STARTTLS was still waiting for TLS to load, unwritten: the server answered all it was asked (EHLO).
        if (unsent?.what === 'command' && stage === 'starttls' && offered) {
          const because = how === 'no-answer' ? 'time-ran-out' : how;
          const notSent: SmtpStartTls = { kind: 'not-sent', because, loadingMs: unsent.heldMs };
          return hello('EHLO', plain(offered), afterMs, notSent);
        }
        const verb = stage === 'helo' ? 'HELO' : stage === 'ehlo' ? 'EHLO' : 'STARTTLS';
        return { kind: 'hello-unanswered', greeting, verb, name, agreedTls: stage === 'tls-ehlo', how, afterMs };
      },
    },
    options,
  );
  // The TLS handshake after the server's 220 to STARTTLS failed: keep what the plain session showed, with the failure.
  return session.then((result) => {
    if (result.kind !== 'tls-failed' || !offered) return result;
    const failed: SmtpStartTls = { kind: 'failed', code: result.code, message: result.message };
    return hello('EHLO', plain(offered), result.afterMs, failed);
  });
}

const plain = (offered: { code: number; lines: string[] }): SmtpReply => ({ code: offered.code, lines: offered.lines });
