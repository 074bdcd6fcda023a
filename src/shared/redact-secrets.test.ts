import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeader, redactSecrets, redactTarget, redactUrl } from './redact-secrets.js';

describe('URLs inside headers and pasted text', () => {
  it('hide secret query values and token-shaped path segments, not only the user info', () => {
    expect(redactHeader('Location', 'https://app.test/cb?token=abc123&state=ok#access_token=eyX')).toBe(
      'https://app.test/cb?token=***&state=ok#access_token=***',
    );
    const pasted =
      'POST https://hooks.slack.test/services/T0A1B2C3D/B0A1B2C3D/X9y8Z7w6V5u4T3s2R1q0P9o8 failed: ECONNRESET';
    expect(redactSecrets(pasted)).toBe(
      'POST https://hooks.slack.test/services/T0A1B2C3D/B0A1B2C3D/*** failed: ECONNRESET',
    );
  });
});

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

  it('hides URL credentials in other headers up to the last @, a password holding / included', () => {
    expect(redactHeader('Location', 'https://u:p/w@example.com/login')).toBe('https://[redacted]@example.com/login');
  });
});

describe('redactSecrets', () => {
  it.each<[string, string, string]>([
    [
      'curl -v request headers',
      '> GET /api HTTP/1.1\r\n> Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl\r\n> Cookie: sid=s3cr3t; theme=dark\r\n',
      '> GET /api HTTP/1.1\r\n> Authorization: Bearer [redacted]\r\n> Cookie: [redacted]\r\n',
    ],
    ['a response cookie', '< Set-Cookie: session=abc123; Path=/; HttpOnly', '< Set-Cookie: [redacted]'],
    ['proxy credentials', 'Proxy-Authorization: Basic dXNlcjpwYXNz', 'Proxy-Authorization: Basic [redacted]'],
    [
      'a quoted header on a command line, ended by its quote',
      'curl -H "Authorization: Basic YXBwOnMzY3IzdA==" http://localhost:8080/',
      'curl -H "Authorization: Basic [redacted]" http://localhost:8080/',
    ],
    [
      'Digest parameters',
      'Authorization: Digest username="app", response="6629fae4"',
      'Authorization: Digest [redacted]',
    ],
    [
      'query-string tokens',
      'GET /?token=abc123&page=2&api_key=K9&access_token=xyz&key=AIzaSy0',
      'GET /?token=[redacted]&page=2&api_key=[redacted]&access_token=[redacted]&key=[redacted]',
    ],
    [
      'URL credentials',
      'could not connect (postgres://app:hunter2@db:5432/shop)',
      'could not connect (postgres://[redacted]@db:5432/shop)',
    ],
    ['a password holding @', 'mysql://root:p@ss@127.0.0.1/x', 'mysql://[redacted]@127.0.0.1/x'],
    [
      'libpq keywords, glued names included',
      'host=db user=app password=hunter2 sslpassword=foo PGPASSWORD=bar',
      'host=db user=app password=[redacted] sslpassword=[redacted] PGPASSWORD=[redacted]',
    ],
    [
      'a Node.js object dump',
      "{ headers: { authorization: 'Bearer abc.def', 'x-api-key': 'k-123' }, code: 'ECONNRESET' }",
      "{ headers: { authorization: 'Bearer [redacted]', 'x-api-key': '[redacted]' }, code: 'ECONNRESET' }",
    ],
    [
      'JSON, camelCase and dotted names',
      '{"password":"p w","accessToken":"tok"} spring.datasource.password=pw1',
      '{"password":"[redacted]","accessToken":"[redacted]"} spring.datasource.password=[redacted]',
    ],
    ['curl -u', "curl -u app:s3cr3t 'http://x/'", "curl -u [redacted] 'http://x/'"],
    ['curl options at the start', '-u app:s3cr3t', '-u [redacted]'],
    [
      'curl -b',
      "curl -b 'sid=abc; theme=dark' --cookie=x=1 http://x/",
      'curl -b [redacted] --cookie=[redacted] http://x/',
    ],
    [
      'credentials by shape alone',
      'token ghp_abcdefghijklmnopqrstuvwxyz0123456789, then Bearer abcdefghijklmnopqrstuvwxyz',
      'token [redacted], then Bearer [redacted]',
    ],
    // Cases the text rules missed before the rules were one.
    ['authSource is no secret', 'mongodb://u:pw@h/db?authSource=admin', 'mongodb://[redacted]@h/db?authSource=admin'],
    ['a password holding / and #', 'postgres://app:p/a#s@db:5432/x refused', 'postgres://[redacted]@db:5432/x refused'],
    ['pwd as a word of the name', 'DB_PWD=x', 'DB_PWD=[redacted]'],
  ])('%s', (_, text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  it.each([
    "Error: connect ECONNREFUSED 127.0.0.1:5432\n  errno: -111, code: 'ECONNREFUSED', syscall: 'connect'",
    'WWW-Authenticate: Basic realm="api"',
    'Basic auth failed for user app',
    'FATAL:  password authentication failed for user "app"',
    'curl: (7) Failed to connect to localhost port 8080 after 0 ms: Connection refused',
    "requests.exceptions.ConnectionError: HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded",
  ])('keeps %j, which holds no secret', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('secrets inside a JSON query value (mysql2 reads every URL parameter as JSON: its ssl={…} goes to TLS)', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----\n';
  it.each([
    [
      'mysql://db/x?ssl={"passphrase":"S3cretPass","rejectUnauthorized":false}',
      'mysql://db/x?ssl={"passphrase":"***","rejectUnauthorized":false}',
    ],
    // As WHATWG's parser leaves it in the target's path: quotes encoded.
    ['/x?ssl={%22key%22:%22k%22,%22ca%22:%22c%22}', '/x?ssl={%22key%22:%22***%22,%22ca%22:%22c%22}'],
    // Node's key and pfx also take arrays of objects, each with its own passphrase: hidden whole.
    ['mysql://db/x?ssl={"pfx":[{"buf":"b64","passphrase":"p"}]}', 'mysql://db/x?ssl={"pfx":"***"}'],
    // A private key under a name that says nothing: its PEM shape gives it away.
    [
      `mysql://db/x?ssl=${encodeURIComponent(JSON.stringify({ cert: pem }))}`,
      'mysql://db/x?ssl={%22cert%22:%22***%22}',
    ],
    // Nothing secret in it: kept as typed, encoding and all.
    ['mysql://db/x?ssl=%7B%22ca%22%3A%22c%22%7D&a=[1]', 'mysql://db/x?ssl=%7B%22ca%22%3A%22c%22%7D&a=[1]'],
    ['mysql://db/x?ssl={}', 'mysql://db/x?ssl={}'],
    // Looks like JSON and is not, with a secret name in it: hidden whole; without one, kept.
    ['mysql://db/x?ssl={passphrase:S3cretPass}', 'mysql://db/x?ssl=***'],
    ['mysql://db/x?ssl={rejectUnauthorized:false}', 'mysql://db/x?ssl={rejectUnauthorized:false}'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('reads JSON after the spaces a query may put first (`+`, `%20`), as mysql2 does', () => {
    for (const url of [
      'mysql://db/x?ssl=+{"passphrase":"S3cretPass"}',
      'mysql://db/x?ssl=%20%7B%22key%22:%22S3cretPass%22%7D',
    ]) {
      expect(redactUrl(url)).not.toContain('S3cretPass');
    }
  });

  it('stays JSON that reads the same but for its secrets, through its encoding; a `%` in it is escaped again', () => {
    const ssl = { key: pem, passphrase: 'S3cret&Pass#1%', ca: 'a "quoted" & 100% ca', rejectUnauthorized: false };
    const shown = redactUrl(`mysql://db/x?ssl=${encodeURIComponent(JSON.stringify(ssl))}&charset=utf8mb4`);
    const query = new URLSearchParams(shown.slice(shown.indexOf('?') + 1));
    expect(JSON.parse(query.get('ssl')!)).toEqual({ ...ssl, key: '***', passphrase: '***' });
    expect(query.get('charset')).toBe('utf8mb4');
  });

  it('pfx is a secret name anywhere: a query parameter, pasted text', () => {
    expect(redactUrl('mysql://db/x?pfx=MIIK')).toBe('mysql://db/x?pfx=***');
    expect(redactSecrets('ssl: { pfx: MIIKbase64 }')).toBe(`ssl: { pfx: ${REDACTED} }`);
    // A URL pasted with its ssl JSON encoded: the JSON rule hides it; typed, the named-value rule does.
    const encoded = `mysql://db/x?ssl=${encodeURIComponent('{"passphrase":"S3cretPass"}')} failed`;
    expect(redactSecrets(encoded)).not.toContain('S3cretPass');
    expect(redactSecrets('mysql://db/x?ssl={"passphrase":"S3cretPass"} failed')).not.toContain('S3cretPass');
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://app:pw@db:5432/app', 'postgres://***@db:5432/app'],
    ['redis://:pw@localhost:6379/0', 'redis://***@localhost:6379/0'],
    ['redis://default@localhost:6379', 'redis://***@localhost:6379'],
    // A password holding unencoded `/`, `#`, `?` or `@` is hidden whole: the user info runs to the last `@`.
    ['postgres://app:p/a#s?s@w@db:5432/app', 'postgres://***@db:5432/app'],
    ['mongodb://u:pw@h1:27017,h2:27017/db?replicaSet=rs0', 'mongodb://***@h1:27017,h2:27017/db?replicaSet=rs0'],
    [
      'postgres://db/app?user=app&password=pw&sslmode=require',
      'postgres://db/app?user=app&password=***&sslmode=require',
    ],
    ['http://api:8080/v1?api_key=k&token=t#top', 'http://api:8080/v1?api_key=***&token=***#top'],
    ['mysql://db:3306/shop?sslpassword=x', 'mysql://db:3306/shop?sslpassword=***'],
    ['http://localhost:3000/health', 'http://localhost:3000/health'],
    [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXX1',
      'https://hooks.slack.com/services/T00000000/B00000000/***',
    ],
    [
      'https://api.telegram.org/bot123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11/getMe',
      'https://api.telegram.org/***/getMe',
    ],
    ['http://localhost:8080/api/v1/orders/recent?limit=20', 'http://localhost:8080/api/v1/orders/recent?limit=20'],
    // Cases the sources' own rule got wrong, before the rules were one: `authSource` names a database and `authMechanism` a method; `sslkey` is a file path: not secrets.
    [
      'mongodb://u:pw@h/db?authSource=admin&authMechanism=SCRAM-SHA-256',
      'mongodb://***@h/db?authSource=admin&authMechanism=SCRAM-SHA-256',
    ],
    [
      'postgres://db/app?sslkey=/etc/client.key&sslmode=verify-full',
      'postgres://db/app?sslkey=/etc/client.key&sslmode=verify-full',
    ],
    // …but the mechanism's properties can carry an AWS session token.
    ['mongodb://h/db?authMechanismProperties=AWS_SESSION_TOKEN:abc', 'mongodb://h/db?authMechanismProperties=***'],
    ['http://app/?PHPSESSID=abc&sig=xyz&db_pwd=x', 'http://app/?PHPSESSID=***&sig=***&db_pwd=***'],
    ['https://app/cb#access_token=abc&expires_in=3600', 'https://app/cb#access_token=***&expires_in=3600'],
    ['http://api/v1?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'http://api/v1?jwt=***'],
    ['http://shop/app;jsessionid=0A1B2C3D;v=2/cart', 'http://shop/app;jsessionid=***;v=2/cart'],
    // Without a scheme (a proxy variable, a .env value) the user info starts the value.
    ['app:pw@db:5432', '***@db:5432'],
    ['localhost:8080', 'localhost:8080'],
  ])('%s → %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});

describe('redactTarget', () => {
  it("hides a keyword/value string's password even when a value holds `://`", () => {
    for (const raw of ['host=db password=http://x', 'host=db password=S3cret sslrootcert=/a://b']) {
      const shown = redactTarget(raw);
      expect(shown).toContain('host=db');
      expect(shown).not.toMatch(/password=(?:http|S3cret)/);
    }
  });

  it("still reads a URL's user info and query as a URL's", () => {
    expect(redactTarget('postgres://app:S3cret@db/x?password=p2')).toBe('postgres://***@db/x?password=***');
  });
});
