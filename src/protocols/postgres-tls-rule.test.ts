import { describe, expect, it } from 'vitest';
import type { PostgresHandshake } from './postgres-handshake.js';
import { postgresRequiresTls } from './postgres-tls-rule.js';

const fields = (code: string, message: string) => ({ severity: 'FATAL', code, message, detail: null, hint: null });
const hbaRefusal = (tls: 'not-asked' | 'accepted', encryption: 'none' | 'ssl'): PostgresHandshake => ({
  kind: 'answered',
  tls,
  reason: 'server-rejects-client',
  afterMs: 1,
  answer: {
    kind: 'error',
    error: fields(
      '28000',
      `no pg_hba.conf entry for host "10.0.0.5", user "u", database "d", ${encryption === 'none' ? 'no' : 'SSL'} encryption`,
    ),
    hbaEncryption: encryption,
    passwordSent: false,
  },
});
const passwordAsked: PostgresHandshake = {
  kind: 'answered',
  tls: 'accepted',
  reason: 'ok',
  afterMs: 1,
  answer: {
    kind: 'authentication-request',
    method: 'sasl',
    mechanisms: ['SCRAM-SHA-256'],
    passwordUntested: 'not-given',
  },
};

describe('postgresRequiresTls', () => {
  it('refused in plain text, let past the rules over TLS: TLS is required', () => {
    expect(postgresRequiresTls(hbaRefusal('not-asked', 'none'), passwordAsked)).toBe(true);
  });

  it('refused both ways: the rules refuse this client, TLS or not', () => {
    expect(postgresRequiresTls(hbaRefusal('not-asked', 'none'), hbaRefusal('accepted', 'ssl'))).toBe(false);
  });

  it('a plain refusal for another reason, or no TLS attempt to compare: no claim', () => {
    const tooMany: PostgresHandshake = {
      kind: 'answered',
      tls: 'not-asked',
      reason: 'server-connection-limit',
      afterMs: 1,
      answer: {
        kind: 'error',
        error: fields('53300', 'sorry, too many clients already'),
        hbaEncryption: null,
        passwordSent: false,
      },
    };
    expect(postgresRequiresTls(tooMany, passwordAsked)).toBe(false);
    expect(postgresRequiresTls(hbaRefusal('not-asked', 'none'), { kind: 'tls-unavailable', afterMs: 1 })).toBe(false);
    expect(postgresRequiresTls(hbaRefusal('not-asked', 'none'), { kind: 'closed', afterMs: 1, received: null })).toBe(
      false,
    );
  });
});
