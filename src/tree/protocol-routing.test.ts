import { describe, expect, it } from 'vitest';
import type { ProtocolCheck, ProtocolReading } from '../protocols/protocol-check.js';
import type { ServerReason } from '../protocols/server-reasons.js';
import type { Facts } from './facts.js';
import { attempt, factsFor, secure, walk } from './proxy-detour.test-helper.js';
import { verdictBuilders } from './verdicts/verdict-builders.js';

/** Facts after the connect to a protocol URL, and a handshake that read `reading`. */
function withHandshake(url: string, reading: ProtocolReading, over: Partial<ProtocolCheck> = {}): Facts {
  const protocol: ProtocolCheck = {
    protocol: 'postgresql',
    reading,
    handshakes: [],
    user: 'app',
    userGiven: true,
    passwordSent: false,
    fromIdentification: false,
    database: /^\w+:\/\/[^/]+\/([^/?]+)/.exec(url)?.[1] ?? null,
    ...over,
  };
  return factsFor({ url, tcp: [attempt('open', '192.0.2.10', 5432)], protocol });
}

const answered = (reason: ServerReason, answer = '28000', message = 'a message'): ProtocolReading => ({
  kind: 'answered',
  reason,
  answer,
  message,
  meaning: 'what it means',
  afterMs: 1,
});

describe('the protocol handshake in the tree', () => {
  it('runs after the connect of a protocol URL, and after TLS for the TLS schemes', () => {
    const plain = withHandshake('postgres://192.0.2.10:5432/shop', answered('server-rejects-client'));
    expect(walk(plain)).toEqual(['tcp.connect', 'app.protocol', 'protocol.handshake', '⇒ server-rejects-client']);
    const overTls = {
      ...withHandshake('rediss://192.0.2.10:6379', answered('authentication-required')),
      tls: secure(),
    };
    expect(walk(overTls)).toEqual([
      'tcp.connect',
      'app.protocol',
      'tls.handshake',
      'protocol.handshake',
      '⇒ authentication-required',
    ]);
  });

  it.each<[ServerReason, string]>([
    ['server-rejects-client', 'server-rejects-client'],
    ['server-connection-limit', 'server-connection-limit'],
    ['server-requires-tls', 'server-requires-tls'],
    ['authentication-required', 'authentication-required'],
    ['authentication-failed', 'authentication-failed'],
    ['server-not-ready', 'server-not-ready'],
    ['database-missing', 'database-missing'],
    ['protocol-version-mismatch', 'unexpected-protocol'],
    ['user-missing', 'server-error'],
    ['server-error', 'server-error'],
  ])('an answer read as %s ends in %s, never healthy', (reason, verdict) => {
    const path = walk(withHandshake('redis://192.0.2.10:6379', answered(reason)));
    expect(path.at(-1)).toBe(`⇒ ${verdict}`);
  });

  it('an ok answer goes on to the checks a healthy target gets', () => {
    const path = walk(withHandshake('ssh://192.0.2.10:22', answered('ok', 'identification')));
    expect(path).toContain('healthy.check');
    expect(path.at(-1)).toBe('⇒ healthy');
  });

  it("a healthy protocol target's words name the server's answer and say the login was not tested", () => {
    const facts = withHandshake('ssh://192.0.2.10:22', answered('ok', 'SSH-2.0-OpenSSH_9.2', ''), {
      protocol: 'ssh',
      user: null,
      userGiven: false,
    });
    const verdict = verdictBuilders.healthy(facts);
    expect(verdict.summary).toMatch(
      /^The name resolves, the TCP handshake completes, SSH answered SSH-2\.0-OpenSSH_9\.2\. /,
    );
    expect(verdict.summary).not.toContain(', .');
    expect(verdict.summary).toContain('No password was tried');
    expect(verdict.evidence.some((line) => line.startsWith('SSH answered SSH-2.0-OpenSSH_9.2'))).toBe(true);
  });

  it('a handshake hung up on without a word falls back to the dropped-connection checks', () => {
    const cut: ProtocolReading = { kind: 'cut-short', cut: { kind: 'closed', afterMs: 1, received: null } };
    const path = walk(withHandshake('ssh://192.0.2.10:22', cut, { protocol: 'ssh' }));
    expect(path.slice(0, 4)).toEqual(['tcp.connect', 'app.protocol', 'protocol.handshake', 'service.identify']);
    expect(path.at(-1)).not.toBe('⇒ healthy');
  });

  it('a tcp:// target identified as one of these protocols gets the handshake', () => {
    const facts: Facts = {
      ...withHandshake('tcp://192.0.2.10:6379', answered('authentication-required', '-NOAUTH'), {
        protocol: 'redis',
      }),
      service: {
        kind: 'identified',
        protocol: { id: 'redis', name: 'Redis', evidence: '-NOAUTH' },
        how: 'redis-ping',
        tried: [],
      },
    };
    const { protocol: _, ...before } = facts;
    // Before the handshake: identification leads to it.
    expect(walk(before as Facts, 'service.identify')).toContain('protocol.handshake');
    expect(walk(facts, 'protocol.handshake').at(-1)).toBe('⇒ authentication-required');
  });

  it('words every protocol verdict with the server’s message, and never the password', () => {
    const facts = withHandshake(
      'postgres://192.0.2.10:5432/shop',
      answered('server-rejects-client', '28000', 'no pg_hba.conf entry for host "198.51.100.7", user "app"'),
      { passwordSent: true },
    );
    for (const id of [
      'server-rejects-client',
      'server-connection-limit',
      'server-requires-tls',
      'authentication-required',
      'authentication-failed',
      'server-not-ready',
      'database-missing',
      'server-error',
    ] as const) {
      const verdict = verdictBuilders[id](facts);
      expect(verdict.evidence.join('\n')).toContain('no pg_hba.conf entry');
      expect(verdict.evidence.join('\n')).toContain('sent, only to test it');
      expect(verdict.nextSteps.length).toBeGreaterThan(0);
    }
    // The pg_hba.conf line names the address the server saw.
    expect(verdictBuilders['server-rejects-client'](facts).nextSteps[0]).toContain('host shop app 198.51.100.7/32');
  });
});
