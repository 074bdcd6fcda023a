import type { WireProtocol } from '../../protocols/server-reasons.js';
import { identifyProtocol } from '../../probes/identify-protocol.js';
import { protocolSchemes } from '../../shared/target.js';
import { hostPort, openSslClient, serverLogs, shellQuote, whoListens } from '../commands.js';
import { type Facts, portOf, serverNameOf } from '../facts.js';
import type { Confidence, Verdict, VerdictId } from '../verdict-ids.js';
import { serviceEvidence } from './tls-evidence.js';
import { answerOf, clientAddressOf, protocolEvidence, protocolNames, serverAt } from './protocol-evidence.js';
import { ruleQueries, SERVER_ACCESS_QUESTION, serverRuleCommand } from './server-rule-command.js';
import {
  amqpConnectionLimitSteps,
  amqpLoginSteps,
  amqpVhostMissing,
  amqpVhostRefused,
  refusedAtOpen,
} from './amqp-verdicts.js';
import {
  smtpRejectsConfidence,
  smtpRejectsSentence,
  smtpRejectsSteps,
  smtpStartTlsRefused,
  smtpUnanswered,
} from './smtp-words.js';

/** Verdicts where the server answered in its own protocol, and the answer was no. */

interface Words {
  title: string;
  summary: string;
  confidence: Confidence;
  nextSteps: string[];
}

function verdict(id: VerdictId, facts: Facts, words: Words): Verdict {
  return { id, ...words, nextSteps: [...onTheServer(facts), ...words.nextSteps], evidence: protocolEvidence(facts) };
}

/** When the user said they can run a command on the server: the one that shows the rule, first. */
function onTheServer(facts: Facts): string[] {
  if (facts.answers[SERVER_ACCESS_QUESTION] !== 'yes') return [];
  const rule = serverRuleCommand(facts);
  return rule ? [`On the server, run \`${rule.command}\` and look for ${rule.lookFor}`] : [];
}

const protocolOf = (facts: Facts): WireProtocol | null => facts.protocol?.protocol ?? null;
/** The user to fill into commands: the URL's, else a placeholder the reader replaces. */
const userOf = (facts: Facts): string => (facts.protocol?.userGiven ? facts.protocol.user! : 'your_user');
/** The database to fill into commands: the one the handshake asked for (from the URL), else a placeholder. */
const databaseOf = (facts: Facts): string => facts.protocol?.database || 'your_db';
const said = (facts: Facts): string => {
  const answer = answerOf(facts);
  return answer?.message ? ` It said: "${answer.message.slice(0, 200).replace(/\.$/, '')}".` : '';
};
/** `192.0.2.10/32`, or a placeholder when the client's address as the server sees it is unknown. */
const clientCidr = (facts: Facts): string => {
  const address = clientAddressOf(facts);
  if (!address) return '<client address>/32';
  return address.includes(':') ? `${address}/128` : `${address}/32`;
};
const psql = (facts: Facts, extra = ''): string =>
  `psql ${shellQuote(`host=${facts.target.host} port=${portOf(facts)} user=${userOf(facts)} dbname=${databaseOf(facts)}${extra}`)}`;
const redisCli = (facts: Facts, command: string): string =>
  `redis-cli -h ${shellQuote(facts.target.host)} -p ${portOf(facts)} ${command}`;
const mysqlClient = (facts: Facts): string =>
  `mysql -h ${shellQuote(facts.target.host)} -P ${portOf(facts)} -u ${shellQuote(userOf(facts))} -p`;
const sshVerbose = (facts: Facts): string =>
  `ssh -v -p ${portOf(facts)} ${shellQuote(`${userOf(facts)}@${facts.target.host}`)}`;

export function serverRejectsClient(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  // AMQP refuses the vhost after the login worked: the rule is the user's permissions, not the client's address.
  if (refusedAtOpen(facts))
    return verdict('server-rejects-client', facts, { ...amqpVhostRefused(facts), confidence: 'certain' });
  const cidr = clientCidr(facts);
  const steps: Record<WireProtocol, string[]> = {
    postgresql: [
      `Add a line for this client to pg_hba.conf on the server (lines are read top to bottom; the first match decides): \`host ${databaseOf(facts)} ${userOf(facts)} ${cidr} scram-sha-256\``,
      "Reload PostgreSQL after the change: `sudo -u postgres psql -c 'SELECT pg_reload_conf()'`",
      "See the rules the server reads, and any line it could not parse: `sudo -u postgres psql -c 'SELECT * FROM pg_hba_file_rules'`",
      `Try again: \`${psql(facts)}\``,
    ],
    mysql: [
      `Allow this user from this client's address: \`CREATE USER '${userOf(facts)}'@'${clientAddressOf(facts) ?? '%'}' IDENTIFIED BY '…'; GRANT ALL ON ${databaseOf(facts)}.* TO '${userOf(facts)}'@'${clientAddressOf(facts) ?? '%'}';\``,
      'See which hosts each account may connect from: `mysql -u root -e "SELECT user, host FROM mysql.user"`',
      'For error 1129 (host blocked after too many connection errors): `mysqladmin flush-hosts`, and raise `max_connect_errors`',
      `Try again: \`${mysqlClient(facts)}\``,
    ],
    redis: [
      'Protected mode refuses clients from other addresses while no password is set. Set one in redis.conf (`requirepass …`, or ACL users) and connect with it',
      'Or, on a trusted network only, let the server listen there: `bind 0.0.0.0` and `protected-mode no` in redis.conf',
      `Check the settings: \`${redisCli(facts, 'CONFIG GET protected-mode')}\` (from the server itself)`,
    ],
    ssh: [
      "Look at the server's access rules: `AllowUsers`, `DenyUsers`, `Match Address` in /etc/ssh/sshd_config, and /etc/hosts.allow, /etc/hosts.deny",
      "Watch sshd's log while you connect: `sudo journalctl -u ssh -f`",
      `Connect with details: \`${sshVerbose(facts)}\``,
    ],
    smtp: smtpRejectsSteps(facts, clientAddressOf(facts) ?? '<client address>'),
    amqp: ["Read the broker's log for this client's address: `sudo journalctl -u rabbitmq-server`"],
    mongodb: ["Read the server's log for this client's address: `sudo journalctl -u mongod`"],
  };
  return verdict('server-rejects-client', facts, {
    title: `${serverAt(facts)} refuses this client by its access rules`,
    summary:
      'The connection worked and the server is up: it answered in its own protocol, and the answer was that its ' +
      'access rules do not let this client in. This happens before any password is checked, so a password change ' +
      `will not help; a rule on the server has to name this client's address or user.${said(facts)}` +
      (protocol === 'smtp' ? smtpRejectsSentence(facts) : ''),
    confidence: protocol === 'smtp' ? smtpRejectsConfidence(facts) : 'certain',
    nextSteps: protocol ? steps[protocol] : [`Look at the server's logs: \`${serverLogs('linux')}\``],
  });
}

export function serverConnectionLimit(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  const steps: Record<WireProtocol, string[]> = {
    postgresql: [
      "See who holds the connections: `sudo -u postgres psql -c 'SELECT usename, client_addr, state, count(*) FROM pg_stat_activity GROUP BY 1, 2, 3 ORDER BY 4 DESC'`",
      "Compare with the limit: `sudo -u postgres psql -c 'SHOW max_connections'` (superuser_reserved_connections are kept back)",
      'Put a pool (PgBouncer) in front, lower the pool size of each app, or raise `max_connections` in postgresql.conf (needs a restart)',
    ],
    mysql: [
      "See who holds the connections: `mysql -u root -e 'SHOW PROCESSLIST'`",
      'Compare with the limit: `mysql -u root -e "SHOW VARIABLES LIKE \'max_connections\'"`; raise it with `SET GLOBAL max_connections = 500` (and in my.cnf)',
      'Lower the pool size of each app, or close idle connections sooner (`wait_timeout`)',
    ],
    redis: [
      `Count the clients: \`${redisCli(facts, 'INFO clients')}\` and see them with \`${redisCli(facts, 'CLIENT LIST')}\``,
      `Raise the limit: \`maxclients 20000\` in redis.conf (also bounded by the open-files limit), or fix the client that leaks connections`,
    ],
    ssh: [
      'sshd drops new connections while too many are still unauthenticated (`MaxStartups`, default 10:30:100): raise it in /etc/ssh/sshd_config, e.g. `MaxStartups 50:30:200`',
      "See who holds unauthenticated connections: `sudo ss -tnp state established '( sport = :22 )'`",
      'Reuse one connection for many commands (`ControlMaster auto` with `ControlPersist 10m` in ~/.ssh/config) instead of opening one per command',
      `Confirm it from here: \`${sshVerbose(facts)}\` (a refusal reads "kex_exchange_identification: Connection closed by remote host")`,
    ],
    smtp: ["The server refuses more connections for now: retry later, and read the server's log for its limit"],
    amqp: amqpConnectionLimitSteps(facts),
    mongodb: ['See the connections: `db.serverStatus().connections` in mongosh, and `net.maxIncomingConnections`'],
  };
  // sshd still counts a connection that has just closed until its child has gone: conn-doctor's own connect check,
  // a moment before, may have been the one too many on a server with a very low MaxStartups.
  const ownConnect =
    protocol === 'ssh'
      ? " conn-doctor's own connect check, made just before, still counts at sshd for a moment: with a very low " +
        'MaxStartups it may have been the one too many, so run `ssh -v` once more to confirm.'
      : '';
  return verdict('server-connection-limit', facts, {
    title: `${serverAt(facts)} is at its connection limit`,
    summary:
      'The connection worked and the server answered, but only to say it has no room for another client: it is at ' +
      'its connection limit. Clients that open a connection per request, or pools larger than the server allows, get ' +
      `here. It is not a network fault; more retries make it worse.${said(facts)}${ownConnect}`,
    confidence: protocol === 'ssh' ? 'likely' : 'certain',
    nextSteps: protocol ? steps[protocol] : [],
  });
}

export function serverRequiresTls(facts: Facts): Verdict {
  if (facts.protocol?.reading.kind === 'cut-short') return tlsOnlyPort(facts);
  const protocol = protocolOf(facts);
  const mysqlNoTls = protocol === 'mysql' && answerOf(facts)?.answer === 'no-tls';
  const noTls = answerOf(facts)?.answer === 'N' || mysqlNoTls;
  const steps: string[] = mysqlNoTls
    ? [
        'The server has no TLS: give it a certificate and key (`ssl_cert = /etc/mysql/server-cert.pem` and `ssl_key = /etc/mysql/server-key.pem` under `[mariadbd]` or `[mysqld]` in my.cnf; MySQL 8 makes its own at first start) and restart it',
        `Check it: \`mysql -h ${shellQuote(facts.target.host)} -P ${portOf(facts)} -u ${shellQuote(userOf(facts))} -p -e "SHOW VARIABLES LIKE 'have_ssl'"\` (YES when TLS is on)`,
        'Or, where plain text is acceptable here, connect with `ssl-mode=PREFERRED` (or DISABLED) instead of REQUIRED',
      ]
    : noTls
      ? [
          'The server has no TLS: turn it on (`ssl = on`, `ssl_cert_file`, `ssl_key_file` in postgresql.conf), or connect with `sslmode=prefer` if plain text is acceptable here',
          "Check the setting: `sudo -u postgres psql -c 'SHOW ssl'`",
        ]
      : protocol === 'postgresql'
        ? [
            `Connect with TLS: add \`sslmode=require\` to the connection string (\`${psql(facts, ' sslmode=require')}\`); node-postgres: \`ssl: true\`; JDBC: \`?sslmode=require\``,
            "Or, where plain text is acceptable, add a `host` line next to the `hostssl` one in pg_hba.conf and reload: `sudo -u postgres psql -c 'SELECT pg_reload_conf()'`",
            "See the rules: `sudo -u postgres psql -c 'SELECT type, database, user_name, address FROM pg_hba_file_rules'`",
          ]
        : protocol === 'mysql'
          ? [
              'The server sets `require_secure_transport`: connect with TLS (`--ssl-mode=REQUIRED`, or `ssl: {}` in the driver)',
              `Try: \`mysql -h ${shellQuote(facts.target.host)} -P ${portOf(facts)} --ssl-mode=REQUIRED -u ${shellQuote(userOf(facts))} -p\``,
            ]
          : [
              'Connect with TLS (the scheme with an s: rediss://, amqps://, smtps://), or allow plain text on the server',
            ];
  return verdict('server-requires-tls', facts, {
    title: noTls ? `${serverAt(facts)} has no TLS, and the client requires it` : `${serverAt(facts)} accepts only TLS`,
    summary: mysqlNoTls
      ? "The URL requires TLS (ssl-mode=REQUIRED or the like) and the server's greeting does not offer it (no " +
        'CLIENT_SSL): it has no certificate, or TLS is turned off. A client that requires TLS stops there, before any ' +
        'login.'
      : noTls
        ? 'The client asked for TLS (sslmode=require) and the server answered "N": it has TLS turned off. A client that ' +
          'requires TLS stops there.'
        : 'The connection worked and the server answered: it refused a session in plain text. ' +
          (facts.protocol && facts.protocol.handshakes.length > 1
            ? 'The same session over TLS got past its rules, so the rule that refuses is one that asks for TLS (a ' +
              '`hostssl` line in pg_hba.conf). Clients that do not ask for TLS (node-postgres and JDBC by default) fail here.'
            : 'The server requires TLS for this client.') +
          said(facts),
    confidence: 'certain',
    nextSteps: steps,
  });
}

/**
 * The plain handshake got no answer in its protocol, and the port speaks TLS: a TLS alert came back for it, or it
 * was hung up on and a TLS handshake on the same port completed (a mongod with `net.tls.mode: requireTLS`, an amqps
 * or smtps port reached with the plain scheme).
 */
function tlsOnlyPort(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  const at = hostPort(facts.target.host, portOf(facts));
  const cut = facts.protocol?.reading.kind === 'cut-short' ? facts.protocol.reading.cut : null;
  // Only what was seen: the alert itself, or the hang-up and (when identification ran) the TLS handshake after it.
  const tlsSeen = facts.service?.kind === 'identified' && facts.service.protocol.id === 'tls';
  const ended =
    cut?.kind === 'closed' || cut?.kind === 'reset'
      ? `${cut.kind === 'closed' ? 'closed' : 'reset'} the connection without a word`
      : cut?.kind === 'no-answer'
        ? 'did not answer it'
        : `ended it (${cut?.kind ?? 'no answer'})`;
  const how =
    cut?.kind === 'not-this-protocol'
      ? 'answered it with a TLS alert'
      : `${ended}${tlsSeen ? ', and a TLS handshake on the same port completed' : ''}`;
  const steps: Partial<Record<WireProtocol, string[]>> = {
    mongodb: [
      `Connect with TLS: add \`tls=true\` to the connection string (\`mongodb://${at}/?tls=true\`), with \`tlsCAFile=…\` if its certificate is from a private CA`,
      `Check it with the shell: \`mongosh ${shellQuote(`mongodb://${at}/?tls=true`)}\``,
      'Or, where plain text is acceptable, set `net.tls.mode: preferTLS` (or `allowTLS`) in mongod.conf',
    ],
    amqp: [
      `Connect with TLS: \`amqps://${at}\` (this port is the broker's TLS listener; its plain one is usually 5672)`,
      'See the listeners: `sudo rabbitmq-diagnostics listeners`',
    ],
    smtp: [
      `Connect with TLS from the first byte: \`smtps://${at}\` (implicit TLS, as on port 465); plain SMTP with STARTTLS is usually on 25 or 587`,
      `See the greeting inside TLS: \`openssl s_client -connect ${at} -quiet\``,
    ],
    redis: [`Connect with TLS: \`rediss://${at}\` (\`redis-cli --tls\`)`],
  };
  const received =
    cut?.kind === 'not-this-protocol'
      ? [`What came back instead: "${cut.received.text}" (hex ${cut.received.hex})`]
      : [];
  return {
    id: 'server-requires-tls',
    evidence: [...protocolEvidence(facts), ...received, ...serviceEvidence(facts.service)],
    title: `${serverAt(facts)} speaks only TLS on this port`,
    summary:
      `The connection worked, but the port did not answer the plain-text ${protocol ? protocolNames[protocol] : ''} ` +
      `handshake in its protocol: it ${how}. The port accepts only TLS-protected sessions, and the client did not ` +
      'ask for TLS. Clients that connect in plain text see the connection closed or reset, or a timeout.',
    confidence: 'certain',
    nextSteps: (protocol && steps[protocol]) ?? [
      'Connect with TLS (the scheme with an s: rediss://, amqps://, smtps://, or the driver’s TLS option), or allow plain text on the server',
    ],
  };
}

export function authenticationRequired(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  const name = protocol ? protocolNames[protocol] : 'The server';
  const steps: string[] =
    protocol === 'redis'
      ? [
          `Give the password: \`redis://:PASSWORD@${hostPort(facts.target.host, portOf(facts))}\` (or \`redis://USER:PASSWORD@…\` with ACL users); check it with \`${redisCli(facts, '--askpass PING')}\``,
          'On the server, the password is `requirepass` in redis.conf (or an ACL user): `CONFIG GET requirepass` from the server',
        ]
      : protocol === 'postgresql'
        ? [
            `Name the user you log in as: \`postgres://USER@${hostPort(facts.target.host, portOf(facts))}/DB\`, then run conn-doctor again to see how far its rules let it`,
            `Try it yourself: \`${psql(facts)}\``,
          ]
        : protocol === 'mongodb'
          ? ['Give the credentials in the URL (`mongodb://USER:PASSWORD@host/?authSource=admin`)']
          : ['Give the credentials the server asks for'];
  return verdict('authentication-required', facts, {
    title: `${serverAt(facts)} needs credentials that were not given`,
    summary:
      `The connection worked and ${name} answered: it lets this client in only with credentials, and none were ` +
      'given. Nothing is wrong with the network or the server; the client has to log in.' +
      (protocol === 'postgresql' && !facts.protocol?.userGiven
        ? ' conn-doctor started the session as a placeholder user, which the server does not know: its access rules let this client as far as naming a user.'
        : '') +
      said(facts),
    confidence: 'certain',
    nextSteps: steps,
  });
}

/** Whether the MySQL login went over TLS (after an SSLRequest). */
function mysqlLoginOverTls(facts: Facts): boolean {
  const handshake = facts.protocol?.protocol === 'mysql' ? facts.protocol.handshakes[0] : undefined;
  return handshake !== undefined && 'tls' in handshake && handshake.tls === true;
}

export function authenticationFailed(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  const steps: string[] =
    protocol === 'postgresql'
      ? [
          `Check the user and password: \`${psql(facts)}\``,
          `Set a new password on the server: \`sudo -u postgres psql -c "ALTER ROLE ${userOf(facts)} PASSWORD '…'"\``,
          'If the password is right, check the method in pg_hba.conf (md5 vs scram-sha-256) and `password_encryption`: a password stored as MD5 cannot log in with scram-sha-256',
        ]
      : protocol === 'redis'
        ? [
            `Check the password: \`${redisCli(facts, '--askpass PING')}\``,
            'On the server: `requirepass` in redis.conf, or the ACL user (`ACL LIST`)',
          ]
        : protocol === 'mysql'
          ? [
              `Check the user and password: \`${mysqlClient(facts)}\``,
              mysqlLoginOverTls(facts)
                ? `If the password is right, see which accounts of that name exist, for which hosts and what they require (\`${ruleQueries.mysqlAccounts(userOf(facts))}\`): the server uses the one whose host matches this client most closely, which may have another password, and an ssl_type of X509 or SPECIFIED wants a client certificate, which conn-doctor does not send`
                : `If the password is right, see whether the account requires TLS (\`SHOW CREATE USER '${userOf(facts)}'@'${clientAddressOf(facts) ?? '%'}'\`, look for REQUIRE SSL) or the server sets require_secure_transport (\`SHOW VARIABLES LIKE 'require_secure_transport'\`), then connect with \`--ssl-mode=REQUIRED\``,
            ]
          : protocol === 'amqp'
            ? amqpLoginSteps(facts)
            : ['Check the user name and password'];
  // MariaDB (and MySQL for REQUIRE SSL accounts) answers a login in plain text that TLS would have let in with the
  // same 1045 as a wrong password (measured on MariaDB 10.11 with require_secure_transport and with REQUIRE SSL).
  // Over TLS that reading is gone, but not every other: an account that requires a client certificate (REQUIRE X509,
  // ISSUER, SUBJECT) answers the right password without one with the same 1045, and conn-doctor sends none.
  const mysqlTls = protocol === 'mysql' && mysqlLoginOverTls(facts);
  const mysql1045 = protocol === 'mysql' && answerOf(facts)?.answer === '1045';
  const mysqlPlain = mysql1045 && !mysqlTls;
  // A broker that only closes the connection after the credentials says nothing of why: AMQP 0-9-1 refuses a login
  // that way, but so would a broker that crashed at that moment.
  const amqpSilent = protocol === 'amqp' && answerOf(facts)?.answer === 'closed-after-start-ok';
  return verdict('authentication-failed', facts, {
    title: `${serverAt(facts)} refused the credentials`,
    summary:
      'The connection worked and the server answered: the user name and password from the URL were sent to test ' +
      (mysqlPlain
        ? 'them, and the server refused them (access denied, error 1045). The network and the host rules are fine. ' +
          'The same answer comes for a wrong password and for an account that may log in only over TLS (REQUIRE ' +
          'SSL, or require_secure_transport on the server): this login was in plain text, so it cannot tell them apart.'
        : amqpSilent
          ? 'them, and the broker closed the connection right after them without a word, which is how AMQP 0-9-1 ' +
            'refuses a login (RabbitMQ names the refusal instead, as asked for here). The credentials are the likely ' +
            "cause; the broker's log says for sure."
          : mysql1045 && mysqlTls
            ? 'them inside TLS, and the server refused them (access denied, error 1045). The network and the host ' +
              'rules are fine. A wrong password is the usual cause; an account that requires a client certificate ' +
              '(REQUIRE X509, ISSUER or SUBJECT) answers the same, and conn-doctor sends none.'
            : `them${mysqlTls ? ' inside TLS' : ''}, and the server refused them. The network and the access rules are fine; the credentials are not.`) +
      said(facts),
    confidence: mysql1045 || amqpSilent ? 'likely' : 'certain',
    nextSteps: steps,
  });
}

export function serverNotReady(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  const steps: string[] =
    protocol === 'postgresql'
      ? [
          "Read the server's log: starting up, shutting down, or replaying WAL in recovery: `sudo journalctl -u postgresql`",
          `Wait until it accepts sessions: \`pg_isready -h ${shellQuote(facts.target.host)} -p ${portOf(facts)}\` then try again (a hot standby needs \`hot_standby = on\` to take read-only sessions)`,
        ]
      : protocol === 'redis'
        ? [
            `Redis answers once the dataset is loaded: follow \`${redisCli(facts, 'INFO persistence')}\` (loading:1 while it loads)`,
            'Make clients retry on LOADING, or wait for the server before starting them',
          ]
        : ["Read the server's log and try again once it is up", `\`${serverLogs('linux')}\``];
  return verdict('server-not-ready', facts, {
    title: `${serverAt(facts)} is not ready yet`,
    summary:
      'The connection worked and the server answered: it is starting, shutting down or recovering, and refuses ' +
      `sessions until it is done. This usually passes on its own; clients started too early fail here.${said(facts)}`,
    confidence: 'certain',
    nextSteps: steps,
  });
}

export function databaseMissing(facts: Facts): Verdict {
  const protocol = protocolOf(facts);
  if (protocol === 'amqp')
    return verdict('database-missing', facts, { ...amqpVhostMissing(facts), confidence: 'certain' });
  return verdict('database-missing', facts, {
    title: `${serverAt(facts)} has no database "${databaseOf(facts)}"`,
    summary:
      'The connection worked, the access rules let this client in, and the server said the database asked for does ' +
      `not exist. Check its name in the connection string (a typo, or another server).${said(facts)}`,
    confidence: 'certain',
    nextSteps:
      protocol === 'mysql'
        ? ["List the databases: `mysql -u root -e 'SHOW DATABASES'`"]
        : [
            `List the databases: \`${psql(facts).replace(`dbname=${databaseOf(facts)}`, 'dbname=postgres')} -l\``,
            `Create it if it should exist: \`createdb -h ${shellQuote(facts.target.host)} -p ${portOf(facts)} -U ${shellQuote(userOf(facts))} ${shellQuote(databaseOf(facts))}\``,
          ],
  });
}

export function serverError(facts: Facts): Verdict {
  // SMTP greeted, then went quiet or hung up at a command: no error text, its own words.
  const unanswered = smtpUnanswered(facts);
  if (unanswered) return unanswered;
  // SMTP offered STARTTLS, then refused it (454): where TLS stopped, and what on the server makes it so.
  const startTlsRefused = smtpStartTlsRefused(facts);
  if (startTlsRefused) return startTlsRefused;
  // An AMQP broker that took the credentials and then went quiet or hung up: no error came, and no refusal either.
  if (answerOf(facts)?.answer === 'login-unanswered') {
    return verdict('server-error', facts, {
      title: `${serverAt(facts)} took the credentials, then did not answer the login`,
      summary:
        'The connection worked and the broker answered the protocol header (Connection.Start). conn-doctor sent the ' +
        'user and password from the URL to test them, and the broker then stopped answering, or ended the ' +
        'connection without saying why. Clients hang or fail at the same point. A slow authentication backend ' +
        "(LDAP, HTTP) or a broker under strain does this; the broker's log for the same moment says which.",
      confidence: 'likely',
      nextSteps: [
        "Read the broker's log for this client's address: `sudo journalctl -u rabbitmq-server`",
        'Test the credentials on the broker itself: `sudo rabbitmqctl authenticate_user USER PASSWORD`',
      ],
    });
  }
  return verdict('server-error', facts, {
    title: `${serverAt(facts)} answered with an error`,
    summary:
      'The connection worked and the server answered in its own protocol, with an error: it is up, and it refused ' +
      `this session.${said(facts)} ${answerOf(facts)?.meaning ?? ''}`.trimEnd(),
    confidence: 'likely',
    nextSteps: ["Read the server's message above and its log for the same moment", `\`${serverLogs('linux')}\``],
  });
}

/** AMQP's `id-major-minor-revision` header numbers, read: `0-0-9-1` is 0-9-1, `0-1-0-0` is 1.0.0, id 3 is SASL. */
function amqpVersionName(version: string): string {
  const [id, major, minor, revision] = version.split('-');
  if (id === '0' && major === '0') return `AMQP ${minor}-${revision}`;
  const layer = id === '3' ? ' with a SASL layer' : id === '2' ? ' with a TLS layer' : '';
  return `AMQP ${major}.${minor}.${revision}${layer}`;
}

/**
 * unexpected-protocol after a protocol handshake: the server answered in another version of the protocol (an AMQP
 * broker's own header), or with bytes that are not the protocol at all. Named in the protocol's terms, not HTTP's.
 */
export function protocolUnexpected(facts: Facts): Verdict | null {
  const check = facts.protocol;
  if (!check) return null;
  const name = protocolNames[check.protocol];
  const port = portOf(facts);
  const reading = check.reading;
  if (reading.kind === 'answered' && reading.reason === 'protocol-version-mismatch') {
    const version = /^AMQP (\d+-\d+-\d+-\d+)$/.exec(reading.message)?.[1];
    const theirs = version ? amqpVersionName(version) : reading.message;
    return {
      id: 'unexpected-protocol',
      title: `${serverAt(facts)} speaks ${theirs}, not AMQP 0-9-1`,
      summary:
        `The connection worked and the broker answered our AMQP 0-9-1 protocol header with its own header: it speaks ` +
        `${theirs}, and closes the connection, as the protocol asks of a broker that cannot speak the version offered. ` +
        'A client of AMQP 0-9-1 (the RabbitMQ clients, amqplib, pika) cannot talk to it.',
      confidence: 'certain',
      evidence: protocolEvidence(facts),
      nextSteps: [
        `Use a client of the version the broker speaks (${theirs}), or point this client at a broker that speaks AMQP 0-9-1 (RabbitMQ's port 5672)`,
        `See which program owns port ${port}: \`${whoListens(port, facts.platform)}\``,
      ],
    };
  }
  if (reading.kind === 'cut-short' && reading.cut.kind === 'not-this-protocol') {
    const { received } = reading.cut;
    const other = identifyProtocol(Buffer.from(received.hex.replaceAll(' ', ''), 'hex'));
    return {
      id: 'unexpected-protocol',
      title: other ? `Port ${port} speaks ${other.name}, not ${name}` : `Port ${port} does not answer in ${name}`,
      summary:
        `The TCP handshake completed, but the program on port ${port} answered our ${name} handshake with bytes ` +
        `that are not ${name}${other ? `: it speaks ${other.name}` : ''}. Another program than the one you meant ` +
        'listens there, or the client uses the wrong port for this service.',
      confidence: other ? 'certain' : 'likely',
      evidence: [
        ...protocolEvidence(facts),
        `What came back instead: "${received.text}" (hex ${received.hex})`,
        ...(other ? [`identified as ${other.name}: ${other.evidence}`] : []),
      ],
      nextSteps: [
        `See which program owns port ${port}: \`${whoListens(port, facts.platform)}\``,
        `Check the port number in the client configuration (${name}'s usual port is ${usualPort(check.protocol)})`,
      ],
    };
  }
  return null;
}

/** The protocol's usual plain-text port, from its URL scheme's default. */
const usualPort = (protocol: WireProtocol) =>
  Object.values(protocolSchemes).find((scheme) => scheme.protocol === protocol && !scheme.tls)?.port;

/** How a protocol asks for TLS on its plain connection, and what to try when that TLS fails. */
interface TlsUpgrade {
  /** What conn-doctor sent to ask for TLS. */
  asked: string;
  /** How the server said yes, where it says so before TLS starts. */
  agreed: string;
  /** What the server offered: TLS in its greeting (MySQL), the STARTTLS extension (SMTP). */
  offers: string;
  /** Which clients do the same, and so fail the same way. */
  clients: string;
  /** `openssl s_client -starttls` takes this protocol name. */
  starttls: 'mysql' | 'smtp';
  /** Where the cause shows on the server, and a way around it. */
  steps: string[];
}

const TLS_UPGRADES: Partial<Record<WireProtocol, TlsUpgrade>> = {
  mysql: {
    asked: 'the SSLRequest',
    agreed: '',
    offers: 'TLS',
    clients: 'MySQL clients do by default',
    starttls: 'mysql',
    steps: [
      "On the server, see which TLS versions it speaks and its certificate: `sudo mysql -e \"SHOW VARIABLES LIKE 'tls_version'; SHOW VARIABLES LIKE 'ssl_c%'\"` (MySQL 5.6 and 5.7 builds with yaSSL speak only TLS 1.0 and 1.1, which current clients refuse)",
      'To compare, connect without TLS where plain text is acceptable: `ssl-mode=DISABLED` in the URL',
    ],
  },
  smtp: {
    asked: 'STARTTLS',
    agreed: ', which the server agreed to with 220',
    offers: 'STARTTLS',
    clients: 'mail clients that upgrade when STARTTLS is offered do (nodemailer, Symfony Mailer, most mail apps)',
    starttls: 'smtp',
    steps: [
      "Read the mail server's log for the TLS error of this session (Exim: `mainlog` and `paniclog`, `tls_certificate`, `tls_privatekey`, `tls_require_ciphers`; Postfix: `smtpd_tls_cert_file`, `smtpd_tls_key_file`, `smtpd_tls_protocols`)",
      'Or, until it is fixed and only on a trusted network, stop offering STARTTLS (Exim: `tls_advertise_hosts =`; Postfix: `smtpd_tls_security_level = none`)',
    ],
  },
};

/**
 * tls-handshake-failure where the server offered TLS in its own protocol (MySQL's greeting, SMTP's STARTTLS),
 * conn-doctor asked for it on the same connection, and the TLS handshake then failed: the server's protocol
 * answered, its TLS did not. Null for any other TLS failure (PostgreSQL's upgrade keeps the general builder).
 */
export function protocolTlsUpgradeFailure(facts: Facts): Verdict | null {
  const reading = facts.protocol?.reading;
  const protocol = protocolOf(facts);
  const upgrade = protocol ? TLS_UPGRADES[protocol] : undefined;
  if (!upgrade || reading?.kind !== 'cut-short' || reading.cut.kind !== 'tls-failed') return null;
  const { code } = reading.cut;
  // OpenSSL's text names its routine, the reason, then a source file: the reason is what a reader can use.
  const message = (/SSL routines:[^:]*:([^:]+)/.exec(reading.cut.message)?.[1] ?? reading.cut.message.trim()).slice(
    0,
    200,
  );
  return {
    id: 'tls-handshake-failure',
    title: `${serverAt(facts)} offers ${upgrade.offers}, but the TLS handshake failed`,
    summary:
      `The connection worked and the server answered in its own protocol, offering ${upgrade.offers}. conn-doctor ` +
      `asked for TLS on the same connection (${upgrade.asked}${upgrade.agreed}), as ${upgrade.clients}, and the TLS handshake ` +
      `failed (${code}: "${message}"). Clients that use TLS when the server offers it fail the same way. The usual ` +
      'causes: the server speaks only an old TLS version or ciphers the client refuses, or its certificate or key ' +
      'could not be used.',
    confidence: 'likely',
    evidence: [...protocolEvidence(facts), `The TLS handshake after ${upgrade.asked} failed: ${code}: ${message}`],
    nextSteps: [
      `See the TLS handshake as OpenSSL does: \`${openSslClient(facts.target.host, portOf(facts), serverNameOf(facts), { starttls: upgrade.starttls })}\``,
      ...upgrade.steps,
    ],
  };
}
