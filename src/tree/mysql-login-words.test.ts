import { describe, expect, it } from 'vitest';
import type { MysqlHandshake } from '../protocols/mysql-handshake.js';
import type { MysqlTlsMode } from '../protocols/mysql-tls-mode.js';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import type { ServerReason } from '../protocols/server-reasons.js';
import type { Facts } from './facts.js';
import { attempt, factsFor } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';
import { protocolAnswerEvidence } from './verdicts/protocol-evidence.js';

/** Facts after a MySQL login with the URL's password, answered `answer`. */
function login(reason: ServerReason, answer: string, message: string): Facts {
  const protocol: ProtocolCheck = {
    protocol: 'mysql',
    reading: { kind: 'answered', reason, answer, message, meaning: 'what it means', afterMs: 1 },
    handshakes: [],
    user: 'app',
    userGiven: true,
    passwordSent: true,
    database: 'shop',
    fromIdentification: false,
  };
  return factsFor({ url: 'mysql://192.0.2.10:3306/shop', tcp: [attempt('open', '192.0.2.10', 3306)], protocol });
}

describe('the words of a MySQL login', () => {
  it('a password the server could not judge here: healthy, and the summary says the login was not tested', () => {
    const message =
      "caching_sha2_password asks for full authentication, which needs TLS or the server's RSA key: the password was not judged";
    const verdict = verdictBuilders.healthy(login('ok', 'login-untested', message));
    expect(verdict.summary).toContain('The password from the URL was sent, but the server could not judge it here');
    expect(verdict.summary).toContain('full authentication');
    expect(verdict.summary).not.toContain('No password was tried');
  });

  it('1045 in plain text: likely, naming the TLS-only accounts that answer the same, with the checks for them', () => {
    const facts = login(
      'authentication-failed',
      '1045',
      "Access denied for user 'app'@'192.0.2.7' (using password: YES)",
    );
    const verdict = verdictBuilders['authentication-failed'](facts);
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('an account that may log in only over TLS');
    expect(verdict.nextSteps.join('\n')).toContain("SHOW CREATE USER 'app'@'192.0.2.7'");
    expect(verdict.evidence).toContain('Started the session as user "app" from the URL');
  });

  it('1698 (no such account for this host): certain, no TLS caveat', () => {
    const facts = login('authentication-failed', '1698', "Access denied for user 'nobody'@'127.0.0.1'");
    expect(verdictBuilders['authentication-failed'](facts).confidence).toBe('certain');
  });
});

/**
 * Facts after a MySQL login that the server let in (the URL's password, or the placeholder's refusal), over `url`,
 * with the TLS mode the protocol check read from its query (null: it names none) and the database it names.
 */
function loggedIn(
  url: string,
  options: {
    tls: boolean;
    placeholder?: boolean;
    user?: string | null;
    tlsMode?: MysqlTlsMode | null;
    database?: string | null;
  },
): Facts {
  const greeting = {
    serverVersion: '10.11.19-MariaDB',
    mariadb: true,
    connectionId: 7,
    capabilities: 0x0800,
    tls: true,
    authPlugin: 'mysql_native_password',
  };
  const handshake: MysqlHandshake = options.placeholder
    ? {
        kind: 'greeting',
        greeting,
        placeholder: { code: 1045, sqlState: '28000', message: "Access denied for user 'conn_doctor'@'192.0.2.7'" },
        tls: options.tls,
        reason: 'ok',
        afterMs: 2,
      }
    : {
        kind: 'logged-in',
        greeting,
        plugin: 'mysql_native_password',
        placeholder: false,
        tls: options.tls,
        reason: 'ok',
        afterMs: 2,
      };
  const user = options.user === undefined ? 'app' : options.user;
  const protocol: ProtocolCheck = {
    protocol: 'mysql',
    reading: {
      kind: 'answered',
      reason: 'ok',
      answer: options.placeholder ? 'placeholder-denied' : 'login-ok',
      message: 'logged in',
      meaning: 'what it means',
      afterMs: 2,
    },
    handshakes: [handshake],
    user,
    userGiven: user !== null,
    passwordSent: !options.placeholder,
    database: options.database === undefined ? 'shop' : options.database,
    fromIdentification: false,
    tlsMode: options.tlsMode ?? null,
  };
  return factsFor({ url, tcp: [attempt('open', '192.0.2.10', 3306)], protocol });
}

describe('the words of a healthy MySQL login over TLS, for drivers that start in plain text', () => {
  const url = 'mysql://192.0.2.10:3306/shop';

  it('a login over TLS the URL did not ask for: says so, and the line each common driver needs, host and port filled in', () => {
    const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true }));
    expect(verdict.confidence).toBe('certain');
    expect(verdict.summary).toContain(
      'The login here went over TLS, as the mysql client does when the server offers it',
    );
    expect(verdict.summary).toContain(
      'If your app connects without TLS and the account requires TLS (REQUIRE SSL), the server refuses your app with "Access denied", the answer a wrong password gets, though this login worked.',
    );
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain(
      "Node's mysql2: `ssl: {}` in the connection options, or `mysql://app:…@192.0.2.10:3306/shop?ssl={}`",
    );
    expect(steps).toContain('PyMySQL: `ssl_ca="/path/to/ca.pem"`');
    expect(steps).toContain('`jdbc:mysql://192.0.2.10:3306/shop?sslMode=REQUIRED`');
    expect(steps).toContain('`jdbc:mariadb://192.0.2.10:3306/shop?sslMode=trust`');
    expect(steps).toContain(
      `\`sudo mysql -e "SELECT user, host, plugin, ssl_type FROM mysql.user WHERE user = 'app'"\``,
    );
  });

  it('the placeholder’s login over TLS: the same caveat, without claiming a login worked', () => {
    const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true, placeholder: true, user: null }));
    expect(verdict.summary).toContain('If your app connects without TLS');
    expect(verdict.summary).not.toContain('though this login worked');
    expect(verdict.nextSteps.join('\n')).toContain("WHERE user = 'your_user'");
  });

  it('no caveat for a login in plain text, or a URL that names any TLS mode, even the default PREFERRED', () => {
    for (const facts of [
      loggedIn(url, { tls: false }),
      loggedIn(`${url}?ssl-mode=REQUIRED`, { tls: true, tlsMode: 'required' }),
      loggedIn(`${url}?ssl-mode=VERIFY_IDENTITY`, { tls: true, tlsMode: 'verify' }),
      loggedIn(`${url}?ssl-mode=PREFERRED`, { tls: true, tlsMode: 'preferred' }),
      loggedIn(`${url}?ssl={}`, { tls: true, tlsMode: 'verify' }),
    ]) {
      const verdict = verdictBuilders.healthy(facts);
      expect(verdict.summary).not.toContain('If your app connects without TLS');
      expect(verdict.nextSteps.join('\n')).not.toContain('mysql2');
    }
  });

  it('a URL that asks to verify: the OpenSSL line checks the name the client checks, and none for an IP literal', () => {
    // The sentence promises a failure "for another name": the command shows it only with the name sent and checked.
    const named = verdictBuilders.healthy(
      loggedIn('mysql://db.example.test:3306/shop?ssl-mode=VERIFY_IDENTITY', { tls: true, tlsMode: 'verify' }),
    );
    expect(named.summary).toContain('for another name');
    expect(named.nextSteps.join('\n')).toContain(
      'See the certificate as a verifying client does: `openssl s_client -starttls mysql -connect db.example.test:3306 -servername db.example.test -verify_hostname db.example.test -verify_return_error -showcerts </dev/null` (it stops with "verify error" on a certificate such a client refuses)',
    );
    const literal = verdictBuilders.healthy(loggedIn(url, { tls: true, tlsMode: 'verify' })).nextSteps.join('\n');
    expect(literal).toContain(
      '`openssl s_client -starttls mysql -connect 192.0.2.10:3306 -verify_return_error -showcerts </dev/null`',
    );
  });

  it('a URL that asks to verify, the placeholder let in over TLS: not certain either, the certificate unverified', () => {
    const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true, placeholder: true, tlsMode: 'verify' }));
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain("the server's certificate was not verified here");
  });

  it('the TLS mode comes from the protocol check, not from the URL read again', () => {
    // A check that read `verify` (mysql2's `ssl={}`, say): the unverified words, not certain, whatever the URL shows.
    const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true, tlsMode: 'verify' }));
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain("the server's certificate was not verified here");
    expect(verdict.summary).toContain("mysql2's `ssl={}`");
    // And a check that read none: the caveat, though the URL here names a mode.
    const caveat = verdictBuilders.healthy(loggedIn(`${url}?ssl-mode=REQUIRED`, { tls: true, tlsMode: null }));
    expect(caveat.summary).toContain('If your app connects without TLS');
  });

  it('Go’s go-sql-driver/mysql is named, with its DSN and tls=true; the Connector/J versions each setting is for', () => {
    const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true }));
    expect(verdict.summary).toContain("Go's go-sql-driver/mysql");
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain("Go's go-sql-driver/mysql: `app:…@tcp(192.0.2.10:3306)/shop?tls=true`");
    expect(steps).toContain('MySQL Connector/J 8.0.13 and later');
    expect(steps).toContain('`useSSL=true&requireSSL=true` before');
    expect(steps).toContain('MariaDB Connector/J 3.x, plain text by default; `useSsl=true` in 2.x');
  });

  it('a database name with a space or a `?` goes into the drivers’ URLs encoded, as the user is', () => {
    for (const [name, encoded] of [
      ['a b', 'a%20b'],
      ['x?y', 'x%3Fy'],
    ]) {
      const verdict = verdictBuilders.healthy(loggedIn(url, { tls: true, database: name, user: 'o b' }));
      const steps = verdict.nextSteps.join('\n');
      expect(steps).toContain(`\`mysql://o%20b:…@192.0.2.10:3306/${encoded}?ssl={}\``);
      expect(steps).toContain(`\`jdbc:mysql://192.0.2.10:3306/${encoded}?sslMode=REQUIRED\``);
      expect(steps).toContain(`\`your_user:…@tcp(192.0.2.10:3306)/${encoded}?tls=true\``);
      // MariaDB Connector/J does not decode its path: the name stays out of its URL, and the words say how instead.
      expect(steps).toContain('`jdbc:mariadb://192.0.2.10:3306/?sslMode=trust`');
      expect(steps).toContain('its URL does not decode a database name: `setCatalog(…)` then');
      expect(steps).not.toContain(`/${name}?`);
    }
    // A plain name goes in as it is, MariaDB's too.
    const plain = verdictBuilders.healthy(loggedIn(url, { tls: true, database: 'shop' })).nextSteps.join('\n');
    expect(plain).toContain('`jdbc:mariadb://192.0.2.10:3306/shop?sslMode=trust`');
    expect(plain).not.toContain('setCatalog');
  });
});

describe('the evidence of a placeholder login, by how it ended', () => {
  const url = 'mysql://192.0.2.10:3306/shop';
  const evidenceOf = (facts: Facts) => protocolAnswerEvidence(facts).join('\n');

  it('refused as an unknown account (the expected Access denied): an authentication error, not counted', () => {
    expect(evidenceOf(loggedIn(url, { tls: false, placeholder: true }))).toContain(
      'whose refusal is an authentication error the server does not count toward max_connect_errors',
    );
  });

  it('refused for another reason (3159, TLS required): that reason, and no claim about max_connect_errors', () => {
    const facts = loggedIn(url, { tls: false, placeholder: true });
    const greeting = (facts.protocol!.handshakes[0] as Extract<MysqlHandshake, { kind: 'greeting' }>).greeting;
    const refused: MysqlHandshake = {
      kind: 'login-refused',
      greeting,
      error: { code: 3159, sqlState: 'HY000', message: 'Connections using insecure transport are prohibited' },
      passwordSent: false,
      placeholder: true,
      tls: false,
      reason: 'server-requires-tls' as ServerReason,
      afterMs: 2,
    } as MysqlHandshake;
    const evidence = evidenceOf({ ...facts, protocol: { ...facts.protocol!, handshakes: [refused] } });
    expect(evidence).not.toContain('max_connect_errors');
    expect(evidence).toContain('the server refused it for the reason above, not as an unknown account');
  });
});
