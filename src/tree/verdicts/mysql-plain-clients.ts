import { hostPort } from '../commands.js';
import { type Facts, portOf } from '../facts.js';
import { ruleQueries, sqlArg } from './server-rule-command.js';
import type { SubmissionReading } from './smtp-submission.js';

/**
 * A healthy MySQL session whose login went over TLS because the server offers it and the URL names no TLS mode at
 * all (the mysql client's default, `preferred`). Node's mysql2 (ssl off unless given), PyMySQL before 1.2 (TLS only
 * with an ssl option), MariaDB Connector/J (sslMode=disable by default) and Go's go-sql-driver/mysql (tls=false by
 * default) start in plain text instead, so an account that requires TLS (REQUIRE SSL) lets this run in and refuses
 * such an app with the 1045 a wrong password gets. Whether the account requires TLS is not seen from here: the words
 * say "if", and the lines to add per driver follow. The confidence stays: the connection works for a client that
 * does what this run did. Null for any other session: a URL that names a TLS mode, even `PREFERRED`, shows the user
 * has chosen how the app uses TLS, and a plain-text login needs no caveat.
 */
export function mysqlPlainClientsReading(facts: Facts): SubmissionReading | null {
  const check = facts.protocol;
  const login = check?.protocol === 'mysql' ? check.handshakes[0] : undefined;
  if (!login || !('tls' in login) || !login.tls || check?.tlsMode != null) return null;
  const worked = login.kind === 'logged-in' && !login.placeholder;
  const user = check?.userGiven && check.user ? check.user : 'your_user';
  const at = hostPort(facts.target.host, portOf(facts));
  // mysql2, MySQL Connector/J and Go's driver decode the database from the path: a name with a space or a `?` goes
  // in encoded, as the user does. MariaDB Connector/J takes the path as written, undecoded, so such a name cannot go
  // in its URL at all.
  const name = check?.database ?? null;
  const database = name ? `/${encodeURIComponent(name)}` : '/';
  const asWritten = name && encodeURIComponent(name) === name ? database : '/';
  const mariadbNote = asWritten === database ? '' : '; its URL does not decode a database name: `setCatalog(…)` then';
  // Go's DSN takes the user as written, up to `:` or `@`: the user goes in only when it needs no encoding.
  const goUser = encodeURIComponent(user) === user ? user : 'your_user';
  return {
    sentence:
      ' The login here went over TLS, as the mysql client does when the server offers it; some drivers start in ' +
      "plain text unless told otherwise (Node's mysql2, PyMySQL before 1.2, MariaDB Connector/J, Go's " +
      'go-sql-driver/mysql). If your app connects without TLS and the account requires TLS (REQUIRE SSL), the ' +
      `server refuses your app with "Access denied", the answer a wrong password gets${worked ? ', though this login worked' : ''}.`,
    nextSteps: [
      `If your app connects without TLS, turn TLS on in its driver. Node's mysql2: \`ssl: {}\` in the connection options, or \`mysql://${encodeURIComponent(user)}:…@${at}${database}?ssl={}\` as its URL; it then checks the server's certificate against Node's CAs (for a private CA: \`ssl: { ca: fs.readFileSync('ca.pem') }\`)`,
      'PyMySQL: `ssl_ca="/path/to/ca.pem"` in `pymysql.connect(…)` (PyMySQL 1.0 and later; `ssl={"ca": "/path/to/ca.pem"}` in older ones; an empty `ssl={}` turns nothing on); PyMySQL 1.2 and later use TLS by default when the server offers it',
      `JDBC: \`jdbc:mysql://${at}${database}?sslMode=REQUIRED\` (MySQL Connector/J 8.0.13 and later, whose default PREFERRED uses TLS already; \`useSSL=true&requireSSL=true\` before), \`jdbc:mariadb://${at}${asWritten}?sslMode=trust\` (MariaDB Connector/J 3.x, plain text by default; \`useSsl=true\` in 2.x${mariadbNote})`,
      `Go's go-sql-driver/mysql: \`${goUser}:…@tcp(${at})${database}?tls=true\` as its DSN; it checks the certificate against the system's CAs and the host name (\`tls=skip-verify\` does not; for a private CA, a config registered with \`mysql.RegisterTLSConfig\` and its name as \`tls=\`)`,
      `See whether the account requires TLS (ssl_type ANY is REQUIRE SSL; X509 and SPECIFIED want a client certificate too): \`sudo mysql -e ${sqlArg(ruleQueries.mysqlAccounts(user))}\``,
    ],
    doubt: false,
  };
}
