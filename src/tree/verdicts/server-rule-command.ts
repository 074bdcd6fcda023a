import { shellQuote } from '../commands.js';
import { type Facts, portOf } from '../facts.js';
import { amqpRuleCommand } from './amqp-verdicts.js';
import { answerOf, clientAddressOf } from './protocol-evidence.js';
import { refusedAtHello } from './smtp-words.js';

/** The question the guided app offers after a verdict that a rule on the server decided. */
export const SERVER_ACCESS_QUESTION = 'protocol.server-access';

/** The command to run on the server, and what to look for in what it prints. */
export interface ServerRuleCommand {
  command: string;
  lookFor: string;
}

const sqlString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The SQL the commands run, exported so the real-server tests run each on PostgreSQL 15 and MariaDB 10.11. */
export const ruleQueries = {
  pgHbaRules:
    'SELECT line_number, type, database, user_name, address, netmask, auth_method, error FROM pg_hba_file_rules ORDER BY line_number',
  pgRole: (user: string) =>
    `SELECT rolname, rolcanlogin, rolvaliduntil, rolpassword IS NOT NULL AS has_password FROM pg_authid WHERE rolname = ${sqlString(user)}`,
  pgConnections:
    "SELECT count(*) AS connections, current_setting('max_connections') AS max_connections, current_setting('superuser_reserved_connections') AS reserved FROM pg_stat_activity",
  mysqlAccounts: (user: string) =>
    `SELECT user, host, plugin, ssl_type FROM mysql.user WHERE user = ${sqlString(user)}`,
  mysqlConnections: "SHOW VARIABLES LIKE 'max_connections'; SHOW STATUS LIKE 'Threads_connected'",
  mysqlConnectErrors: "SHOW VARIABLES LIKE 'max_connect_errors'",
  mysqlTls: "SHOW VARIABLES LIKE 'have_ssl'; SHOW VARIABLES LIKE 'ssl_c%'",
};

/** SQL for a shell: in double quotes when nothing in it is special there (readable), else single-quoted. */
export const sqlArg = (sql: string) => (/^[^"$`\\!]*$/.test(sql) ? `"${sql}"` : shellQuote(sql));

/**
 * The exact command or query that shows, on the server, the rule behind a protocol verdict: the pg_hba.conf lines
 * in the order PostgreSQL reads them, the accounts MySQL has for this user, Redis's protected mode, the connection
 * limits. Null where the verdict is not a server rule's, or no single command shows it. Run on the server itself,
 * where the local admin tools need no network: `sudo -u postgres psql`, `mysql -u root` over the socket.
 */
export function serverRuleCommand(facts: Facts): ServerRuleCommand | null {
  const check = facts.protocol;
  const answer = answerOf(facts);
  if (!check || !answer) return null;
  const client = clientAddressOf(facts) ?? '<this client’s address>';
  const user = check.userGiven && check.user ? check.user : null;
  const port = portOf(facts);
  // The database the URL named, as the protocol step read it (one parse, in protocol-step.ts).
  const database = check.database;
  const psql = (sql: string) => `sudo -u postgres psql -c ${sqlArg(sql)}`;
  const mysql = (sql: string) => `sudo mysql -e ${sqlArg(sql)}`;
  if (check.protocol === 'amqp') return amqpRuleCommand(facts);
  switch (`${check.protocol}:${answer.reason}`) {
    case 'postgresql:server-rejects-client':
    case 'postgresql:server-requires-tls':
      return {
        command: psql(ruleQueries.pgHbaRules),
        lookFor:
          `the first line whose type (host, hostssl), database (${database ?? 'the database'}), user ` +
          `(${user ?? 'the user'}) and address match ${client} decides; none matching is a refusal too`,
      };
    case 'postgresql:authentication-failed':
      return {
        command: psql(ruleQueries.pgRole(user ?? 'your_user')),
        lookFor: 'whether the role may log in, has a password, and that password has not expired',
      };
    case 'postgresql:server-connection-limit':
      return {
        command: psql(ruleQueries.pgConnections),
        lookFor: 'connections at max_connections minus the reserved slots',
      };
    case 'mysql:server-rejects-client':
    case 'mysql:authentication-failed':
    case 'mysql:authentication-required':
    case 'mysql:server-requires-tls':
      if (answer.answer === 'no-tls') {
        return {
          command: mysql(ruleQueries.mysqlTls),
          lookFor: 'have_ssl YES with ssl_cert set; DISABLED means TLS is off or its certificate could not be loaded',
        };
      }
      if (answer.answer === '1129') {
        return {
          command: mysql(ruleQueries.mysqlConnectErrors),
          lookFor: `then \`sudo mysqladmin flush-hosts\` unblocks ${client}`,
        };
      }
      return {
        command: mysql(ruleQueries.mysqlAccounts(user ?? 'your_user')),
        lookFor:
          `a host that matches ${client} (\`%\` matches any; with skip_name_resolve names never match), the ` +
          'plugin the client must speak, and ssl_type other than empty (the account requires TLS)',
      };
    case 'mysql:server-connection-limit':
      return {
        command: mysql(ruleQueries.mysqlConnections),
        lookFor: 'Threads_connected at max_connections (root may still get the one extra connection reserved for it)',
      };
    case 'redis:server-rejects-client':
      return {
        command: `redis-cli -p ${port} CONFIG GET protected-mode && redis-cli -p ${port} CONFIG GET bind`,
        lookFor: 'protected-mode yes with no password set refuses every client that is not on loopback',
      };
    case 'redis:authentication-required':
    case 'redis:authentication-failed':
      return {
        command: "sudo grep -E '^(requirepass|user|aclfile) ' /etc/redis/redis.conf",
        lookFor: 'the password (requirepass) or ACL users the clients must log in with',
      };
    case 'redis:server-connection-limit':
      // At maxclients a new redis-cli is refused too: read the config and count the connections instead.
      return {
        command: `sudo grep -E '^maxclients' /etc/redis/redis.conf; ss -tn state established '( sport = :${port} )' | tail -n +2 | wc -l`,
        lookFor: 'the connection count at maxclients (10000 when not set, lowered by the open-files limit)',
      };
    case 'ssh:server-rejects-client':
      return {
        command: `sudo sshd -T -C ${shellQuote(`user=${user ?? 'your_user'},host=${client},addr=${client}`)} | grep -iE '^(allow|deny)(users|groups)|^maxstartups'`,
        lookFor: 'AllowUsers, DenyUsers, AllowGroups or DenyGroups that leave this user or address out',
      };
    case 'ssh:server-connection-limit':
      return {
        command: "sudo sshd -T | grep -i '^maxstartups'",
        lookFor: 'MaxStartups start:rate:full — past start, new unauthenticated connections are dropped',
      };
    case 'smtp:server-rejects-client': {
      const atHello = refusedAtHello(facts);
      return {
        command: `sudo exim -bh ${shellQuote(client)}`,
        lookFor: atHello
          ? `the HELO ACL's decision (acl_smtp_helo) once you type \`${atHello.verb} ${atHello.name}\` (Exim; on Postfix: \`postconf smtpd_helo_restrictions smtpd_delay_reject\`)`
          : "the connect ACL's decision for this address (Exim; on Postfix: `postconf smtpd_client_restrictions`)",
      };
    }
    case 'smtp:server-connection-limit':
      return {
        command: 'sudo exim -bP smtp_accept_max smtp_accept_max_per_host',
        lookFor:
          'the limits this connection met (Exim; on Postfix: `postconf smtpd_client_connection_count_limit default_process_limit`)',
      };
    default:
      return null;
  }
}
