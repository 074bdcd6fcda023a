/**
 * The server's own answer, mapped to our stable reasons: one table for every protocol, pinned by
 * server-reasons.test.ts. The tree branches on these reasons, never on the server's prose; the prose is evidence.
 */
export type ServerReason =
  /** The server answered as a healthy one does (a banner, PONG, an authentication request). */
  | 'ok'
  /** Its access rules refuse this client before any credential (pg_hba.conf, MySQL host grants, protected mode). */
  | 'server-rejects-client'
  /** It is at its connection limit. */
  | 'server-connection-limit'
  /** It accepts only TLS-protected sessions. */
  | 'server-requires-tls'
  /** It needs credentials that were not given. */
  | 'authentication-required'
  /** Credentials were given and refused. */
  | 'authentication-failed'
  /** It is starting, shutting down or recovering. */
  | 'server-not-ready'
  /** Finer: the database asked for does not exist. */
  | 'database-missing'
  /** Finer: the user (role) does not exist, and the rules let this client as far as saying so. */
  | 'user-missing'
  /** Finer: the server speaks another version of the protocol (an AMQP broker answering with its own header). */
  | 'protocol-version-mismatch'
  /** An error answer this table does not know: never read as healthy. */
  | 'server-error';

export type WireProtocol = 'postgresql' | 'mysql' | 'redis' | 'ssh' | 'smtp' | 'amqp' | 'mongodb';

export interface ReasonRow {
  protocol: WireProtocol;
  /**
   * What the server said, in the protocol's own terms: a SQLSTATE, a MySQL error number, a RESP reply's first
   * word, an SMTP reply code, a MongoDB error code, or a named event of the handshake (`banner`, `closed-before-banner`).
   */
  answer: string;
  /** Narrows the row to messages that match; rows with one come before the row without, for the same answer. */
  message?: RegExp;
  reason: ServerReason;
  /** What the answer means, in a few plain words. */
  meaning: string;
  /**
   * SMTP's rows for a refusal of STARTTLS only: what kind of refusal it is, which picks the verdict's words. Absent
   * where the reply says nothing of the server's TLS (a command error, 500–504).
   */
  refusal?: StartTlsRefusal;
}

/** How a refusal of the STARTTLS a server offered reads: what its code (and, for 454, its words) says of the server. */
export type StartTlsRefusal =
  /** 454 "TLS not available": the server could not set TLS up (Exim and Postfix: its certificate or key). */
  | 'unavailable'
  /** 454 "too many new TLS sessions": Postfix's limit on how often one client may start TLS. */
  | 'rate-limited'
  /** Any other 4xx: for now only (an ACL's `defer`, a milter's temporary answer, a 421 that closes the session). */
  | 'temporary'
  /** A 5xx other than a command error: the server's rules refuse TLS to this client (Exim's acl_smtp_starttls). */
  | 'policy';

/** The first row that matches wins (ordered most specific first where rows share an answer). */
export const REASON_TABLE: readonly ReasonRow[] = [
  // PostgreSQL: SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
  { protocol: 'postgresql', answer: 'authentication-ok', reason: 'ok', meaning: 'the rules let this client in' },
  {
    protocol: 'postgresql',
    answer: 'authentication-request',
    reason: 'ok',
    meaning: 'the rules let this client in; a password or other credential is the next step',
  },
  {
    protocol: 'postgresql',
    answer: '28000',
    message: /^no pg_hba\.conf entry/,
    reason: 'server-rejects-client',
    meaning: "no pg_hba.conf line matches this client's address, user, database and encryption",
  },
  {
    protocol: 'postgresql',
    answer: '28000',
    message: /^pg_hba\.conf rejects connection/,
    reason: 'server-rejects-client',
    meaning: 'a pg_hba.conf `reject` line matches this client',
  },
  {
    protocol: 'postgresql',
    answer: '28000',
    message: /^role ".*" does not exist$/,
    reason: 'user-missing',
    meaning: 'the rules let this client in without a password, and the user does not exist',
  },
  {
    protocol: 'postgresql',
    answer: '28000',
    reason: 'server-rejects-client',
    meaning: 'the server refuses this authorization (an account that may not log in, say)',
  },
  { protocol: 'postgresql', answer: '28P01', reason: 'authentication-failed', meaning: 'the password was refused' },
  {
    protocol: 'postgresql',
    answer: '53300',
    reason: 'server-connection-limit',
    meaning: 'too many clients: max_connections (or the slots left after the reserved ones) reached',
  },
  {
    protocol: 'postgresql',
    answer: '57P03',
    reason: 'server-not-ready',
    meaning: 'the server is starting up, shutting down or in recovery',
  },
  {
    protocol: 'postgresql',
    answer: '57P01',
    reason: 'server-not-ready',
    meaning: 'an administrator shut the server down',
  },
  { protocol: 'postgresql', answer: '3D000', reason: 'database-missing', meaning: 'the database does not exist' },

  // MySQL and MariaDB: server error numbers (https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html).
  {
    protocol: 'mysql',
    answer: 'placeholder-denied',
    reason: 'ok',
    meaning:
      "the server greeted, and refused conn-doctor's placeholder user as any unknown user: its rules let this client as far as a login",
  },
  {
    protocol: 'mysql',
    answer: 'no-tls',
    reason: 'server-requires-tls',
    meaning: 'the client requires TLS and the server offers none (no CLIENT_SSL in its greeting)',
  },
  {
    protocol: 'mysql',
    answer: 'placeholder-login-ok',
    reason: 'ok',
    meaning:
      "no password was given: the placeholder user logged in, through an anonymous account; the URL's user was not tried",
  },
  {
    protocol: 'mysql',
    answer: 'login-ok',
    reason: 'ok',
    meaning: 'the login with the password from the URL succeeded: the rules and the password let this client in',
  },
  {
    protocol: 'mysql',
    answer: 'login-untested',
    reason: 'ok',
    meaning: 'the rules let this client as far as the password check; the password itself could not be judged here',
  },
  {
    protocol: 'mysql',
    answer: '1130',
    reason: 'server-rejects-client',
    meaning: "no account's host part matches this client's address",
  },
  {
    protocol: 'mysql',
    answer: '1129',
    reason: 'server-rejects-client',
    meaning: 'this host is blocked after too many connection errors (max_connect_errors)',
  },
  { protocol: 'mysql', answer: '1040', reason: 'server-connection-limit', meaning: 'max_connections reached' },
  {
    protocol: 'mysql',
    answer: '1203',
    reason: 'server-connection-limit',
    meaning: "the user's max_user_connections reached",
  },
  {
    protocol: 'mysql',
    answer: '1226',
    reason: 'server-connection-limit',
    meaning: "a resource limit of the user's reached",
  },
  {
    protocol: 'mysql',
    answer: '1045',
    message: /using password: NO\)$/,
    reason: 'authentication-required',
    meaning: 'access denied, and no password was sent',
  },
  {
    protocol: 'mysql',
    answer: '1045',
    reason: 'authentication-failed',
    meaning: 'access denied for this user and password',
  },
  {
    protocol: 'mysql',
    answer: '1698',
    reason: 'authentication-failed',
    meaning: 'access denied: no such account for this host, or one that logs in another way (unix_socket)',
  },
  { protocol: 'mysql', answer: '1044', reason: 'server-rejects-client', meaning: 'the user may not use this database' },
  { protocol: 'mysql', answer: '3118', reason: 'server-rejects-client', meaning: 'the account is locked' },
  { protocol: 'mysql', answer: '1049', reason: 'database-missing', meaning: 'the database does not exist' },
  {
    protocol: 'mysql',
    answer: '3159',
    reason: 'server-requires-tls',
    meaning: 'require_secure_transport: connections without TLS are refused',
  },
  { protocol: 'mysql', answer: '1053', reason: 'server-not-ready', meaning: 'the server is shutting down' },

  // Redis: the first word of a RESP reply (https://redis.io/docs/latest/develop/reference/protocol-spec/).
  { protocol: 'redis', answer: '+PONG', reason: 'ok', meaning: 'the server answered PING' },
  {
    protocol: 'redis',
    answer: '-NOAUTH',
    reason: 'authentication-required',
    meaning: 'requirepass or ACLs ask for AUTH',
  },
  {
    protocol: 'redis',
    answer: '-WRONGPASS',
    reason: 'authentication-failed',
    meaning: 'the user name or password was refused',
  },
  {
    protocol: 'redis',
    answer: '-DENIED',
    reason: 'server-rejects-client',
    meaning: 'protected mode refuses non-loopback clients',
  },
  {
    protocol: 'redis',
    answer: '-NOPERM',
    reason: 'server-rejects-client',
    meaning: "the user's ACL forbids the command",
  },
  { protocol: 'redis', answer: '-LOADING', reason: 'server-not-ready', meaning: 'the dataset is still being loaded' },
  {
    protocol: 'redis',
    answer: '-MASTERDOWN',
    reason: 'server-not-ready',
    meaning: 'a replica lost its link to the master',
  },
  { protocol: 'redis', answer: '-BUSY', reason: 'server-not-ready', meaning: 'a script or function is still running' },
  {
    protocol: 'redis',
    answer: '-ERR',
    message: /^max number of clients reached/,
    reason: 'server-connection-limit',
    meaning: 'maxclients reached',
  },
  {
    protocol: 'redis',
    answer: '-ERR',
    message: /^invalid password/,
    reason: 'authentication-failed',
    meaning: 'the password was refused (Redis before 6)',
  },
  {
    protocol: 'redis',
    answer: '-ERR',
    message: /^(AUTH <password> called without any password configured|Client sent AUTH, but no password is set)/,
    reason: 'ok',
    meaning: 'a password was sent, but the server has none: it does not need one',
  },

  // SSH: the identification exchange (RFC 4253 §4.2) and what OpenSSH's sshd does instead. A close before any byte
  // has no row: once proves no rule (a forwarder without a backend does the same), so it is read as cut short.
  { protocol: 'ssh', answer: 'identification', reason: 'ok', meaning: 'the server sent its identification line' },
  {
    protocol: 'ssh',
    answer: 'text-then-end',
    message: /^Exceeded MaxStartups/,
    reason: 'server-connection-limit',
    meaning: 'sshd drops new connections while too many are still unauthenticated (MaxStartups)',
  },

  // SMTP: the greeting's reply code (RFC 5321 §4.2, §3.1).
  { protocol: 'smtp', answer: '220', reason: 'ok', meaning: 'the server is ready' },
  {
    protocol: 'smtp',
    answer: '421',
    message: /too many|concurren|connection limit|connections from/i,
    reason: 'server-connection-limit',
    meaning: 'the server refuses more connections for now',
  },
  {
    protocol: 'smtp',
    answer: '421',
    reason: 'server-not-ready',
    meaning: 'the service is not available and is closing the connection',
  },
  {
    protocol: 'smtp',
    answer: '554',
    reason: 'server-rejects-client',
    meaning: 'no SMTP service for this client (a block list or an access rule)',
  },
  {
    protocol: 'smtp',
    answer: '550',
    reason: 'server-rejects-client',
    meaning: "refused at connect (Exim's connect ACL answers 550 where RFC 5321 says 554)",
  },
  // SMTP: the answer to EHLO, or to HELO where EHLO was not recognised (RFC 5321 §4.1.1.1, §4.2.2, §4.3.2).
  ...(['EHLO', 'HELO'] as const).flatMap((verb): ReasonRow[] => [
    { protocol: 'smtp', answer: `250 to ${verb}`, reason: 'ok', meaning: `the server accepts this client's ${verb}` },
    {
      protocol: 'smtp',
      answer: `421 to ${verb}`,
      message: /too many|concurren|connection limit|connections from/i,
      reason: 'server-connection-limit',
      meaning: `the server refuses more sessions for now, and closes at ${verb}`,
    },
    {
      protocol: 'smtp',
      answer: `421 to ${verb}`,
      reason: 'server-not-ready',
      meaning: `the service is not available and closes the connection at ${verb}`,
    },
    {
      protocol: 'smtp',
      answer: `550 to ${verb}`,
      reason: 'server-rejects-client',
      meaning: `its ${verb} rules refuse this client (Exim's acl_smtp_helo, Postfix's smtpd_helo_restrictions)`,
    },
    {
      protocol: 'smtp',
      answer: `554 to ${verb}`,
      reason: 'server-rejects-client',
      meaning: `its ${verb} rules refuse this client (a block list or an access rule)`,
    },
  ]),
  // SMTP: the answer to the STARTTLS it offered (RFC 3207 §4; Exim 4.96 measured, Postfix's smtpd.c read). Only a 454
  // that says TLS is unavailable speaks of the certificate: Exim's "TLS currently unavailable" and Postfix's "TLS not
  // available due to local problem" (both when they cannot load their certificate or key); Postfix's other 454s are a
  // rate limit and a milter's "Try again later". `4xx`/`5xx` rows hold every code of that class (RFC 5321 §4.2.1).
  {
    protocol: 'smtp',
    answer: '454 to STARTTLS',
    message: /too many/i,
    reason: 'server-error',
    meaning: 'it offers STARTTLS, then refuses it: this client started too many new TLS sessions lately',
    refusal: 'rate-limited',
  },
  {
    protocol: 'smtp',
    answer: '454 to STARTTLS',
    message: /unavailable|not available|local problem/i,
    reason: 'server-error',
    meaning:
      'it offers STARTTLS, then refuses it: TLS is not available on the server now (a certificate or key it cannot read, say)',
    refusal: 'unavailable',
  },
  {
    protocol: 'smtp',
    answer: '4xx to STARTTLS',
    reason: 'server-error',
    meaning: 'it offers STARTTLS, then refuses it for now (a 4xx reply: a temporary refusal)',
    refusal: 'temporary',
  },
  ...(['500', '501', '502', '503', '504'] as const).map(
    (code): ReasonRow => ({
      protocol: 'smtp',
      answer: `${code} to STARTTLS`,
      reason: 'server-error',
      meaning: `it offers STARTTLS, then answers the command with a command error (${code}), which says nothing of its TLS`,
    }),
  ),
  {
    protocol: 'smtp',
    answer: '5xx to STARTTLS',
    reason: 'server-error',
    meaning:
      "it offers STARTTLS, then refuses it to this client (a 5xx reply: a rule of the server's, such as Exim's acl_smtp_starttls)",
    refusal: 'policy',
  },

  // AMQP 0-9-1: what answers the protocol header.
  {
    protocol: 'amqp',
    answer: 'connection-start',
    reason: 'ok',
    meaning: 'the broker opened the connection (Connection.Start)',
  },
  {
    protocol: 'amqp',
    answer: 'protocol-header',
    reason: 'protocol-version-mismatch',
    meaning: 'the broker answered with the protocol version it speaks instead',
  },
  // AMQP's login, with a password from the URL: Open-Ok, or the broker's Connection.Close and its reply code
  // (0-9-1 §1.9 constants; texts as RabbitMQ 3.10 words them, measured in test/amqp-verdicts.real-server.test.ts).
  {
    protocol: 'amqp',
    answer: 'open-ok',
    reason: 'ok',
    meaning: 'the login with the password from the URL succeeded and the vhost opened (Connection.Open-Ok)',
  },
  {
    protocol: 'amqp',
    answer: 'close-403',
    message: /^ACCESS_REFUSED - Login was refused/,
    reason: 'authentication-failed',
    meaning: 'the broker refused the user name and password (ACCESS_REFUSED)',
  },
  {
    protocol: 'amqp',
    answer: 'login-unanswered',
    reason: 'server-error',
    meaning:
      'the broker took the credentials, then stopped answering the login or ended the connection without a word, after the point where a refused login is said',
  },
  {
    protocol: 'amqp',
    answer: 'closed-after-start-ok',
    reason: 'authentication-failed',
    meaning:
      'the broker closed the connection right after the credentials, which is how AMQP 0-9-1 refuses a login when the broker sends no reason',
  },
  {
    protocol: 'amqp',
    answer: 'close-530',
    message: /^NOT_ALLOWED - vhost .* not found$/,
    reason: 'database-missing',
    meaning: 'the login worked, and the vhost asked for does not exist',
  },
  {
    protocol: 'amqp',
    answer: 'close-530',
    message: /connection limit \(\d+\) is reached/,
    reason: 'server-connection-limit',
    meaning: "the vhost's or the user's connection limit is reached",
  },
  {
    protocol: 'amqp',
    answer: 'close-530',
    message: /^NOT_ALLOWED - access to vhost .* refused for user /,
    reason: 'server-rejects-client',
    meaning: 'the login worked, and the user has no permissions on this vhost',
  },

  // MongoDB: `hello`'s `ok`, else its error code (https://www.mongodb.com/docs/manual/reference/error-codes/).
  { protocol: 'mongodb', answer: 'ok', reason: 'ok', meaning: 'the server answered hello' },
  {
    protocol: 'mongodb',
    answer: '13',
    reason: 'authentication-required',
    meaning: 'Unauthorized: the command needs a login',
  },
  { protocol: 'mongodb', answer: '18', reason: 'authentication-failed', meaning: 'AuthenticationFailed' },
  { protocol: 'mongodb', answer: '91', reason: 'server-not-ready', meaning: 'ShutdownInProgress' },
  { protocol: 'mongodb', answer: '189', reason: 'server-not-ready', meaning: 'PrimarySteppedDown' },
];

/**
 * The row for this answer, or null when the table has none (the caller reports `server-error`). An SMTP reply
 * (`452 to STARTTLS`) without a row of its own takes its class's (`4xx to STARTTLS`), where the table has one.
 */
export function reasonRow(protocol: WireProtocol, answer: string, message = ''): ReasonRow | null {
  const rowFor = (wanted: string) =>
    REASON_TABLE.find(
      (row) => row.protocol === protocol && row.answer === wanted && (!row.message || row.message.test(message)),
    ) ?? null;
  const ofClass = protocol === 'smtp' ? /^(\d)\d\d( to .+)$/.exec(answer) : null;
  return rowFor(answer) ?? (ofClass ? rowFor(`${ofClass[1]}xx${ofClass[2]}`) : null);
}

/** The reason for this answer: from the table, or `server-error` for an answer it does not know. */
export function serverReason(protocol: WireProtocol, answer: string, message = ''): ServerReason {
  return reasonRow(protocol, answer, message)?.reason ?? 'server-error';
}
