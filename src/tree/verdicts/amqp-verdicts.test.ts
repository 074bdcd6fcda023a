import { describe, expect, it } from 'vitest';
import type { ProtocolCheck } from '../../protocols/protocol-check.js';
import type { ServerReason } from '../../protocols/server-reasons.js';
import type { Facts } from '../facts.js';
import { attempt, factsFor } from '../proxy-detour.test-helper.js';
import { verdictBuilders } from './verdict-builders.js';

/** Facts after an AMQP handshake answered `answer`, with a login (the URL's user and password) when `sent`. */
function amqp(
  reason: ServerReason,
  answer: string,
  message: string,
  options: { user?: string; vhost?: string | null; sent?: boolean; address?: string } = {},
): Facts {
  const address = options.address ?? '192.0.2.10';
  const protocol: ProtocolCheck = {
    protocol: 'amqp',
    reading: { kind: 'answered', reason, answer, message, meaning: 'what it means', afterMs: 1 },
    handshakes: [],
    user: options.user ?? 'app',
    userGiven: true,
    passwordSent: options.sent ?? true,
    database: options.vhost === undefined ? 'shop' : options.vhost,
    fromIdentification: false,
  };
  return factsFor({ url: `amqp://${address}:5672/shop`, tcp: [attempt('open', address, 5672)], protocol });
}

describe('the words of an AMQP login', () => {
  it('Open-Ok: healthy, certain, naming the user and the vhost, and the password as tested', () => {
    const message = 'RabbitMQ 3.10.8, AMQP 0-9, mechanisms PLAIN AMQPLAIN; logged in as "app", vhost "shop" opened';
    const verdict = verdictBuilders.healthy(amqp('ok', 'open-ok', message));
    expect(verdict.confidence).toBe('certain');
    expect(verdict.summary).not.toContain('No password was tried');
    expect(verdict.evidence).toEqual(
      expect.arrayContaining([
        'Started the session as user "app" from the URL',
        'Asked to open the vhost "shop" from the URL\'s path',
        'The password from the URL was sent, only to test it; it is never shown or kept',
      ]),
    );
  });

  it('credentials taken, then no answer: server-error, likely, worded as a login left unanswered, never a refusal', () => {
    const verdict = verdictBuilders['server-error'](
      amqp('server-error', 'login-unanswered', 'the broker took the credentials, then said nothing'),
    );
    expect(verdict.title).toContain('took the credentials, then did not answer the login');
    expect(verdict.confidence).toBe('likely');
    expect(verdict.evidence).toContain(
      'The password from the URL was sent, only to test it; it is never shown or kept',
    );
    expect(verdict.nextSteps.join('\n')).toContain('rabbitmqctl authenticate_user');
  });

  it('no PLAIN offered: healthy, and the summary and evidence say no password was tried', () => {
    const message =
      'RabbitMQ 3.10.8, AMQP 0-9, mechanisms EXTERNAL; the broker does not offer PLAIN (it offers EXTERNAL), so the password was not sent and not judged';
    const verdict = verdictBuilders.healthy(amqp('ok', 'connection-start', message, { sent: false }));
    expect(verdict.summary).toContain('No password was tried');
    expect(verdict.evidence).toContain('No password was sent');
    expect(verdict.evidence.join('\n')).toContain('does not offer PLAIN');
  });

  it('403: certain, with rabbitmqctl checks, and the guest note only for guest from another machine', () => {
    const refused = 'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN.';
    const verdict = verdictBuilders['authentication-failed'](amqp('authentication-failed', 'close-403', refused));
    expect(verdict.confidence).toBe('certain');
    expect(verdict.nextSteps.join('\n')).toContain('sudo rabbitmqctl authenticate_user app');
    expect(verdict.nextSteps.join('\n')).not.toContain('loopback_users');
    const guest = amqp('authentication-failed', 'close-403', refused, { user: 'guest' });
    expect(verdictBuilders['authentication-failed'](guest).nextSteps[0]).toContain('loopback_users');
    const local = amqp('authentication-failed', 'close-403', refused, { user: 'guest', address: '127.0.0.1' });
    expect(verdictBuilders['authentication-failed'](local).nextSteps.join('\n')).not.toContain('loopback_users');
  });

  it('a bare close after the credentials: authentication-failed, but only likely', () => {
    const facts = amqp('authentication-failed', 'closed-after-start-ok', 'the broker closed the connection');
    const verdict = verdictBuilders['authentication-failed'](facts);
    expect(verdict.confidence).toBe('likely');
    expect(verdict.summary).toContain('how AMQP 0-9-1 refuses a login');
  });

  it('530 vhost not found: database-missing in vhost words, the default vhost named when the URL has none', () => {
    const verdict = verdictBuilders['database-missing'](
      amqp('database-missing', 'close-530', 'NOT_ALLOWED - vhost shop not found'),
    );
    expect(verdict.title).toBe('AMQP at 192.0.2.10:5672 has no virtual host "shop"');
    expect(verdict.nextSteps.join('\n')).toContain("sudo rabbitmqctl set_permissions -p shop app '.*' '.*' '.*'");
    const root = amqp('database-missing', 'close-530', 'NOT_ALLOWED - vhost / not found', { vhost: null });
    expect(verdictBuilders['database-missing'](root).title).toContain('no virtual host "/"');
    expect(verdictBuilders['database-missing'](root).evidence).toContain(
      'Asked to open the default vhost "/" (the URL names none)',
    );
  });

  it('530 access refused: server-rejects-client in permission words, never the address-rule ones', () => {
    const message = "NOT_ALLOWED - access to vhost 'shop' refused for user 'app'";
    const verdict = verdictBuilders['server-rejects-client'](amqp('server-rejects-client', 'close-530', message));
    expect(verdict.title).toBe('AMQP at 192.0.2.10:5672 lets "app" log in, but not into virtual host "shop"');
    expect(verdict.summary).not.toContain('before any password');
    expect(verdict.nextSteps[0]).toContain("sudo rabbitmqctl set_permissions -p shop app '.*' '.*' '.*'");
  });

  it("530 connection limit: the vhost's and the user's limits named, with the commands to see and raise them", () => {
    const message = "NOT_ALLOWED - access to vhost 'shop' refused for user 'app': connection limit (0) is reached";
    const verdict = verdictBuilders['server-connection-limit'](amqp('server-connection-limit', 'close-530', message));
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain('sudo rabbitmqctl list_vhost_limits -p shop');
    expect(steps).toContain('sudo rabbitmqctl list_user_limits --user app');
    expect(steps).toContain(`sudo rabbitmqctl set_vhost_limits -p shop '{"max-connections": 256}'`);
  });
});
