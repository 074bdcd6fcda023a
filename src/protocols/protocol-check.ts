import type { SocketFactory } from '../probes/budgeted-socket.js';
import type { TcpEndpoint } from '../probes/tcp-connect.js';
import type { ProbeBudget } from '../probes/probe-budget.js';
import type { AmqpHandshake, LoginSkipped } from './amqp-handshake.js';
import { amqpHandshake } from './amqp-handshake.js';
import { describeStart } from './amqp-wire.js';
import type { CutShort } from './cut-short.js';
import type { MongoHandshake } from './mongo-handshake.js';
import { mongoHandshake } from './mongo-handshake.js';
import type { MysqlHandshake } from './mysql-handshake.js';
import { MYSQL_PLACEHOLDER_USER, mysqlHandshake } from './mysql-handshake.js';
import { type MysqlTlsMode, mysqlTlsMode } from './mysql-tls-mode.js';
import type { PostgresHandshake } from './postgres-handshake.js';
import {
  PLACEHOLDER_USER,
  type PostgresHandshakeOptions,
  postgresFromIdentification,
  postgresHandshake,
} from './postgres-handshake.js';
import { postgresRequiresTls } from './postgres-tls-rule.js';
import type { RedisHandshake } from './redis-handshake.js';
import { redisFromIdentification, redisHandshake } from './redis-handshake.js';
import { reasonRow, type ServerReason, serverReason, type WireProtocol } from './server-reasons.js';
import type { SmtpHandshake } from './smtp-handshake.js';
import { smtpHandshake } from './smtp-handshake.js';
import type { SshHandshake } from './ssh-handshake.js';
import { sshFromGreeting, sshHandshake } from './ssh-handshake.js';

/** What the caller knows of the session to ask for: from the URL, never guessed. */
export interface ProtocolCheckOptions {
  /** The user from the URL; PostgreSQL names a placeholder when none was given. */
  user: string | null;
  /** Sent only when the URL held one, and only to test it. Never kept in the result. */
  password: string | null;
  /** The database from the URL's path (PostgreSQL, MySQL), or AMQP's vhost (the path, decoded). */
  database: string | null;
  /** libpq's sslmode from the URL's query, when given. */
  sslmode: string | null;
  /** The URL's whole query, for settings named differently per protocol (MySQL's `ssl-mode`, `useSSL`, `tls`). */
  query?: URLSearchParams;
  /** The name for TLS's SNI (PostgreSQL's upgrade), when the target has one. */
  servername: string | null;
  /**
   * The trust list SMTP's STARTTLS upgrade judges the server's certificate against (the TLS step's: its trust store
   * and `--ca`), loaded only when a session upgrades. Without it the certificate is not judged.
   */
  startTlsTrust?: () => Promise<readonly string[]>;
  /**
   * Opens the connection: a TLS socket for rediss://, amqps://, smtps:// (`overTls`), or the connect check's own
   * connection, kept for the handshake.
   */
  connect?: SocketFactory;
  /** The connection is TLS from its first byte (rediss://, amqps://, smtps://). */
  overTls?: boolean;
  /**
   * What the server sent unprompted on service identification's connection (a tcp:// target), with when: SSH's
   * identification is read from it instead of opening one more connection that never logs in, which OpenSSH
   * counts against this client.
   */
  greeting?: { bytes: Uint8Array; afterMs: number };
  /**
   * What PostgreSQL answered the placeholder's StartupMessage on service identification's connection, after its `N`
   * (a tcp:// target without credentials): read as the first handshake's answer, with no connection of its own.
   */
  startupAnswer?: Uint8Array;
  /**
   * What Redis answered service identification's `PING` (a tcp:// target, no credentials): read as the handshake's
   * answer, with no connection of its own.
   */
  pingAnswer?: Uint8Array;
  /**
   * PostgreSQL answered service identification's SSLRequest with `N` (a tcp:// target): it has no TLS, so no
   * `hostssl` rule can let this client in, and a refusal in plain text needs no second handshake over TLS to say so.
   */
  tlsUnavailable?: boolean;
}

/** One handshake probe's result, whichever the protocol. */
export type AnyHandshake =
  | PostgresHandshake
  | MysqlHandshake
  | RedisHandshake
  | SshHandshake
  | SmtpHandshake
  | AmqpHandshake
  | MongoHandshake;

/** What decided the check: the server's own answer, or how the handshake ended before one. */
export type ProtocolReading =
  | {
      kind: 'answered';
      reason: ServerReason;
      /** The answer in the protocol's own terms: a SQLSTATE, an error number, a RESP word, an SMTP code, `banner`. */
      answer: string;
      /** The server's own words, already made visible and bounded by the wire readers; empty when it said none. */
      message: string;
      /** What the answer means, from the reasons table. */
      meaning: string;
      afterMs: number;
    }
  | { kind: 'cut-short'; cut: CutShort };

export interface ProtocolCheck {
  protocol: WireProtocol;
  reading: ProtocolReading;
  /** Every handshake made: one, or for PostgreSQL's TLS rule a plain one and one over TLS (in that order). */
  handshakes: AnyHandshake[];
  /**
   * The user: from the URL, or PostgreSQL's placeholder; null when neither. Only PostgreSQL, and Redis, MySQL and
   * AMQP with a password, send it; the other handshakes end before any login.
   */
  user: string | null;
  /** Whether that user came from the URL (else a placeholder that proves only the access rules). */
  userGiven: boolean;
  /** Whether a password from the URL was sent, to test it. */
  passwordSent: boolean;
  /** Whether the answer was read from what service identification received, without a connection of its own. */
  fromIdentification: boolean;
  /**
   * The handshake ran on a connection kept for it (connection-parking.ts: the connect check's, or the one service
   * identification handed over), as the parking handed it out: reports draw it on that connection, with no close
   * before it. Absent otherwise.
   */
  onConnectCheck?: true;
  /**
   * The database named in the URL's path, as the caller read it: PostgreSQL's StartupMessage sends it, and the
   * verdicts' next steps name it. Null when the URL names none.
   */
  database: string | null;
  /**
   * MySQL only: the TLS mode the URL's query names (`ssl-mode`, `sslMode`, `useSSL`, mysql2's `ssl`, Go's `tls`, …),
   * null when it names none (the handshake then does as the mysql client does by default, `preferred`). The
   * verdicts read it here rather than from the URL again.
   */
  tlsMode?: MysqlTlsMode | null;
}

/**
 * Runs the protocol's handshake against one address and reads the server's answer into one reason. One connection,
 * or two for PostgreSQL when a plain-text session was refused by a rule that an SSL one may pass (`hostssl`).
 * Never throws.
 */
export async function protocolCheck(
  protocol: WireProtocol,
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ProtocolCheckOptions,
): Promise<ProtocolCheck> {
  const connect = options.connect ? { connect: options.connect } : {};
  const password = options.password === null || options.password === '' ? undefined : options.password;
  const userGiven = options.user !== null && options.user !== '';
  const base = {
    protocol,
    user: userGiven ? options.user : null,
    userGiven,
    passwordSent: false,
    database: options.database,
    fromIdentification: false,
  };
  switch (protocol) {
    case 'postgresql':
      return postgresCheck(endpoint, budget, options, password);
    case 'redis': {
      const username = options.user || undefined;
      const replayed =
        options.pingAnswer && !username && password === undefined ? redisFromIdentification(options.pingAnswer) : null;
      const result = replayed ?? (await redisHandshake(endpoint, budget, { ...connect, username, password }));
      const passwordSent = result.kind === 'answered' && result.passwordSent;
      const reading: ProtocolReading =
        result.kind === 'answered'
          ? answered(protocol, result.reason, replyWord(result.reply), replyText(result.reply), result.afterMs)
          : { kind: 'cut-short', cut: result };
      return { ...base, passwordSent, reading, handshakes: [result], fromIdentification: replayed !== null };
    }
    case 'mysql': {
      const tlsMode = mysqlTlsMode(options.query ?? new URLSearchParams());
      const result = await mysqlHandshake(endpoint, budget, {
        ...connect,
        ...(options.user ? { user: options.user } : {}),
        ...(password === undefined ? {} : { password }),
        ...(options.database ? { database: options.database } : {}),
        tls: tlsMode ?? 'preferred',
        servername: options.servername,
      });
      const passwordSent =
        result.kind === 'login-refused' || result.kind === 'login-untested'
          ? result.passwordSent
          : result.kind === 'logged-in' && !result.placeholder;
      return {
        ...base,
        passwordSent,
        reading: mysqlReading(result, options.user ?? ''),
        handshakes: [result],
        tlsMode,
      };
    }
    case 'ssh': {
      const greeted = options.greeting ? sshFromGreeting(options.greeting.bytes, options.greeting.afterMs) : null;
      const result = greeted ?? (await sshHandshake(endpoint, budget, connect));
      const reading: ProtocolReading =
        result.kind === 'identification'
          ? answered(
              protocol,
              result.reason,
              'identification',
              `SSH-${result.identification.protoVersion}-${result.identification.softwareVersion}`,
              result.afterMs,
            )
          : result.kind === 'text-then-end'
            ? answered(protocol, result.reason, 'text-then-end', result.lines.join(' | '), result.afterMs)
            : result.kind === 'ended-before-banner'
              ? // One close before the banner proves no rule: a forwarder without a backend does the same. The
                // tree's fallback checks tell those apart.
                { kind: 'cut-short', cut: { kind: result.how, afterMs: result.afterMs, received: null } }
              : { kind: 'cut-short', cut: result };
      return { ...base, reading, handshakes: [result], fromIdentification: greeted !== null };
    }
    case 'smtp': {
      // A TLS socket (smtps://) is TLS already: STARTTLS is for plain sessions only (RFC 3207).
      const result = await smtpHandshake(endpoint, budget, {
        ...connect,
        startTls: !options.overTls,
        servername: options.servername,
        ...(options.startTlsTrust ? { trust: options.startTlsTrust } : {}),
      });
      return { ...base, reading: smtpReading(result), handshakes: [result] };
    }
    case 'amqp': {
      // A login only with a user and a password from the URL; the vhost is the URL's path, `/` when it names none.
      const login =
        userGiven && password !== undefined
          ? { login: { user: options.user!, password, vhost: options.database ?? '/' } }
          : {};
      const result = await amqpHandshake(endpoint, budget, { ...connect, ...login });
      const passwordSent =
        result.kind === 'logged-in' ||
        result.kind === 'login-refused' ||
        result.kind === 'login-closed' ||
        result.kind === 'login-unanswered';
      return { ...base, passwordSent, reading: amqpReading(result, options.user ?? ''), handshakes: [result] };
    }
    case 'mongodb': {
      const result = await mongoHandshake(endpoint, budget, connect);
      const reading: ProtocolReading =
        result.kind === 'hello'
          ? answered(
              protocol,
              result.reason,
              result.hello.ok ? 'ok' : String(result.hello.code),
              result.hello.errmsg ?? '',
              result.afterMs,
            )
          : { kind: 'cut-short', cut: result };
      return { ...base, reading, handshakes: [result] };
    }
  }
}

/** The reading of an answer; `row` names the reasons table's row when the answer shown says more (`… inside TLS`). */
function answered(
  protocol: WireProtocol,
  reason: ServerReason,
  answer: string,
  message: string,
  afterMs: number,
  row = answer,
): ProtocolReading {
  const meaning = reasonRow(protocol, row, message)?.meaning ?? 'an error answer this tool does not know';
  return { kind: 'answered', reason, answer, message, meaning, afterMs };
}

function smtpReading(result: SmtpHandshake): ProtocolReading {
  switch (result.kind) {
    case 'greeting':
      return answered('smtp', result.reason, String(result.code), result.lines.join(' | '), result.afterMs);
    case 'hello': {
      // STARTTLS agreed to, then a TLS handshake that failed: a client that upgrades fails there too.
      if (result.startTls?.kind === 'failed') {
        const { code, message } = result.startTls;
        return { kind: 'cut-short', cut: { kind: 'tls-failed', afterMs: result.afterMs, code, message } };
      }
      // The server hung up after answering EHLO, with STARTTLS still unsent (this side was loading TLS): it did not
      // wait for the next command, which no healthy server does. A deadline there is this side's, and leaves the 250.
      if (result.startTls?.kind === 'not-sent' && result.startTls.because !== 'time-ran-out') {
        const { because, loadingMs } = result.startTls;
        const how = because === 'closed' ? 'closed' : 'reset';
        return {
          kind: 'answered',
          reason: 'server-error',
          answer: `${result.code} to EHLO, then ${how} before STARTTLS was sent`,
          message: '',
          meaning: `the server answered EHLO, then ${how} the connection before conn-doctor asked for STARTTLS (it was still loading TLS, ${loadingMs} ms): it did not wait for the next command`,
          afterMs: result.afterMs,
        };
      }
      // STARTTLS offered, then refused, or EHLO refused inside TLS: clients that take STARTTLS when offered (most
      // do) stop there, so that answer decides, never the 250 before it.
      const tlsSide =
        result.startTls?.kind === 'refused'
          ? { answer: `${result.startTls.reply.code} to STARTTLS`, reply: result.startTls.reply }
          : result.startTls?.kind === 'upgraded' && result.startTls.ehlo.code !== 250
            ? { answer: `${result.startTls.ehlo.code} to EHLO`, reply: result.startTls.ehlo }
            : null;
      if (tlsSide) {
        const text = tlsSide.reply.lines.join(' | ');
        const shown = result.startTls?.kind === 'upgraded' ? `${tlsSide.answer} inside TLS` : tlsSide.answer;
        const reason = serverReason('smtp', tlsSide.answer, text);
        return answered('smtp', reason, shown, text, result.afterMs, tlsSide.answer);
      }
      // The server's first line to EHLO names it and, often, how it sees this client; the extensions are evidence.
      const text = result.code === 250 ? (result.lines[0] ?? '') : result.lines.join(' | ');
      return answered('smtp', result.reason, `${result.code} to ${result.verb}`, text, result.afterMs);
    }
    case 'hello-unanswered': {
      // The greeting proved an SMTP server; what it did at EHLO is its answer, and never a healthy one.
      const at = result.agreedTls
        ? 'after agreeing to STARTTLS, in the TLS handshake or at EHLO inside TLS'
        : `at ${result.verb}`;
      const ended =
        result.how === 'no-answer'
          ? `went silent ${at} until the time allowed ran out (a slow lookup on its side, or a deliberate delay)`
          : `${result.how === 'closed' ? 'closed' : 'reset'} the connection ${at}, without a reply`;
      return {
        kind: 'answered',
        reason: 'server-error',
        answer: result.agreedTls
          ? '220, then no reply after STARTTLS was agreed'
          : `220, then no reply to ${result.verb}`,
        // The greeting is in the evidence on its own line: quoted here, it would read as the refusal's words.
        message: '',
        meaning: `the server greeted, then ${ended}`,
        afterMs: result.afterMs,
      };
    }
    default:
      return { kind: 'cut-short', cut: result };
  }
}

function mysqlReading(result: MysqlHandshake, user: string): ProtocolReading {
  switch (result.kind) {
    case 'greeting': {
      const { code, message } = result.placeholder;
      const said = `${result.greeting.serverVersion}; to the placeholder user "${MYSQL_PLACEHOLDER_USER}": ${code} ${message}`;
      return answered('mysql', result.reason, 'placeholder-denied', said, result.afterMs);
    }
    case 'tls-unavailable':
      return answered(
        'mysql',
        result.reason,
        'no-tls',
        `${result.greeting.serverVersion}, without CLIENT_SSL: the server offers no TLS, and the URL requires it`,
        result.afterMs,
      );
    case 'error':
    case 'login-refused':
      return answered('mysql', result.reason, String(result.error.code), result.error.message, result.afterMs);
    case 'logged-in': {
      const who = result.placeholder ? `the placeholder user "${MYSQL_PLACEHOLDER_USER}"` : `"${user}"`;
      const message = `logged in as ${who} with ${result.plugin}${result.tls ? ', over TLS' : ''}`;
      return answered(
        'mysql',
        result.reason,
        result.placeholder ? 'placeholder-login-ok' : 'login-ok',
        message,
        result.afterMs,
      );
    }
    case 'login-untested': {
      const message =
        result.why === 'full-authentication' && result.tls
          ? "caching_sha2_password asks for the password in clear inside TLS, and the URL asks for the server's certificate to be verified, which conn-doctor's upgrade does not do: the password was not sent, nor judged"
          : result.why === 'full-authentication'
            ? "caching_sha2_password asks for full authentication, which needs TLS or the server's RSA key, and the login was in plain text: the password was not judged"
            : `the server switched to the authentication plugin "${result.plugin}", which conn-doctor does not speak: the password was not judged`;
      return answered('mysql', result.reason, 'login-untested', message, result.afterMs);
    }
    default:
      return { kind: 'cut-short', cut: result };
  }
}

function amqpReading(result: AmqpHandshake, user: string): ProtocolReading {
  switch (result.kind) {
    case 'connection-start': {
      const said = describeStart(result.start);
      const skipped = result.loginSkipped ? `${said}; ${loginSkippedWords(result.loginSkipped, result.start)}` : said;
      return answered('amqp', result.reason, 'connection-start', skipped, result.afterMs);
    }
    case 'connection-close':
    case 'login-refused':
      return answered('amqp', result.reason, `close-${result.code}`, result.text, result.afterMs);
    case 'protocol-header':
      return answered('amqp', result.reason, 'protocol-header', `AMQP ${result.version}`, result.afterMs);
    case 'logged-in': {
      const message = `${describeStart(result.start)}; logged in as "${user}", vhost "${result.vhost}" opened`;
      return answered('amqp', result.reason, 'open-ok', message, result.afterMs);
    }
    case 'login-closed': {
      const how = result.how === 'closed' ? 'closed' : 'reset';
      const message = `the broker ${how} the connection after the credentials (Connection.Start-Ok), without a Connection.Close`;
      return answered('amqp', result.reason, 'closed-after-start-ok', message, result.afterMs);
    }
    case 'login-unanswered': {
      const after = result.stage === 'start-ok' ? 'the credentials (Connection.Start-Ok)' : 'Connection.Open';
      const ended =
        result.how === 'no-answer'
          ? 'then said nothing until the time allowed ran out'
          : `then ${result.how === 'closed' ? 'closed' : 'reset'} the connection without a Connection.Close`;
      const message = `${describeStart(result.start)}; the broker took ${after}, ${ended}`;
      return answered('amqp', result.reason, 'login-unanswered', message, result.afterMs);
    }
    default:
      return { kind: 'cut-short', cut: result };
  }
}

/** Why the URL's password was not sent to a broker that answered Connection.Start. */
function loginSkippedWords(
  skipped: LoginSkipped,
  start: Extract<AmqpHandshake, { kind: 'connection-start' }>['start'],
): string {
  switch (skipped) {
    case 'no-plain':
      return `the broker does not offer PLAIN (it offers ${start.mechanisms.join(' ') || 'no mechanism'}), so the password was not sent and not judged`;
    case 'vhost-too-long':
      return 'the vhost named in the URL is longer than AMQP allows (255 bytes), so the password was not sent and not judged';
    default:
      return skipped satisfies never;
  }
}

type RespReply = Extract<RedisHandshake, { kind: 'answered' }>['reply'];

function replyWord(reply: RespReply): string {
  if (reply.type === 'error') return `-${reply.prefix}`;
  if (reply.type === 'simple') return `+${reply.text}`;
  return reply.type;
}

function replyText(reply: RespReply): string {
  if (reply.type === 'error') return `${reply.prefix} ${reply.message}`.trim();
  return reply.type === 'simple' ? reply.text : '';
}

/** libpq's sslmode, as the first handshake asks: plain where clients start plain, TLS where they ask for it. */
function firstTlsMode(sslmode: string | null): 'disable' | 'prefer' | 'require' {
  if (sslmode === 'prefer') return 'prefer';
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') return 'require';
  // Not given (or disable, allow), with a password to test: start plain, as node-postgres and JDBC do by default. A
  // refusal of the plain session that names no encryption may be a `hostssl` rule, which a second handshake over TLS
  // then tells. (Without a password, firstHandshakes asks for TLS first.)
  return 'disable';
}

type PostgresCommon = Omit<PostgresHandshakeOptions, 'tls' | 'onTlsAccepted'>;

/**
 * The first handshake, and with it the one over TLS when it was made alongside. Without an sslmode and without a
 * password, it asks for TLS first, as libpq does: `N` (no TLS, a dev server's usual answer) and the plain session
 * goes on on that same connection, so no second handshake is needed to rule out a `hostssl` line. `S` and that
 * connection goes on in TLS (with no password, for the rules alone) while the plain session, which clients such as
 * node-postgres and JDBC start by default, runs at the same time on a connection of its own: `first` is the plain
 * one, `secure` the TLS one. Otherwise the first handshake is as the sslmode asks (plain when none is given).
 */
async function firstHandshakes(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ProtocolCheckOptions,
  common: PostgresCommon,
  password: string | undefined,
): Promise<{ first: PostgresHandshake; secure: PostgresHandshake | null }> {
  const asksFirst = (options.sslmode === null || options.sslmode === 'allow') && password === undefined;
  if (!asksFirst) {
    return {
      first: await postgresHandshake(endpoint, budget, { ...common, tls: firstTlsMode(options.sslmode) }),
      secure: null,
    };
  }
  let plain: Promise<PostgresHandshake> | null = null;
  const asked = await postgresHandshake(endpoint, budget, {
    ...common,
    tls: 'prefer',
    onTlsAccepted: () => {
      plain = postgresHandshake(endpoint, budget, { ...common, tls: 'disable' });
    },
  });
  // A TypeScript narrowing the callback hides: `plain` is set once `S` was read.
  const started = plain as Promise<PostgresHandshake> | null;
  if (!started) return { first: asked, secure: null };
  return { first: await started, secure: asked };
}

async function postgresCheck(
  endpoint: TcpEndpoint,
  budget: ProbeBudget,
  options: ProtocolCheckOptions,
  password: string | undefined,
): Promise<ProtocolCheck> {
  const user = options.user || PLACEHOLDER_USER;
  const userGiven = user !== PLACEHOLDER_USER;
  const common = {
    user,
    ...(options.database ? { database: options.database } : {}),
    ...(password === undefined ? {} : { password }),
    servername: options.servername,
    ...(options.connect ? { connect: options.connect } : {}),
  };
  // The answer identification's connection already read, when it is complete: the same StartupMessage, so the same
  // answer a connection of our own would get, one backend fork sooner.
  const replayed = options.startupAnswer ? postgresFromIdentification(options.startupAnswer) : null;
  const { first, secure: asked } = replayed
    ? { first: replayed, secure: null }
    : await firstHandshakes(endpoint, budget, options, common, password);
  let reading = postgresReading(first);
  const refusedInPlain =
    first.kind === 'answered' &&
    first.answer.kind === 'error' &&
    first.answer.error.code === '28000' &&
    first.answer.hbaEncryption === 'none';
  // The server said it has no TLS (`N`, here or to identification): no `hostssl` line can let anyone in.
  const noTls = options.tlsUnavailable || (first.kind === 'answered' && first.tls === 'refused');
  const mayTryTls = refusedInPlain && options.sslmode !== 'disable' && !noTls && !budget.signal?.aborted;
  const secure = asked ?? (mayTryTls ? await postgresHandshake(endpoint, budget, { ...common, tls: 'require' }) : null);
  const handshakes = secure ? [first, secure] : [first];
  if (secure && postgresRequiresTls(first, secure) && reading.kind === 'answered') {
    reading = { ...reading, reason: 'server-requires-tls', meaning: 'refused without SSL, let in with it (hostssl)' };
  }
  const passwordSent = handshakes.some(
    (h) => h.kind === 'answered' && (h.answer.kind === 'error' || h.answer.kind === 'ready') && h.answer.passwordSent,
  );
  // Without a user, a missing role is our placeholder's: the server wants the user the client logs in as.
  if (!userGiven && reading.kind === 'answered' && reading.reason === 'user-missing') {
    reading = { ...reading, reason: 'authentication-required' };
  }
  const database = options.database;
  return {
    protocol: 'postgresql',
    reading,
    handshakes,
    user,
    userGiven,
    passwordSent,
    database,
    fromIdentification: replayed !== null,
  };
}

function postgresReading(result: PostgresHandshake): ProtocolReading {
  switch (result.kind) {
    case 'answered': {
      const { answer } = result;
      if (answer.kind === 'error') {
        const text = [answer.error.message, answer.error.detail, answer.error.hint].filter(Boolean).join(' — ');
        return answered('postgresql', result.reason, answer.error.code, text, result.afterMs);
      }
      const word = answer.kind === 'ready' ? 'authentication-ok' : 'authentication-request';
      const message =
        answer.kind === 'ready'
          ? `session ready${answer.serverVersion ? `, server version ${answer.serverVersion}` : ''}`
          : `asks for ${answer.method}${answer.mechanisms.length > 0 ? ` (${answer.mechanisms.join(', ')})` : ''}`;
      return answered('postgresql', result.reason, word, message, result.afterMs);
    }
    case 'tls-unavailable':
      return {
        kind: 'answered',
        reason: 'server-requires-tls',
        answer: 'N',
        message: 'the server answered N to SSLRequest: it has no TLS, and sslmode requires it',
        meaning: 'the client requires TLS and the server has none',
        afterMs: result.afterMs,
      };
    default:
      return { kind: 'cut-short', cut: result };
  }
}
