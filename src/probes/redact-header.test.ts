import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeader } from './redact-header.js';

describe('redactHeader', () => {
  it.each([
    'Authorization',
    'authorization',
    'PROXY-AUTHORIZATION',
    'Cookie',
    'Set-Cookie',
    'set-cookie2',
    'X-Api-Key',
    'x-api_key',
    'Api-Key',
    'X-Goog-Api-Key',
    'X-Auth-Token',
    'X-Amz-Security-Token',
    'Private-Token',
    'X-Vault-Token',
    'X-CSRF-Token',
    'Ocp-Apim-Subscription-Key',
    'X-Access-Key',
    'X-Session-Id',
    'X-Client-Secret',
    'X-Password',
  ])('redacts %s', (name) => {
    expect(redactHeader(name, 'Bearer eyJhbGciOi.secret')).toBe(REDACTED);
  });

  it.each(['Content-Type', 'Server', 'WWW-Authenticate', 'Proxy-Authenticate', 'Sec-WebSocket-Key', 'Keep-Alive'])(
    'keeps %s, which is evidence rather than a secret',
    (name) => {
      expect(redactHeader(name, 'Basic realm="x"')).toBe('Basic realm="x"');
    },
  );

  it('removes credentials from URLs in other headers', () => {
    expect(redactHeader('Location', 'https://alice:s3cret@example.com/login?next=/')).toBe(
      'https://[redacted]@example.com/login?next=/',
    );
    expect(redactHeader('Link', '<http://tok@a.test/x>; rel=next, <ftp://b.test/y>')).toBe(
      '<http://[redacted]@a.test/x>; rel=next, <ftp://b.test/y>',
    );
    expect(redactHeader('Location', '/relative@path')).toBe('/relative@path');
  });
});
