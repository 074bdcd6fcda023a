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
    expect(walk(plain)).toEqual([
      'tcp.connect',
      'app.protocol',
      'protocol.handshake',
      'protocol.server-access',
      '⇒ server-rejects-client',
    ]);
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

  it('a plain handshake answered with a TLS alert: the port speaks only TLS (amqp:// to an amqps listener)', () => {
    const alert = { text: '\\x15\\x03\\x03\\x00\\x02\\x02F', hex: '15 03 03 00 02 02 46', length: 7 };
    const cut: ProtocolReading = {
      kind: 'cut-short',
      cut: { kind: 'not-this-protocol', afterMs: 1, received: alert, why: 'frame type 21, not a method' },
    };
    const facts = withHandshake('amqp://192.0.2.10:5671', cut, { protocol: 'amqp', user: null, userGiven: false });
    expect(walk(facts)).toEqual(['tcp.connect', 'app.protocol', 'protocol.handshake', '⇒ server-requires-tls']);
    const verdict = verdictBuilders['server-requires-tls'](facts);
    expect(verdict.title).toBe('AMQP at 192.0.2.10:5671 speaks only TLS on this port');
    expect(verdict.evidence).toContain(
      'What came back instead: "\\x15\\x03\\x03\\x00\\x02\\x02F" (hex 15 03 03 00 02 02 46)',
    );
    expect(verdict.nextSteps[0]).toContain('`amqps://192.0.2.10:5671`');
    // Bytes of another protocol are not TLS: still unexpected-protocol.
    const http = { text: 'HTTP/1.1 400', hex: '48 54 54 50', length: 12 };
    const other: ProtocolReading = { ...cut, cut: { ...cut.cut, received: http } as typeof cut.cut };
    expect(walk(withHandshake('amqp://192.0.2.10:5671', other, { protocol: 'amqp' })).at(-1)).toBe(
      '⇒ unexpected-protocol',
    );
  });

  it('a plain handshake hung up on, on a port that then speaks TLS: server-requires-tls (a TLS-only mongod)', () => {
    const cut: ProtocolReading = { kind: 'cut-short', cut: { kind: 'closed', afterMs: 1, received: null } };
    const facts: Facts = {
      ...withHandshake('mongodb://192.0.2.10:27017', cut, { protocol: 'mongodb', user: null, userGiven: false }),
      service: {
        kind: 'identified',
        protocol: { id: 'tls', name: 'TLS', evidence: 'TLSv1.3 handshake completed' },
        how: 'tls-hello',
        tried: [],
      },
    };
    expect(walk(facts, 'service.identify')).toEqual(['service.identify', '⇒ server-requires-tls']);
    const verdict = verdictBuilders['server-requires-tls'](facts);
    expect(verdict.summary).toContain('closed the connection without a word, and a TLS handshake on the same port');
    expect(verdict.evidence).toContain('the port speaks TLS: TLSv1.3 handshake completed');
    expect(verdict.nextSteps[0]).toContain('mongodb://192.0.2.10:27017/?tls=true');
    // A TLS scheme whose port speaks TLS is not this case.
    const overTls = { ...facts, target: { ...facts.target, scheme: 'rediss' as const } };
    expect(walk(overTls, 'service.identify').at(-1)).not.toBe('⇒ server-requires-tls');
  });

  it('unexpected-protocol after a handshake is worded in the protocol, not in HTTP', () => {
    const header = answered('protocol-version-mismatch', 'protocol-header', 'AMQP 0-1-0-0');
    const amqp = withHandshake('amqp://192.0.2.10:5672', header, { protocol: 'amqp', user: null, userGiven: false });
    const mismatch = verdictBuilders['unexpected-protocol'](amqp);
    expect(mismatch.title).toBe('AMQP at 192.0.2.10:5672 speaks AMQP 1.0.0, not AMQP 0-9-1');
    expect(mismatch.confidence).toBe('certain');
    expect(mismatch.evidence.join('\n')).toContain('AMQP answered protocol-header: "AMQP 0-1-0-0"');
    expect(JSON.stringify(mismatch)).not.toContain('HTTP');

    const page = { text: 'HTTP/1.1 400 Bad Request\\r\\n', hex: '48 54 54 50 2f 31 2e 31 20 34 30 30', length: 26 };
    const cut: ProtocolReading = {
      kind: 'cut-short',
      cut: { kind: 'not-this-protocol', afterMs: 1, received: page, why: 'not a PostgreSQL message' },
    };
    const other = verdictBuilders['unexpected-protocol'](withHandshake('postgres://192.0.2.10:8080/shop', cut));
    expect(other.title).toBe('Port 8080 speaks HTTP, not PostgreSQL');
    expect(other.evidence).toContain(
      'What came back instead: "HTTP/1.1 400 Bad Request\\r\\n" (hex 48 54 54 50 2f 31 2e 31 20 34 30 30)',
    );
    expect(other.nextSteps.join('\n')).toContain("PostgreSQL's usual port is 5432");
  });

  it('a healthy protocol target is compared with a bare connect, never with curl', () => {
    const facts = withHandshake('mongodb://192.0.2.10:27017', answered('ok', 'ok', ''), { protocol: 'mongodb' });
    const steps = verdictBuilders.healthy(facts).nextSteps.join('\n');
    expect(steps).toContain('nc -vz -w 3 192.0.2.10 27017');
    expect(steps).not.toContain('curl');
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
