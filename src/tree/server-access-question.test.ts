import { describe, expect, it } from 'vitest';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import type { ServerReason, WireProtocol } from '../protocols/server-reasons.js';
import { diagnosisTree } from './diagnosis-tree.js';
import type { Facts } from './facts.js';
import { attempt, factsFor, walk } from './proxy-detour.test-helper.js';
import type { VerdictId } from './verdict-ids.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';
import { SERVER_ACCESS_QUESTION } from './verdicts/server-rule-command.js';

/** Facts after a handshake whose answer a rule on the server decided. */
function refused(
  url: string,
  protocol: WireProtocol,
  reason: ServerReason,
  answer: string,
  message: string,
  answers: Record<string, string> = {},
): Facts {
  const check: ProtocolCheck = {
    protocol,
    reading: { kind: 'answered', reason, answer, message, meaning: 'what it means', afterMs: 1 },
    handshakes: [],
    user: 'app',
    userGiven: true,
    passwordSent: false,
    // As the protocol step reads it: the URL's path names the database.
    database: /^[a-z]+:\/\/[^/]+\/([^/?]+)/.exec(url)?.[1] ?? null,
    fromIdentification: false,
  };
  return { ...factsFor({ url, tcp: [attempt('open', '192.0.2.10', 5432)], protocol: check }), answers };
}

const verdictFor = (facts: Facts) => {
  const path = walk(facts);
  return verdictBuilders[path.at(-1)!.replace('⇒ ', '') as VerdictId](facts);
};

describe('"Can you run a command on the server?" after a verdict a server rule decided', () => {
  it('is a deferrable question whose default (no) keeps the verdict and its next steps as they were', () => {
    const node = diagnosisTree.nodes[SERVER_ACCESS_QUESTION];
    expect(node).toMatchObject({ kind: 'question', defaultValue: 'no', deferrable: true });
    const message = 'no pg_hba.conf entry for host "192.0.2.7", user "app", database "shop", no encryption';
    const facts = refused('postgres://192.0.2.10:5432/shop', 'postgresql', 'server-rejects-client', '28000', message);
    expect(walk(facts)).toContain(SERVER_ACCESS_QUESTION);
    const said = { ...facts, answers: { [SERVER_ACCESS_QUESTION]: 'no' } };
    expect(verdictFor(said).nextSteps[0]).toMatch(/^Add a line for this client to pg_hba.conf/);
  });

  it.each<[string, WireProtocol, ServerReason, string, string, RegExp]>([
    [
      'postgres://192.0.2.10:5432/shop',
      'postgresql',
      'server-rejects-client',
      '28000',
      'no pg_hba.conf entry for host "192.0.2.7", user "app", database "shop", no encryption',
      /^On the server, run `sudo -u postgres psql -c ".*FROM pg_hba_file_rules ORDER BY line_number"` and look for the first line whose .* database \(shop\), user \(app\) and address match 192\.0\.2\.7 decides/,
    ],
    [
      'mysql://192.0.2.10:3306/shop',
      'mysql',
      'server-rejects-client',
      '1130',
      "Host '192.0.2.7' is not allowed to connect to this MariaDB server",
      /^On the server, run `sudo mysql -e "SELECT user, host, plugin, ssl_type FROM mysql\.user WHERE user = 'app'"`.* matches 192\.0\.2\.7/,
    ],
    [
      'mysql://192.0.2.10:3306/shop',
      'mysql',
      'server-connection-limit',
      '1040',
      'Too many connections',
      /SHOW VARIABLES LIKE 'max_connections'/,
    ],
    [
      'redis://192.0.2.10:6379',
      'redis',
      'server-rejects-client',
      '-DENIED',
      'DENIED Redis is running in protected mode',
      /^On the server, run `redis-cli -p 6379 CONFIG GET protected-mode && redis-cli -p 6379 CONFIG GET bind`/,
    ],
    ['redis://192.0.2.10:6379', 'redis', 'authentication-required', '-NOAUTH', 'NOAUTH', /requirepass/],
    [
      'smtp://192.0.2.10:25',
      'smtp',
      'server-connection-limit',
      '421',
      'Too many concurrent SMTP connections',
      /^On the server, run `sudo exim -bP smtp_accept_max smtp_accept_max_per_host`/,
    ],
    [
      'ssh://192.0.2.10:22',
      'ssh',
      'server-connection-limit',
      'text-then-end',
      'Exceeded MaxStartups',
      /sshd -T \| grep -i '\^maxstartups'/,
    ],
    [
      'amqp://192.0.2.10:5672',
      'amqp',
      'authentication-failed',
      'close-403',
      'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN',
      /^On the server, run `sudo rabbitmqctl authenticate_user app` and look for "Success"/,
    ],
    [
      'amqp://192.0.2.10:5672/shop',
      'amqp',
      'database-missing',
      'close-530',
      'NOT_ALLOWED - vhost shop not found',
      /^On the server, run `sudo rabbitmqctl list_vhosts` and look for "shop" exactly/,
    ],
    [
      'amqp://192.0.2.10:5672/shop',
      'amqp',
      'server-rejects-client',
      'close-530',
      "NOT_ALLOWED - access to vhost 'shop' refused for user 'app'",
      /^On the server, run `sudo rabbitmqctl list_permissions -p shop` and look for a line for "app"/,
    ],
  ])(
    '%s, %s %s (%s): yes puts the command that shows the rule first',
    (url, protocol, reason, answer, message, command) => {
      const facts = refused(url, protocol, reason, answer, message, { [SERVER_ACCESS_QUESTION]: 'yes' });
      const verdict = verdictFor(facts);
      expect(verdict.nextSteps[0]).toMatch(command);
      const without = verdictFor({ ...facts, answers: {} });
      expect(verdict.nextSteps.slice(1)).toEqual(without.nextSteps);
    },
  );

  it('quotes a user name the shell would read (a $ or a quote) so the pasted command still means it', () => {
    const facts = refused('mysql://192.0.2.10:3306/shop', 'mysql', 'authentication-failed', '1045', 'denied', {
      [SERVER_ACCESS_QUESTION]: 'yes',
    });
    const odd = { ...facts, protocol: { ...facts.protocol!, user: `o'b$x` } };
    expect(verdictFor(odd).nextSteps[0]).toContain(
      `sudo mysql -e 'SELECT user, host, plugin, ssl_type FROM mysql.user WHERE user = '\\''o'\\'''\\''b$x'\\'''`,
    );
  });

  it('is not asked where no command on the server shows the rule, nor after a healthy answer', () => {
    const mongo = refused('mongodb://192.0.2.10:27017', 'mongodb', 'authentication-required', '13', 'Unauthorized');
    expect(walk(mongo)).not.toContain(SERVER_ACCESS_QUESTION);
    const notReady = refused('postgres://192.0.2.10:5432/shop', 'postgresql', 'server-not-ready', '57P03', 'starting');
    expect(walk(notReady)).not.toContain(SERVER_ACCESS_QUESTION);
    // A missing PostgreSQL database has no rule behind it to show; a missing AMQP vhost has `list_vhosts`.
    const noDatabase = refused('postgres://192.0.2.10:5432/shop', 'postgresql', 'database-missing', '3D000', 'no db');
    expect(walk(noDatabase)).not.toContain(SERVER_ACCESS_QUESTION);
    expect(walk(noDatabase).at(-1)).toBe('⇒ database-missing');
  });
});
