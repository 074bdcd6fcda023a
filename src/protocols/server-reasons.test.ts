import { describe, expect, it } from 'vitest';
import { REASON_TABLE, reasonRow, type ServerReason, serverReason, type WireProtocol } from './server-reasons.js';

/** Every server answer we name, with the reason it must keep: a change here is a change of the tree's input. */
const PINNED: readonly [WireProtocol, string, string, ServerReason][] = [
  ['postgresql', 'authentication-ok', '', 'ok'],
  ['postgresql', 'authentication-request', '', 'ok'],
  [
    'postgresql',
    '28000',
    'no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", no encryption',
    'server-rejects-client',
  ],
  [
    'postgresql',
    '28000',
    'no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL off',
    'server-rejects-client',
  ],
  [
    'postgresql',
    '28000',
    'pg_hba.conf rejects connection for host "10.0.0.5", user "app", database "app", no encryption',
    'server-rejects-client',
  ],
  ['postgresql', '28000', 'role "conn_doctor" does not exist', 'user-missing'],
  ['postgresql', '28000', 'role "app" is not permitted to log in', 'server-rejects-client'],
  ['postgresql', '28P01', 'password authentication failed for user "app"', 'authentication-failed'],
  ['postgresql', '53300', 'sorry, too many clients already', 'server-connection-limit'],
  [
    'postgresql',
    '53300',
    'remaining connection slots are reserved for non-replication superuser connections',
    'server-connection-limit',
  ],
  ['postgresql', '57P03', 'the database system is starting up', 'server-not-ready'],
  ['postgresql', '57P03', 'the database system is shutting down', 'server-not-ready'],
  ['postgresql', '57P01', 'terminating connection due to administrator command', 'server-not-ready'],
  ['postgresql', '3D000', 'database "app" does not exist', 'database-missing'],
  ['postgresql', '08P01', 'invalid length of startup packet', 'server-error'],
  ['mysql', 'placeholder-denied', '10.11.19-MariaDB; to the placeholder user: 1045 Access denied', 'ok'],
  ['mysql', 'no-tls', '8.0.36, without CLIENT_SSL', 'server-requires-tls'],
  ['mysql', 'login-ok', 'logged in as "app" with mysql_native_password', 'ok'],
  ['mysql', 'placeholder-login-ok', 'logged in as the placeholder user "conn_doctor"', 'ok'],
  ['mysql', 'login-untested', 'caching_sha2_password asks for full authentication', 'ok'],
  ['mysql', '1698', "Access denied for user 'nobody'@'127.0.0.1'", 'authentication-failed'],
  ['mysql', '1130', "Host '10.0.0.5' is not allowed to connect to this MariaDB server", 'server-rejects-client'],
  ['mysql', '1129', "Host '10.0.0.5' is blocked because of many connection errors", 'server-rejects-client'],
  ['mysql', '1040', 'Too many connections', 'server-connection-limit'],
  [
    'mysql',
    '1203',
    'User app already has more than max_user_connections active connections',
    'server-connection-limit',
  ],
  ['mysql', '1226', "User 'app' has exceeded the 'max_user_connections' resource", 'server-connection-limit'],
  ['mysql', '1045', "Access denied for user 'app'@'10.0.0.5' (using password: NO)", 'authentication-required'],
  ['mysql', '1045', "Access denied for user 'app'@'10.0.0.5' (using password: YES)", 'authentication-failed'],
  ['mysql', '1044', "Access denied for user 'app'@'%' to database 'other'", 'server-rejects-client'],
  ['mysql', '3118', "Access denied for user 'app'@'%'. Account is locked.", 'server-rejects-client'],
  ['mysql', '1049', "Unknown database 'app'", 'database-missing'],
  [
    'mysql',
    '3159',
    'Connections using insecure transport are prohibited while --require_secure_transport=ON.',
    'server-requires-tls',
  ],
  ['mysql', '1053', 'Server shutdown in progress', 'server-not-ready'],
  ['mysql', '1043', 'Bad handshake', 'server-error'],
  ['redis', '+PONG', '', 'ok'],
  ['redis', '-NOAUTH', 'Authentication required.', 'authentication-required'],
  ['redis', '-WRONGPASS', 'invalid username-password pair or user is disabled.', 'authentication-failed'],
  ['redis', '-DENIED', 'Redis is running in protected mode because protected mode is enabled', 'server-rejects-client'],
  ['redis', '-NOPERM', "this user has no permissions to run the 'ping' command", 'server-rejects-client'],
  ['redis', '-LOADING', 'Redis is loading the dataset in memory', 'server-not-ready'],
  ['redis', '-MASTERDOWN', 'Link with MASTER is down and replica-serve-stale-data is set to no.', 'server-not-ready'],
  ['redis', '-BUSY', 'Redis is busy running a script.', 'server-not-ready'],
  ['redis', '-ERR', 'max number of clients reached', 'server-connection-limit'],
  ['redis', '-ERR', 'invalid password', 'authentication-failed'],
  ['redis', '-ERR', 'AUTH <password> called without any password configured for the default user.', 'ok'],
  ['redis', '-ERR', 'Client sent AUTH, but no password is set', 'ok'],
  ['redis', '-ERR', "unknown command 'PING'", 'server-error'],
  ['ssh', 'identification', '', 'ok'],
  ['ssh', 'text-then-end', 'Exceeded MaxStartups', 'server-connection-limit'],
  ['ssh', 'text-then-end', 'Access denied', 'server-error'],
  ['smtp', '220', 'mx.example ESMTP', 'ok'],
  ['smtp', '421', 'Too many concurrent SMTP connections; please try again later.', 'server-connection-limit'],
  ['smtp', '421', '4.7.0 mx.example Error: too many connections from 10.0.0.5', 'server-connection-limit'],
  ['smtp', '421', '4.3.2 Service shutting down', 'server-not-ready'],
  ['smtp', '554', '5.7.1 Service unavailable; client host blocked', 'server-rejects-client'],
  ['smtp', '550', 'no SMTP service for you', 'server-rejects-client'],
  ['smtp', '451', 'temporary local problem', 'server-error'],
  ['smtp', '250 to EHLO', 'mx.conn-doctor.test Hello [127.0.0.1] [127.0.0.1]', 'ok'],
  ['smtp', '250 to HELO', 'mx.example Hello [127.0.0.1]', 'ok'],
  ['smtp', '421 to EHLO', '4.7.0 mx.example Error: too many connections from 10.0.0.5', 'server-connection-limit'],
  ['smtp', '421 to HELO', 'Too many concurrent SMTP connections', 'server-connection-limit'],
  ['smtp', '421 to EHLO', '4.3.2 Service shutting down', 'server-not-ready'],
  ['smtp', '421 to HELO', 'mx.example lost input connection', 'server-not-ready'],
  ['smtp', '550 to EHLO', 'HELO/EHLO refused for 127.0.0.1 by policy', 'server-rejects-client'],
  ['smtp', '550 to HELO', 'HELO/EHLO refused for 127.0.0.1 by policy', 'server-rejects-client'],
  ['smtp', '554 to EHLO', '5.7.1 <[10.0.0.5]>: Helo command rejected: Access denied', 'server-rejects-client'],
  ['smtp', '554 to HELO', '5.7.1 <[10.0.0.5]>: Helo command rejected: Access denied', 'server-rejects-client'],
  ['smtp', '451 to EHLO', 'try later', 'server-error'],
  ['smtp', '502 to HELO', 'Command not recognized', 'server-error'],
  ['smtp', '454 to STARTTLS', '4.7.0 TLS not available due to local problem', 'server-error'],
  ['smtp', '454 to STARTTLS', '4.7.0 Error: too many new TLS sessions from unknown[192.0.2.7]', 'server-error'],
  ['smtp', '454 to STARTTLS', '4.3.0 Try again later', 'server-error'],
  ['smtp', '421 to STARTTLS', '4.3.2 Service shutting down', 'server-error'],
  ['smtp', '451 to STARTTLS', 'try TLS later', 'server-error'],
  ['smtp', '550 to STARTTLS', 'Administrative prohibition', 'server-error'],
  ['smtp', '554 to STARTTLS', '5.7.1 STARTTLS rejected', 'server-error'],
  ['smtp', '452 to STARTTLS', '4.3.1 Insufficient system resources', 'server-error'],
  ['smtp', '530 to STARTTLS', '5.7.0 Must issue a STARTTLS command first', 'server-error'],
  // The rows of a reply class, as the table names them; any code of the class without a row of its own reads them.
  ['smtp', '4xx to STARTTLS', 'try later', 'server-error'],
  ['smtp', '5xx to STARTTLS', 'refused', 'server-error'],
  ...(['500', '501', '502', '503', '504'] as const).map((code): [WireProtocol, string, string, ServerReason] => [
    'smtp',
    `${code} to STARTTLS`,
    'Bad sequence of commands',
    'server-error',
  ]),
  ['amqp', 'connection-start', '', 'ok'],
  ['amqp', 'protocol-header', '', 'protocol-version-mismatch'],
  // A 403 that is not RabbitMQ's refused login is not read as one.
  ['amqp', 'close-403', 'ACCESS_REFUSED', 'server-error'],
  // RabbitMQ 3.10's texts, as test/amqp-verdicts.real-server.test.ts measures them.
  ['amqp', 'open-ok', 'RabbitMQ 3.10.8, AMQP 0-9, mechanisms PLAIN AMQPLAIN; vhost "/" opened', 'ok'],
  [
    'amqp',
    'close-403',
    'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.',
    'authentication-failed',
  ],
  ['amqp', 'login-unanswered', '', 'server-error'],
  ['amqp', 'closed-after-start-ok', 'the broker closed the connection after the credentials', 'authentication-failed'],
  ['amqp', 'close-530', 'NOT_ALLOWED - vhost no-such-vhost not found', 'database-missing'],
  [
    'amqp',
    'close-530',
    "NOT_ALLOWED - access to vhost 'shop' refused for user 'app': connection limit (10) is reached",
    'server-connection-limit',
  ],
  ['amqp', 'close-530', "NOT_ALLOWED - access to vhost 'shop' refused for user 'outsider'", 'server-rejects-client'],
  ['amqp', 'close-530', 'NOT_ALLOWED - vhost shop is down', 'server-error'],
  ['mongodb', 'ok', '', 'ok'],
  ['mongodb', '13', 'command hello requires authentication', 'authentication-required'],
  ['mongodb', '18', 'Authentication failed.', 'authentication-failed'],
  ['mongodb', '91', 'The server is in quiesce mode and will shut down', 'server-not-ready'],
  ['mongodb', '189', 'Primary stepped down while waiting for replication', 'server-not-ready'],
  ['mongodb', '59', 'no such command', 'server-error'],
];

describe('the table of server answers', () => {
  it.each(PINNED)('%s %s %s → %s', (protocol, answer, message, reason) => {
    expect(serverReason(protocol, answer, message)).toBe(reason);
  });

  it('pins every row of the table', () => {
    for (const row of REASON_TABLE) {
      const pinned = PINNED.some(
        ([protocol, answer, message, reason]) =>
          protocol === row.protocol &&
          answer === row.answer &&
          reason === row.reason &&
          (!row.message || row.message.test(message)),
      );
      expect(pinned, `${row.protocol} ${row.answer} ${row.message ?? ''}`).toBe(true);
    }
  });

  it('puts rows narrowed by a message before the row without one, so that none is shadowed', () => {
    const seenCatchAll = new Set<string>();
    for (const row of REASON_TABLE) {
      const key = `${row.protocol} ${row.answer}`;
      expect(seenCatchAll.has(key), `${key} after its catch-all`).toBe(false);
      if (!row.message) seenCatchAll.add(key);
    }
  });

  it('reads a refusal of STARTTLS from one row, its refusal class and its meaning together', () => {
    const classOf = (code: number, text: string) => {
      const row = reasonRow('smtp', `${code} to STARTTLS`, text);
      return { refusal: row?.refusal ?? null, meaning: row?.meaning ?? null };
    };
    expect(classOf(454, '4.7.0 TLS not available due to local problem').refusal).toBe('unavailable');
    expect(classOf(454, 'TLS currently unavailable').refusal).toBe('unavailable');
    expect(classOf(454, '4.7.0 Error: too many new TLS sessions from unknown[192.0.2.7]').refusal).toBe('rate-limited');
    // Every other 4xx is temporary, every 5xx but a command error a rule: with the meaning that says so.
    for (const [code, text] of [
      [454, '4.3.0 Try again later'],
      [451, 'try TLS later'],
      [421, 'closing'],
      [452, 'Insufficient system resources'],
    ] as const) {
      expect(classOf(code, text), `${code}`).toEqual({
        refusal: 'temporary',
        meaning: expect.stringContaining('temporary refusal'),
      });
    }
    for (const code of [530, 550, 554]) {
      expect(classOf(code, 'no'), `${code}`).toEqual({
        refusal: 'policy',
        meaning: expect.stringContaining("a rule of the server's"),
      });
    }
    // A command error says nothing of TLS: a meaning of its own, and no refusal class.
    expect(classOf(503, 'Bad sequence of commands')).toEqual({
      refusal: null,
      meaning: expect.stringContaining('command error (503)'),
    });
    // A class row is for SMTP's replies only, and never stands in for a row with a code of its own.
    expect(reasonRow('smtp', '451 to EHLO', 'try later')).toBeNull();
    expect(reasonRow('smtp', '550 to EHLO', 'no')?.reason).toBe('server-rejects-client');
  });

  it('says what each answer means', () => {
    for (const row of REASON_TABLE) expect(row.meaning.length, `${row.protocol} ${row.answer}`).toBeGreaterThan(5);
  });
});
