import type { SymptomTier } from './pattern-kit.js';

/**
 * What servers of the application protocols answer when they refuse a client, as their clients print it: libpq
 * (psql, psycopg, the pg gem, node-postgres, JDBC's PSQLException all carry the server's own words), the MySQL and
 * MariaDB clients, Redis clients (redis-cli, ioredis, redis-py, Jedis), OpenSSH, MongoDB drivers, AMQP clients and
 * SMTP. The connection worked in every one of them: the server answered in its own protocol and said no, so they
 * name the refusal, which the protocol handshake can reproduce. Before the error codes and OS phrases, because
 * OpenSSH's `kex_exchange_identification: read: Connection reset by peer` says more than the reset alone.
 */
export const protocolTier: SymptomTier = {
  // The words every pattern below needs: one scan for texts of other families.
  gate: /pg_hba|too many|connection slots|database system is|does not exist|authentication failed|no password supplied|not allowed to connect|blocked because|Access denied for user|ER_ACCESS_DENIED|ER_CON_COUNT|insecure transport|NOAUTH|WRONGPASS|username-password|DENIED Redis|max number of clients|LOADING Redis|exchange_identification|banner exchange|Connection (?:closed|reset) by \S+ port|ServerSelectionError|ACCESS_REFUSED|NOT_ALLOWED|closed abruptly|\b554\b/i,
  patterns: [
    // PostgreSQL: the server's FATAL message, whichever client wraps it.
    {
      pattern: /no pg_hba\.conf entry for host|pg_hba\.conf rejects connection/i,
      id: 'server-rejects-client',
      source: 'PostgreSQL 28000 (no pg_hba.conf line for this client)',
      meaning:
        'The connection worked and PostgreSQL answered, but refused this client: no line of its pg_hba.conf matches this client address, user and database (with "no encryption" / "SSL off": none for a connection without TLS).',
    },
    {
      pattern:
        /sorry, too many clients already|remaining connection slots are reserved|too many connections for (?:role|database)/i,
      id: 'server-connection-limit',
      source: 'PostgreSQL 53300 (too many clients)',
      meaning:
        'The connection worked and PostgreSQL answered, but refused it because all its connection slots (max_connections) are taken.',
    },
    {
      pattern: /the database system is (?:starting up|shutting down|in recovery mode|not yet accepting connections)/i,
      id: 'server-not-ready',
      source: 'PostgreSQL 57P03 (not accepting connections yet)',
      meaning:
        'The connection worked and PostgreSQL answered, but it is not ready for clients: it is starting up, recovering or shutting down.',
    },
    {
      pattern: /\bdatabase "[^"\n]*" does not exist/,
      id: 'database-missing',
      source: 'PostgreSQL 3D000 (no such database)',
      meaning:
        'The connection worked and PostgreSQL answered, but the database named in the connection settings does not exist on that server (without a name, clients use the user name).',
    },
    {
      pattern: /password authentication failed for user/i,
      id: 'authentication-failed',
      source: 'PostgreSQL 28P01 (password refused)',
      meaning: 'The connection worked and PostgreSQL answered, but refused the user name or password.',
    },
    {
      pattern: /fe_sendauth: no password supplied/,
      id: 'authentication-required',
      source: 'PostgreSQL libpq (a password is required)',
      meaning: 'The connection worked and PostgreSQL asked for a password, but the client had none to send.',
    },
    // MySQL and MariaDB: the server's error number, in the forms clients print it.
    {
      pattern: /Host '[^'\n]*' is not allowed to connect to this (?:MySQL|MariaDB) server/i,
      id: 'server-rejects-client',
      source: 'MySQL 1130 (host not allowed)',
      meaning:
        "The connection worked and the MySQL/MariaDB server answered, but no account may connect from this client's address (the user's host part does not match it).",
    },
    {
      pattern: /is blocked because of many connection errors/i,
      id: 'server-rejects-client',
      source: 'MySQL 1129 (host blocked)',
      meaning:
        "The connection worked and the MySQL/MariaDB server answered, but it blocks this client's address after too many broken connection attempts (max_connect_errors) until `mysqladmin flush-hosts`.",
    },
    {
      pattern: /\b(?:1040\b[^\n]*Too many connections|ER_CON_COUNT_ERROR)/i,
      id: 'server-connection-limit',
      source: 'MySQL 1040 (too many connections)',
      meaning:
        'The connection worked and the MySQL/MariaDB server answered, but refused it because max_connections is reached.',
    },
    {
      pattern: /Connections using insecure transport are prohibited/i,
      id: 'server-requires-tls',
      source: 'MySQL 3159 (TLS required)',
      meaning:
        'The connection worked and the MySQL server answered, but it accepts only encrypted connections (require_secure_transport=ON) and this one was not.',
    },
    // `(using password: NO)` cannot be told from YES here: the redaction of secrets hides the word after it.
    {
      pattern: /Access denied for user|ER_ACCESS_DENIED_ERROR/i,
      id: 'authentication-failed',
      source: 'MySQL 1045 (access denied)',
      meaning:
        'The connection worked and the MySQL/MariaDB server answered, but refused the login: a wrong or missing password, or a user that may not connect from this address.',
    },
    // Redis: the first word of the error reply, whichever client (ioredis ReplyError, redis-py, Jedis) prints it.
    {
      pattern: /\bNOAUTH Authentication required/i,
      id: 'authentication-required',
      source: 'Redis -NOAUTH',
      meaning:
        'The connection worked and Redis answered, but it asks for a password (requirepass or ACL users) before any command, and none was sent.',
    },
    {
      pattern: /\bWRONGPASS\b|invalid username-password pair/i,
      id: 'authentication-failed',
      source: 'Redis -WRONGPASS',
      meaning: 'The connection worked and Redis answered, but refused the user name or password.',
    },
    {
      pattern: /\bDENIED Redis is running in protected mode/i,
      id: 'server-rejects-client',
      source: 'Redis -DENIED (protected mode)',
      meaning:
        'The connection worked and Redis answered, but protected mode refuses clients from other machines while it has no password and no bind address.',
    },
    {
      pattern: /max number of clients reached/i,
      id: 'server-connection-limit',
      source: 'Redis -ERR max number of clients reached',
      meaning: 'The connection worked and Redis answered, but refused it because maxclients is reached.',
    },
    {
      pattern: /\bLOADING Redis is loading the dataset in memory/i,
      id: 'server-not-ready',
      source: 'Redis -LOADING',
      meaning:
        'The connection worked and Redis answered, but it is still loading its data from disk after a start and serves no commands until it is done.',
    },
    // OpenSSH: what ssh prints when the server goes away before or during the identification exchange.
    {
      pattern: /(?:kex|ssh)_exchange_identification: read: Connection reset/i,
      id: 'dropped-at-greeting',
      source: "OpenSSH (reset before the server's identification)",
      meaning:
        'The connection opened, then was reset before sshd sent its identification line: sshd refusing this client (MaxStartups, an access rule in hosts.deny or a firewall), or a port forward with nothing behind it.',
    },
    {
      pattern: /(?:kex|ssh)_exchange_identification: Connection closed by remote host/i,
      id: 'dropped-at-greeting',
      source: "OpenSSH (closed before the server's identification)",
      meaning:
        'The connection opened, then was closed before sshd sent its identification line: sshd refusing this client (MaxStartups, an access rule), a proxy that blocks SSH, or a port forward with nothing behind it.',
    },
    {
      pattern: /Connection timed out during banner exchange/i,
      id: 'timeout',
      source: 'OpenSSH (no identification in time)',
      meaning:
        "The connection opened, but sshd's identification line did not arrive in time: a hung or overloaded server, or a firewall or proxy that accepts connections and passes nothing on.",
    },
    {
      pattern: /^Connection (?:closed|reset) by \S+ port \d+\s*$/m,
      id: 'dropped-at-greeting',
      source: 'OpenSSH (connection ended by the server)',
      meaning:
        'The connection opened, then the server side ended it during the SSH exchange: sshd refusing this client (an access rule, MaxStartups), or something in between cutting SSH.',
    },
    // MongoDB drivers: the server's AuthenticationFailed (code 18).
    {
      pattern: /(?:Mongo\w*Error|OperationFailure)\b[^\n]*Authentication failed/,
      id: 'authentication-failed',
      source: 'MongoDB AuthenticationFailed (18)',
      meaning:
        'The connection worked and MongoDB answered, but refused the user name or password (or the user does not exist in the authSource database).',
    },
    // The Node.js driver (and Mongoose) when its monitoring connection got no answer to hello.
    {
      pattern: /ServerSelectionError: connection <monitor> to \S+ closed/,
      id: 'dropped-at-greeting',
      source: 'MongoDB driver (closed before hello was answered)',
      meaning:
        "The connection opened, then the server side closed it before answering the driver's hello: a server refusing the client (a limit, TLS expected), another service on the port, or a proxy with nothing behind it.",
    },
    {
      pattern: /ServerSelectionError: connection <monitor> to \S+ timed out/,
      id: 'timeout',
      source: 'MongoDB driver (no answer to hello in time)',
    },
    // AMQP (RabbitMQ): the broker's Connection.Close reply text, and a close before it answered at all.
    {
      pattern: /ACCESS_REFUSED - Login was refused/i,
      id: 'authentication-failed',
      source: 'AMQP 403 ACCESS_REFUSED',
      meaning:
        'The connection worked and the broker answered, but refused the login (a wrong user name or password, or the guest user from another machine).',
    },
    {
      pattern: /NOT_ALLOWED - vhost (?:\S+ )?not found/i,
      id: 'database-missing',
      source: 'AMQP 530 NOT_ALLOWED (no such vhost)',
      meaning:
        'The connection worked and the broker accepted the login, but the virtual host asked for does not exist.',
    },
    {
      // Not its connection-limit form, which goes on with ": connection limit (N) is reached".
      pattern: /NOT_ALLOWED - access to vhost '[^']*' refused for user '[^']*'(?!: connection limit)/i,
      id: 'server-rejects-client',
      source: 'AMQP 530 NOT_ALLOWED (no permissions on the vhost)',
      meaning:
        'The connection worked and the broker accepted the login, but the user has no permissions on the virtual host asked for.',
    },
    {
      pattern: /Socket closed abruptly during opening handshake/i,
      id: 'dropped-at-greeting',
      source: 'AMQP client (closed during the opening handshake)',
      meaning:
        "The connection opened, then ended before the broker's opening handshake finished: the broker refusing the connection (a limit, an access rule, TLS expected), another service on the port, or a proxy with nothing behind it.",
    },
    // SMTP: the greeting's reply code.
    {
      pattern: /\b421\b[^\n]*Too many (?:concurrent SMTP )?connections/i,
      id: 'server-connection-limit',
      source: 'SMTP 421 (too many connections)',
      meaning:
        'The connection worked and the mail server answered, but refuses more connections from this client for now (a limit on concurrent connections).',
    },
    {
      pattern: /\b554\b[^\n]*(?:rejected|not allowed to connect|no SMTP service)/i,
      id: 'server-rejects-client',
      source: 'SMTP 554 (refused at the greeting)',
      meaning:
        'The connection worked and the mail server answered, but refuses this client (a block list or an access rule for its address).',
    },
  ],
};
