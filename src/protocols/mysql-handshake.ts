import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { loadNodeCrypto } from './node-crypto.js';
import { type ConversationOptions, converse, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import {
  authSwitchResponse,
  clearPassword,
  comQuit,
  handshakeResponse,
  isSpokenPlugin,
  type MysqlPlugin,
  passwordProof,
  readLoginReply,
  sslRequest,
} from './mysql-login.js';
import type { MysqlTlsMode } from './mysql-tls-mode.js';
import { type MysqlError, type MysqlGreeting, readFirstPacket } from './mysql-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

/**
 * The user a handshake without a password logs in as: an account no server has (at most 16 characters, MySQL 5.6's
 * limit). Its "Access denied" is an authentication error, which MySQL and MariaDB do not count toward
 * max_connect_errors, where a connection closed after the greeting counts as one (measured on MariaDB 10.11).
 */
export const MYSQL_PLACEHOLDER_USER = 'conn_doctor';

export interface MysqlHandshakeOptions extends ConversationOptions {
  /** The user from the URL; a login as this user is made only together with a password. */
  user?: string;
  /** Sent only when given, and only to test it, as the proof its plugin asks for: never in the result. */
  password?: string;
  /** The database from the URL's path: selected at login, so a missing one answers 1049. */
  database?: string;
  /** TLS for the login, as the URL asks (`preferred` by default, as every client does). */
  tls?: MysqlTlsMode;
  /** The name for TLS's SNI, when the target has one. */
  servername?: string | null;
}

/** Why a login that was tried could not be judged. */
export type LoginUntested =
  | /**
   * caching_sha2_password's "perform full authentication" on a plain connection: it needs TLS or the server's RSA
   * key, and conn-doctor sends the password only inside TLS.
   */
  'full-authentication'
  /** The server switched to a plugin this probe does not speak (`plugin`: client_ed25519, auth_gssapi_client, …). */
  | 'plugin-not-supported';

export type MysqlHandshake =
  | /**
   * The initial handshake, and no password in the URL: conn-doctor logged in as its placeholder user (never the URL's
   * user), and the server refused it (`placeholder`, 1045 as a rule), as it should. The server lets this client as far
   * as a login; nothing is known of the URL's user.
   */
  {
      kind: 'greeting';
      greeting: MysqlGreeting;
      placeholder: MysqlError;
      /** Whether the placeholder's login went over TLS. */
      tls: boolean;
      reason: ServerReason;
      afterMs: number;
    }
  /** The ERR packet sent instead of the handshake: the server's refusal before any login. */
  | { kind: 'error'; error: MysqlError; reason: ServerReason; afterMs: number }
  /** The URL requires TLS and the server's greeting offers none (no CLIENT_SSL): a client stops there. */
  | { kind: 'tls-unavailable'; greeting: MysqlGreeting; reason: ServerReason; afterMs: number }
  /**
   * A login, and the server's OK, then COM_QUIT: with the URL's password, or (`placeholder`) as the placeholder user,
   * which an account without a password that matches any user name (an anonymous account) lets in.
   */
  | {
      kind: 'logged-in';
      greeting: MysqlGreeting;
      /**
       * The plugin the login ended on, as the server named it: the greeting's, or the one an AuthSwitchRequest
       * switched to (which the placeholder answers with nothing, whatever it is).
       */
      plugin: string;
      placeholder: boolean;
      tls: boolean;
      reason: ServerReason;
      afterMs: number;
    }
  /**
   * A login and the server's ERR: with the URL's password (1045, 1049, …), or as the placeholder when its answer was
   * not the expected "Access denied" (3159, a limit, …).
   */
  | {
      kind: 'login-refused';
      greeting: MysqlGreeting;
      error: MysqlError;
      /** Whether the proof of the password (or, inside TLS, the password) had gone out when the server said no. */
      passwordSent: boolean;
      placeholder: boolean;
      tls: boolean;
      reason: ServerReason;
      afterMs: number;
    }
  /** A login was tried but could not be finished here: the server's rules let this client as far as the password. */
  | {
      kind: 'login-untested';
      greeting: MysqlGreeting;
      why: LoginUntested;
      /** The plugin the server asked for, as it named it. */
      plugin: string;
      passwordSent: boolean;
      tls: boolean;
      reason: ServerReason;
      afterMs: number;
    }
  | CutShort;

/** Errors that refuse the placeholder for what it is, an unknown user: the answer a healthy server gives it. */
const PLACEHOLDER_DENIED: ReadonlySet<number> = new Set([1045, 1698]);

/**
 * Connects to a MySQL or MariaDB server, reads its first packet (the greeting: version, TLS capability,
 * authentication plugin; or the error sent instead), and logs in: with the URL's user and password when the URL has a
 * password (to test it), else as a placeholder user without a password, whose refusal ends a connection the server
 * does not count against this client's host (a connection closed after the greeting would count toward
 * max_connect_errors). The login goes over TLS, as real clients do, when the greeting offers it and the URL does not
 * disable it: an SSLRequest, TLS on the same connection (the certificate is not judged here), then the login. After
 * an OK, COM_QUIT. One connection; never throws.
 */
export async function mysqlHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: MysqlHandshakeOptions = {},
): Promise<MysqlHandshake> {
  const password = options.password || null;
  // The scrambles hash the password: only a login that holds one loads Node's crypto.
  if (password !== null) await loadNodeCrypto();
  const placeholder = password === null;
  const tlsMode = options.tls ?? 'preferred';
  let greeted: MysqlGreeting | null = null;
  let overTls = false;
  let passwordSent = false;
  /** The plugin whose answer went out last, as the server named it: what an AuthMoreData or OK answers. */
  let plugin: string = 'mysql_native_password';

  const afterGreeting = (received: Buffer, afterMs: number): Turn<MysqlHandshake> => {
    const packet = readFirstPacket(received);
    switch (packet.kind) {
      case 'incomplete':
        return { kind: 'more' };
      case 'invalid':
        return { kind: 'unexpected', why: packet.why };
      case 'error': {
        const { code, message } = packet.error;
        const reason = serverReason('mysql', String(code), message);
        return { kind: 'done', result: { kind: 'error', error: packet.error, reason, afterMs } };
      }
      case 'greeting': {
        const { greeting, scramble } = packet;
        if ((tlsMode === 'required' || tlsMode === 'verify') && !greeting.tls) {
          const reason = serverReason('mysql', 'no-tls');
          return { kind: 'done', result: { kind: 'tls-unavailable', greeting, reason, afterMs } };
        }
        greeted = greeting;
        overTls = greeting.tls && tlsMode !== 'disabled';
        // The server's default plugin when we speak it; else native, and the server switches to the account's.
        const spoken: MysqlPlugin = isSpokenPlugin(greeting.authPlugin) ? greeting.authPlugin : 'mysql_native_password';
        plugin = spoken;
        const proof = password === null ? Buffer.alloc(0) : passwordProof(spoken, password, scramble);
        passwordSent = proof.length > 0;
        const database = placeholder ? null : (options.database ?? null);
        const login = handshakeResponse({
          user: placeholder ? MYSQL_PLACEHOLDER_USER : (options.user ?? ''),
          database,
          plugin: spoken,
          proof,
          serverCapabilities: greeting.capabilities,
          tls: overTls,
        });
        const consumed = 4 + received.readUIntLE(0, 3);
        if (!overTls) return { kind: 'send', consumed, bytes: login };
        const plain = sslRequest(greeting.capabilities, Boolean(database));
        return { kind: 'start-tls', consumed, plain, servername: options.servername ?? null, bytes: login };
      }
      default:
        return packet satisfies never;
    }
  };

  const afterLogin = (received: Buffer, afterMs: number, greeting: MysqlGreeting): Turn<MysqlHandshake> => {
    const reply = readLoginReply(received);
    const tls = overTls;
    const untested = (why: LoginUntested, named: string): Turn<MysqlHandshake> => ({
      kind: 'done',
      result: {
        kind: 'login-untested',
        greeting,
        why,
        plugin: named,
        passwordSent,
        tls,
        reason: serverReason('mysql', 'login-untested'),
        afterMs,
      },
      // No COM_QUIT here: mid-authentication, the server would read it as the answer to its request.
    });
    switch (reply.kind) {
      case 'incomplete':
        return { kind: 'more' };
      case 'invalid':
        return { kind: 'unexpected', why: reply.why };
      case 'ok':
        return {
          kind: 'done',
          result: {
            kind: 'logged-in',
            greeting,
            plugin,
            placeholder,
            tls,
            reason: serverReason('mysql', 'login-ok'),
            afterMs,
          },
          farewell: comQuit(),
        };
      case 'error': {
        const { error } = reply;
        if (placeholder && PLACEHOLDER_DENIED.has(error.code)) {
          const reason = serverReason('mysql', 'placeholder-denied');
          return { kind: 'done', result: { kind: 'greeting', greeting, placeholder: error, tls, reason, afterMs } };
        }
        const reason = serverReason('mysql', String(error.code), error.message);
        return {
          kind: 'done',
          result: { kind: 'login-refused', greeting, error, passwordSent, placeholder, tls, reason, afterMs },
        };
      }
      case 'auth-switch': {
        // The placeholder has no password: whatever the plugin, it answers with nothing. The plugin is still the one
        // the login now goes on with: an OK or an AuthMoreData after this answers that one, not the greeting's.
        if (password === null) {
          plugin = reply.plugin;
          return {
            kind: 'send',
            consumed: reply.consumed,
            bytes: authSwitchResponse(Buffer.alloc(0), reply.sequence + 1),
          };
        }
        if (!isSpokenPlugin(reply.plugin)) return untested('plugin-not-supported', reply.plugin);
        plugin = reply.plugin;
        const proof = passwordProof(reply.plugin, password, reply.data);
        passwordSent ||= proof.length > 0;
        return { kind: 'send', consumed: reply.consumed, bytes: authSwitchResponse(proof, reply.sequence + 1) };
      }
      case 'more-data':
        // caching_sha2_password: 3 is "fast authentication done" (the OK follows); 4 asks for the password itself,
        // which goes only inside TLS (as MySQL's clients send it there); on a plain connection it stays untested.
        if (plugin === 'caching_sha2_password' && reply.data[0] === 3) {
          // The OK often comes in the same read, and nothing else would read it: read it now.
          const rest = received.subarray(reply.consumed);
          const next: Turn<MysqlHandshake> = rest.length > 0 ? afterLogin(rest, afterMs, greeting) : { kind: 'more' };
          if (next.kind === 'more') return { kind: 'send', consumed: reply.consumed, bytes: Buffer.alloc(0) };
          if (next.kind === 'send' || next.kind === 'start-tls')
            return { ...next, consumed: reply.consumed + next.consumed };
          return next;
        }
        if (plugin === 'caching_sha2_password' && reply.data[0] === 4) {
          // Inside TLS whose certificate the URL wants verified, and this upgrade did not verify: no password in clear.
          if (password === null || (tls && tlsMode !== 'verify')) {
            passwordSent ||= password !== null;
            return { kind: 'send', consumed: reply.consumed, bytes: clearPassword(password ?? '', reply.sequence + 1) };
          }
          return untested('full-authentication', plugin);
        }
        return { kind: 'unexpected', why: `AuthMoreData 0x${(reply.data[0] ?? 0).toString(16)} for ${plugin}` };
      default:
        return reply satisfies never;
    }
  };

  return converse<MysqlHandshake>(
    endpoint,
    budget,
    {
      opening: new Uint8Array(0),
      read: (received, afterMs) =>
        greeted ? afterLogin(received, afterMs, greeted) : afterGreeting(received, afterMs),
    },
    options,
  );
}
