import type { ProbeBudget } from '../probes/probe-budget.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import { type ConversationOptions, converse, type Turn } from './conversation.js';
import type { CutShort } from './cut-short.js';
import {
  authSwitchResponse,
  comQuit,
  handshakeResponse,
  isSpokenPlugin,
  type MysqlPlugin,
  passwordProof,
  readLoginReply,
} from './mysql-login.js';
import { type MysqlError, type MysqlGreeting, readFirstPacket } from './mysql-wire.js';
import { type ServerReason, serverReason } from './server-reasons.js';

export interface MysqlHandshakeOptions extends ConversationOptions {
  /** The user from the URL; a login is made only together with a password. */
  user?: string;
  /** Sent only when given, and only to test it, as the proof its plugin asks for: never in the result. */
  password?: string;
  /** The database from the URL's path: selected at login, so a missing one answers 1049. */
  database?: string;
}

/** Why a login that was tried could not be judged. */
export type LoginUntested =
  | /** caching_sha2_password's "perform full authentication": it needs TLS or the server's RSA key, not sent here. */
  'full-authentication'
  /** The server switched to a plugin this probe does not speak (`plugin`: client_ed25519, auth_gssapi_client, …). */
  | 'plugin-not-supported';

export type MysqlHandshake =
  | /** The initial handshake, and no login tried (no password in the URL): the server lets this client go on. */
  { kind: 'greeting'; greeting: MysqlGreeting; reason: ServerReason; afterMs: number }
  /** The ERR packet sent instead of the handshake: the server's refusal before any login. */
  | { kind: 'error'; error: MysqlError; reason: ServerReason; afterMs: number }
  /** A login with the URL's password: the server's OK, then COM_QUIT. */
  | { kind: 'logged-in'; greeting: MysqlGreeting; plugin: MysqlPlugin; reason: ServerReason; afterMs: number }
  /** A login with the URL's password, and the server's ERR (1045, 1049, 3159, …). */
  | {
      kind: 'login-refused';
      greeting: MysqlGreeting;
      error: MysqlError;
      /** Whether the proof of the password had gone out when the server said no. */
      passwordSent: boolean;
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
      reason: ServerReason;
      afterMs: number;
    }
  | CutShort;

/**
 * Connects to a MySQL or MariaDB server and reads its first packet: the greeting (version, TLS capability,
 * authentication plugin) or the error sent instead. Without a password it sends nothing and closes there; the
 * server logs an aborted, unauthenticated connection, as for any port check. With one (from the URL, to test it)
 * it logs in as the user, with the database if given, and reads the server's verdict: OK (then COM_QUIT), or its
 * error. One connection; never throws.
 */
export function mysqlHandshake(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: MysqlHandshakeOptions = {},
): Promise<MysqlHandshake> {
  const login = options.password ? { ...options, password: options.password } : null;
  let greeted: { greeting: MysqlGreeting; scramble: Buffer } | null = null;
  let passwordSent = false;
  /** The plugin whose proof went out last: what an AuthMoreData or OK answers. */
  let plugin: MysqlPlugin = 'mysql_native_password';

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
        if (!login) {
          return {
            kind: 'done',
            result: { kind: 'greeting', greeting, reason: serverReason('mysql', 'handshake'), afterMs },
          };
        }
        greeted = { greeting, scramble };
        // The server's default plugin when we speak it; else native, and the server switches to the account's.
        plugin = isSpokenPlugin(greeting.authPlugin) ? greeting.authPlugin : 'mysql_native_password';
        const proof = passwordProof(plugin, login.password, scramble);
        passwordSent = proof.length > 0;
        const bytes = handshakeResponse({
          user: login.user ?? '',
          database: login.database ?? null,
          plugin,
          proof,
          serverCapabilities: greeting.capabilities,
        });
        return { kind: 'send', consumed: packetLength(received), bytes };
      }
      default:
        return packet satisfies never;
    }
  };

  const afterLogin = (
    received: Buffer,
    afterMs: number,
    { greeting }: { greeting: MysqlGreeting },
    password: string,
  ): Turn<MysqlHandshake> => {
    const reply = readLoginReply(received);
    const untested = (why: LoginUntested, named: string): Turn<MysqlHandshake> => ({
      kind: 'done',
      result: {
        kind: 'login-untested',
        greeting,
        why,
        plugin: named,
        passwordSent,
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
          result: { kind: 'logged-in', greeting, plugin, reason: serverReason('mysql', 'login-ok'), afterMs },
          farewell: comQuit(),
        };
      case 'error': {
        const { code, message } = reply.error;
        const reason = serverReason('mysql', String(code), message);
        return {
          kind: 'done',
          result: { kind: 'login-refused', greeting, error: reply.error, passwordSent, reason, afterMs },
        };
      }
      case 'auth-switch': {
        if (!isSpokenPlugin(reply.plugin)) return untested('plugin-not-supported', reply.plugin);
        plugin = reply.plugin;
        const proof = passwordProof(plugin, password, reply.data);
        passwordSent ||= proof.length > 0;
        return { kind: 'send', consumed: reply.consumed, bytes: authSwitchResponse(proof, reply.sequence + 1) };
      }
      case 'more-data':
        // caching_sha2_password: 3 is "fast authentication done" (the OK follows); 4 asks for the password itself,
        // over TLS or encrypted with the server's RSA key. Neither is sent here: the password stays untested.
        if (plugin === 'caching_sha2_password' && reply.data[0] === 3) {
          // The OK often comes in the same read, and nothing else would read it: read it now.
          const rest = received.subarray(reply.consumed);
          const next: Turn<MysqlHandshake> =
            rest.length > 0 ? afterLogin(rest, afterMs, { greeting }, password) : { kind: 'more' };
          if (next.kind === 'more') return { kind: 'send', consumed: reply.consumed, bytes: Buffer.alloc(0) };
          if (next.kind === 'send' || next.kind === 'start-tls')
            return { ...next, consumed: reply.consumed + next.consumed };
          return next;
        }
        if (plugin === 'caching_sha2_password' && reply.data[0] === 4) return untested('full-authentication', plugin);
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
        greeted && login ? afterLogin(received, afterMs, greeted, login.password) : afterGreeting(received, afterMs),
    },
    options,
  );
}

/** The whole length of the packet at the start of `data` (header included); the caller knows it is complete. */
function packetLength(data: Buffer): number {
  return 4 + data.readUIntLE(0, 3);
}
