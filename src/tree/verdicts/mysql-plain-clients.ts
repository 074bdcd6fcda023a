import { hostPort } from '../commands.js';
import { type Facts, portOf } from '../facts.js';
import { mysqlTlsModeOf } from './mysql-unverified.js';
import { ruleQueries, sqlArg } from './server-rule-command.js';
import type { SubmissionReading } from './smtp-submission.js';

/**
 * A healthy MySQL session whose login went over TLS because the server offers it and the URL names no TLS mode
 * (`preferred`, as the mysql client does by default). Node's mysql2 (ssl off unless given), PyMySQL before 1.2 (TLS
 * only with an ssl option) and MariaDB Connector/J (sslMode=disable by default) start in plain text instead, so an
 * account that requires TLS (REQUIRE SSL) lets this run in and refuses such an app with the 1045 a wrong password
 * gets. Whether the account requires TLS is not seen from here: the words say "if", and the lines to add per driver
 * follow. The confidence stays: the connection works for a client that does what this run did. Null for any other
 * session (a URL that asks for TLS or disables it says what the app does; a plain-text login needs no caveat).
 */
export function mysqlPlainClientsReading(facts: Facts): SubmissionReading | null {
  const check = facts.protocol;
  const login = check?.protocol === 'mysql' ? check.handshakes[0] : undefined;
  if (!login || !('tls' in login) || !login.tls || mysqlTlsModeOf(facts) !== 'preferred') return null;
  const worked = login.kind === 'logged-in' && !login.placeholder;
  const user = check?.userGiven && check.user ? check.user : 'your_user';
  const at = hostPort(facts.target.host, portOf(facts));
  const database = check?.database ? `/${check.database}` : '/';
  return {
    sentence:
      ' The login here went over TLS, as the mysql client does when the server offers it; some drivers start in ' +
      "plain text unless told otherwise (Node's mysql2, PyMySQL before 1.2, MariaDB Connector/J). If your app " +
      'connects without TLS and the account requires TLS (REQUIRE SSL), the server refuses your app with "Access ' +
      `denied", the answer a wrong password gets${worked ? ', though this login worked' : ''}.`,
    nextSteps: [
      `If your app connects without TLS, turn TLS on in its driver. Node's mysql2: \`ssl: {}\` in the connection options, or \`mysql://${encodeURIComponent(user)}:…@${at}${database}?ssl={}\` as its URL; it then checks the server's certificate against Node's CAs (for a private CA: \`ssl: { ca: fs.readFileSync('ca.pem') }\`)`,
      'PyMySQL: `ssl_ca="/path/to/ca.pem"` in `pymysql.connect(…)` (PyMySQL 1.0 and later; `ssl={"ca": "/path/to/ca.pem"}` in older ones; an empty `ssl={}` turns nothing on); PyMySQL 1.2 and later use TLS by default when the server offers it',
      `JDBC: \`jdbc:mysql://${at}${database}?sslMode=REQUIRED\` (MySQL Connector/J, whose default PREFERRED uses TLS already), \`jdbc:mariadb://${at}${database}?sslMode=trust\` (MariaDB Connector/J, plain text by default)`,
      `See whether the account requires TLS (ssl_type ANY is REQUIRE SSL; X509 and SPECIFIED want a client certificate too): \`sudo mysql -e ${sqlArg(ruleQueries.mysqlAccounts(user))}\``,
    ],
    doubt: false,
  };
}
