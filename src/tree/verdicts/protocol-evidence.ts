import { MYSQL_PLACEHOLDER_USER } from '../../protocols/mysql-handshake.js';
import type { ProtocolCheck } from '../../protocols/protocol-check.js';
import type { WireProtocol } from '../../protocols/server-reasons.js';
import { hostPort } from '../commands.js';
import { type Facts, portOf } from '../facts.js';
import { connectEvidence, ms } from './evidence.js';
import { smtpEvidence, smtpOwnAddress } from './smtp-evidence.js';

/** The protocol's name as its users say it. */
export const protocolNames: Readonly<Record<WireProtocol, string>> = {
  postgresql: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
  redis: 'Redis',
  ssh: 'SSH',
  smtp: 'SMTP',
  amqp: 'AMQP',
  mongodb: 'MongoDB',
};

/** The server's answer, when the handshake got one. */
export function answerOf(facts: Facts): (ProtocolCheck['reading'] & { kind: 'answered' }) | null {
  return facts.protocol?.reading.kind === 'answered' ? facts.protocol.reading : null;
}

/** "PostgreSQL at db:5432". */
export function serverAt(facts: Facts): string {
  const name = facts.protocol ? protocolNames[facts.protocol.protocol] : 'The server';
  return `${name} at ${hostPort(facts.target.host, portOf(facts))}`;
}

/**
 * The address the server saw this client come from, as the server itself names it in its refusal (PostgreSQL's
 * `host "…"`, MySQL's `Host '…'` or `'user'@'…'`), else the loopback address for a loopback connection, else null.
 */
export function clientAddressOf(facts: Facts): string | null {
  const said = answerOf(facts)?.message ?? '';
  // MySQL's access-denied messages name the client as the account they looked for: `'app'@'192.0.2.7'`.
  const named =
    /for host "([0-9a-f.:]+)"/i.exec(said) ??
    /Host '([0-9a-f.:]+)'/i.exec(said) ??
    /'[^']*'@'([0-9a-f.:]+)'/.exec(said);
  if (named) return named[1]!;
  // Exim's 250 to EHLO ends with the address it sees in brackets: `… Hello [192.0.2.7] [192.0.2.7]`.
  const greeted = facts.protocol?.protocol === 'smtp' ? /Hello\b.*\[([0-9a-f.:]+)\]\s*$/i.exec(said) : null;
  if (greeted) return greeted[1]!;
  // SMTP otherwise: the address literal given in EHLO, this side's address on the connection, which is what the
  // server saw unless a NAT or a proxy stands between (a container's published port, say).
  const own = smtpOwnAddress(facts.protocol);
  if (own) return own;
  const open = facts.tcp?.find((a) => a.kind === 'open');
  if (open?.address.startsWith('127.')) return '127.0.0.1';
  if (open?.address === '::1') return '::1';
  return null;
}

/** The evidence every protocol verdict shows: the connect, what the server said and when, and what was sent. */
export function protocolEvidence(facts: Facts): string[] {
  return [...connectEvidence(facts), ...protocolAnswerEvidence(facts)];
}

/** What the server said in the protocol, and what was sent to it: none when no handshake ran. */
export function protocolAnswerEvidence(facts: Facts): string[] {
  const check = facts.protocol;
  const lines: string[] = [];
  if (!check) return lines;
  const name = protocolNames[check.protocol];
  const reading = check.reading;
  // A libpq keyword/value target (`host=db password=…`) is no URL: say where the credentials came from.
  const source = facts.target.input.includes('://') ? 'the URL' : 'the connection string';
  if (reading.kind === 'answered') {
    const said = reading.message ? `: "${reading.message.slice(0, 300)}"` : '';
    // Read on service identification's connection (the connect check's, which identification spoke on), the answer
    // has no handshake of its own to time.
    const when = check.fromIdentification ? ", read on identification's connection" : ` after ${ms(reading.afterMs)}`;
    lines.push(`${name} answered ${reading.answer}${said}${when}`);
    lines.push(`What that answer means: ${reading.meaning}`);
  } else {
    lines.push(`${name} handshake ended before an answer: ${reading.cut.kind}`);
  }
  lines.push(...smtpEvidence(facts));
  if (check.handshakes.length > 1) {
    lines.push(`${check.handshakes.length} handshakes were made: one in plain text and one over TLS`);
  }
  // PostgreSQL names the user in its StartupMessage; Redis, MySQL and AMQP send it only with a password to test.
  const sent =
    check.protocol === 'postgresql' ||
    ((check.protocol === 'redis' || check.protocol === 'mysql' || check.protocol === 'amqp') && check.passwordSent);
  if (check.protocol === 'mysql') lines.push(...mysqlLoginEvidence(check));
  if (check.user !== null && !sent) {
    lines.push(
      check.protocol === 'mysql'
        ? `The user "${check.user}" from ${source} was not sent: ${mysqlPlaceholderUsed(check) ? 'without a password there is nothing of it to test' : 'the handshake ended before the login'}`
        : `The user "${check.user}" from ${source} was not sent: the server answers before any login`,
    );
  } else if (check.user !== null) {
    lines.push(
      check.userGiven
        ? `Started the session as user "${check.user}" from ${source}`
        : `Started the session as the placeholder user "${check.user}" (none was in the URL): it proves only the access rules`,
    );
  }
  // AMQP's login opens a vhost too: say which, since a URL without a path means the default one.
  if (check.protocol === 'amqp' && check.passwordSent) {
    lines.push(
      check.database
        ? `Asked to open the vhost "${check.database}" from ${source}'s path`
        : `Asked to open the default vhost "/" (${source} names none)`,
    );
  }
  lines.push(
    check.passwordSent
      ? `The password from ${source} was sent, only to test it; it is never shown or kept`
      : 'No password was sent',
  );
  return lines;
}

/**
 * How a MySQL login went: over TLS or in plain text, and, without a password, that it was the placeholder's (whose
 * refusal proves the server reads logins from this client, and nothing of the URL's user).
 */
function mysqlLoginEvidence(check: ProtocolCheck): string[] {
  const handshake = check.handshakes[0];
  if (!handshake || !('tls' in handshake) || !('greeting' in handshake)) return [];
  const lines = !mysqlPlaceholderUsed(check)
    ? []
    : handshake.kind === 'logged-in'
      ? [
          `No password in the URL: conn-doctor logged in as the placeholder user "${MYSQL_PLACEHOLDER_USER}", and the ` +
            'server let it in: an anonymous account (an empty user name, which matches any) without a password ' +
            "exists for this client's host. Nothing is known of the URL's user",
        ]
      : handshake.kind === 'greeting'
        ? [
            `No password in the URL: conn-doctor logged in as the placeholder user "${MYSQL_PLACEHOLDER_USER}" (no such ` +
              'account exists), whose refusal is an authentication error the server does not count toward ' +
              "max_connect_errors; it proves the server takes logins from this client, and nothing of the URL's user",
          ]
        : [
            // Refused otherwise than with the expected "Access denied" (a TLS rule, a limit): the answer says why.
            `No password in the URL: conn-doctor logged in as the placeholder user "${MYSQL_PLACEHOLDER_USER}", and ` +
              "the server refused it for the reason above, not as an unknown account. Nothing is known of the URL's user",
          ];
  lines.push(
    handshake.tls
      ? 'The login went over TLS: an SSLRequest, then TLS on the same connection (as clients do when the server offers it)'
      : handshake.greeting.tls
        ? 'The login was in plain text: the URL disables TLS, though the server offers it'
        : 'The login was in plain text: the server offers no TLS (no CLIENT_SSL in its greeting)',
  );
  return lines;
}

/** Whether the MySQL login was the placeholder's: no password was in the URL, so the URL's user was not tried. */
function mysqlPlaceholderUsed(check: ProtocolCheck): boolean {
  const handshake = check.handshakes[0];
  if (check.protocol !== 'mysql' || !handshake) return false;
  return handshake.kind === 'greeting' || ('placeholder' in handshake && handshake.placeholder === true);
}
