import { describe, expect, it } from 'vitest';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import type { ServerReason } from '../protocols/server-reasons.js';
import type { Facts } from './facts.js';
import { attempt, factsFor } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

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
