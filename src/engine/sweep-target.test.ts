import { describe, expect, it } from 'vitest';
import { parseTarget } from './parse-target.js';
import { sweepTargetOf } from './sweep-target.js';

describe('sweepTargetOf', () => {
  it('carries each field once: where from, what is shown, and for the engine the target, credentials and path', () => {
    // Credentials and a secret query value, so that every field has something of its own.
    const parsed = parseTarget('http://app:s3cret@127.0.0.1:8080/health?token=abc123');
    if (!parsed.ok) throw new Error(parsed.error);
    const source = { kind: 'env', file: '.env', line: 3, name: 'HEALTH_URL' } as const;
    const row = sweepTargetOf(parsed, source, 'http://***@127.0.0.1:8080/health?token=***');
    expect(row).toEqual({
      source,
      input: 'http://***@127.0.0.1:8080/health?token=***',
      target: parsed.target,
      credentials: { username: 'app', password: 's3cret' },
      requestPath: '/health?token=abc123',
    });
    expect(row.target).toMatchObject({ scheme: 'http', host: '127.0.0.1', port: 8080 });
  });

  it('a target without secrets: no credentials, no separate request path', () => {
    const parsed = parseTarget('127.0.0.1:5432');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(sweepTargetOf(parsed, { kind: 'arg' }, '127.0.0.1:5432')).toEqual({
      source: { kind: 'arg' },
      input: '127.0.0.1:5432',
      target: parsed.target,
      credentials: null,
      requestPath: null,
    });
  });
});
