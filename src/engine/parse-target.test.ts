import { describe, expect, it } from 'vitest';
import { parseTarget } from './parse-target.js';
import type { Scheme, Target } from '../shared/target.js';

function target(input: string): Target {
  const parsed = parseTarget(input);
  if (!parsed.ok) throw new Error(`expected ${input} to parse, got: ${parsed.error}`);
  return parsed.target;
}

function error(input: string): string {
  const parsed = parseTarget(input);
  if (parsed.ok) throw new Error(`expected ${input} to be rejected, got ${JSON.stringify(parsed.target)}`);
  return parsed.error;
}

describe('parseTarget: accepted forms', () => {
  it.each<[string, Omit<Target, 'input'>]>([
    // URLs and their default ports
    ['http://example.com', { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80, path: '/' }],
    ['https://example.com', { scheme: 'https', host: 'example.com', hostKind: 'name', port: 443, path: '/' }],
    [
      'http://example.com:8080/api',
      { scheme: 'http', host: 'example.com', hostKind: 'name', port: 8080, path: '/api' },
    ],
    ['HTTPS://Example.COM/Path', { scheme: 'https', host: 'example.com', hostKind: 'name', port: 443, path: '/Path' }],
    [
      'http://example.com/a/../b?x=1&y=2#frag',
      { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80, path: '/b?x=1&y=2' },
    ],
    ['http://example.com?q=1', { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80, path: '/?q=1' }],
    ['http://example.com#top', { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80, path: '/' }],
    [
      'http://example.com/caf\u00e9',
      { scheme: 'http', host: 'example.com', hostKind: 'name', port: 80, path: '/caf%C3%A9' },
    ],
    [
      'http://registry.local/@scope/pkg',
      { scheme: 'http', host: 'registry.local', hostKind: 'name', port: 80, path: '/@scope/pkg' },
    ],
    ['tcp://db.internal:5432', { scheme: 'tcp', host: 'db.internal', hostKind: 'name', port: 5432, path: '/' }],
    ['tcp://db.internal:5432/', { scheme: 'tcp', host: 'db.internal', hostKind: 'name', port: 5432, path: '/' }],
    // bare forms are TCP targets
    ['example.com:22', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: 22, path: '/' }],
    ['example.com', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: null, path: '/' }],
    ['my_service:8080', { scheme: 'tcp', host: 'my_service', hostKind: 'name', port: 8080, path: '/' }],
    ['  example.com:22\n', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: 22, path: '/' }],
    ['example.com:08080', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: 8080, path: '/' }],
    ['example.com:65535', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: 65535, path: '/' }],
    ['example.com.:1', { scheme: 'tcp', host: 'example.com', hostKind: 'name', port: 1, path: '/' }],
    // localhost, RFC 6761
    ['localhost:3000', { scheme: 'tcp', host: 'localhost', hostKind: 'localhost', port: 3000, path: '/' }],
    ['LOCALHOST.', { scheme: 'tcp', host: 'localhost', hostKind: 'localhost', port: null, path: '/' }],
    [
      'http://App.Localhost:5173/',
      { scheme: 'http', host: 'app.localhost', hostKind: 'localhost', port: 5173, path: '/' },
    ],
    ['notlocalhost', { scheme: 'tcp', host: 'notlocalhost', hostKind: 'name', port: null, path: '/' }],
    [
      'localhost.example.com',
      { scheme: 'tcp', host: 'localhost.example.com', hostKind: 'name', port: null, path: '/' },
    ],
    // IPv4
    ['127.0.0.1', { scheme: 'tcp', host: '127.0.0.1', hostKind: 'ipv4', port: null, path: '/' }],
    ['127.0.0.1:8080', { scheme: 'tcp', host: '127.0.0.1', hostKind: 'ipv4', port: 8080, path: '/' }],
    ['http://192.0.2.10:81/x', { scheme: 'http', host: '192.0.2.10', hostKind: 'ipv4', port: 81, path: '/x' }],
    ['127.0.0.1.', { scheme: 'tcp', host: '127.0.0.1', hostKind: 'ipv4', port: null, path: '/' }],
    // IPv6
    ['::1', { scheme: 'tcp', host: '::1', hostKind: 'ipv6', port: null, path: '/' }],
    ['2001:DB8::1', { scheme: 'tcp', host: '2001:db8::1', hostKind: 'ipv6', port: null, path: '/' }],
    ['[::1]', { scheme: 'tcp', host: '::1', hostKind: 'ipv6', port: null, path: '/' }],
    ['[::1]:8080', { scheme: 'tcp', host: '::1', hostKind: 'ipv6', port: 8080, path: '/' }],
    ['http://[::1]:8080/health', { scheme: 'http', host: '::1', hostKind: 'ipv6', port: 8080, path: '/health' }],
    ['https://[2001:db8::1]', { scheme: 'https', host: '2001:db8::1', hostKind: 'ipv6', port: 443, path: '/' }],
    ['tcp://[::ffff:127.0.0.1]:22', { scheme: 'tcp', host: '::ffff:127.0.0.1', hostKind: 'ipv6', port: 22, path: '/' }],
    // zone ids: kept as Node's net.connect takes them; case of the interface name preserved
    ['fe80::1%eth0', { scheme: 'tcp', host: 'fe80::1%eth0', hostKind: 'ipv6', port: null, path: '/' }],
    ['[FE80::1%25Eth0]:80', { scheme: 'tcp', host: 'fe80::1%Eth0', hostKind: 'ipv6', port: 80, path: '/' }],
    ['http://[fe80::1%eth0]/', { scheme: 'http', host: 'fe80::1%eth0', hostKind: 'ipv6', port: 80, path: '/' }],
    // ambiguous, documented: a valid unbracketed address is an address, never address+port
    ['::1:8080', { scheme: 'tcp', host: '::1:8080', hostKind: 'ipv6', port: null, path: '/' }],
    // internationalised names → punycode
    ['bücher.example', { scheme: 'tcp', host: 'xn--bcher-kva.example', hostKind: 'name', port: null, path: '/' }],
    [
      'https://BÜCHER.example/',
      { scheme: 'https', host: 'xn--bcher-kva.example', hostKind: 'name', port: 443, path: '/' },
    ],
    ['münchen\u3002de:443', { scheme: 'tcp', host: 'xn--mnchen-3ya.de', hostKind: 'name', port: 443, path: '/' }],
    [
      'xn--bcher-kva.example',
      { scheme: 'tcp', host: 'xn--bcher-kva.example', hostKind: 'name', port: null, path: '/' },
    ],
    [
      'XN--Bcher-KVA.example',
      { scheme: 'tcp', host: 'xn--bcher-kva.example', hostKind: 'name', port: null, path: '/' },
    ],
    [
      'xn--55qx5d.xn--tckwe:443',
      { scheme: 'tcp', host: 'xn--55qx5d.xn--tckwe', hostKind: 'name', port: 443, path: '/' },
    ],
    ['xn--ls8h.example', { scheme: 'tcp', host: 'xn--ls8h.example', hostKind: 'name', port: null, path: '/' }],
    // `--` elsewhere than after `xn` is no ACE prefix (WHATWG does not check hyphens)
    ['ab--cd.example', { scheme: 'tcp', host: 'ab--cd.example', hostKind: 'name', port: null, path: '/' }],
  ])('%s', (input, expected) => {
    expect(target(input)).toEqual({ input: input.trim(), ...expected });
  });

  it('accepts labels of exactly 63 characters and names of exactly 253', () => {
    const label63 = 'a'.repeat(63);
    expect(target(`${label63}.com`).host).toBe(`${label63}.com`);
    const name253 = [label63, label63, label63, 'a'.repeat(61)].join('.');
    expect(name253).toHaveLength(253);
    expect(target(name253).host).toBe(name253);
  });
});

describe('parseTarget: credentials', () => {
  it.each([
    ['http://user:pass@example.com/x', 'http://***@example.com/x', { username: 'user', password: 'pass' }],
    [
      'https://alice:p%40ss%3Aw%2Frd@example.com',
      'https://***@example.com',
      { username: 'alice', password: 'p@ss:w/rd' },
    ],
    ['http://b%C3%B6b@[::1]:8080/', 'http://***@[::1]:8080/', { username: 'böb', password: '' }],
    // the last "@" ends the credentials and the first ":" splits them, as the WHATWG parser does
    ['http://a@b:secret@example.com/', 'http://***@example.com/', { username: 'a@b', password: 'secret' }],
    ['http://:tok@example.com/', 'http://***@example.com/', { username: '', password: 'tok' }],
  ])('%s is shown as %s', (input, shown, credentials) => {
    const parsed = parseTarget(input);
    expect(parsed).toMatchObject({ ok: true, target: { input: shown }, credentials });
    if (parsed.ok) {
      expect(JSON.stringify(parsed.target)).not.toContain(credentials.password || '\u0000');
      expect(parsed.target.host).not.toContain('@');
    }
  });

  it('returns null credentials when there are none, or both parts are empty', () => {
    expect(parseTarget('http://example.com')).toMatchObject({ ok: true, credentials: null });
    expect(parseTarget('http://@example.com')).toMatchObject({
      ok: true,
      credentials: null,
      target: { input: 'http://***@example.com' },
    });
  });

  it.each([
    ['http://user:hunter2@example.com:99999/', 'invalid port "99999": must be 1-65535', 'hunter2'],
    ['http://user:hunter2@/', 'missing host', 'hunter2'],
    ['http://user:hunter2%zz@example.com/', 'invalid percent-encoding in the URL credentials', 'hunter2'],
    ['tcp://user:hunter2@example.com:22', 'tcp:// targets cannot carry credentials', 'hunter2'],
    ['user:hunter2@example.com:80', 'credentials need a URL: write http://user:password@host or https://…', 'hunter2'],
    // an unencoded "/" in the password cuts the host part at the wrong place: say what, never quote it
    ['http://user:hun/ter2@example.com/', 'invalid port: must be 1-65535', 'hun'],
    ['http://user:s3cr3t/x@example.com/', 'invalid port: must be 1-65535', 's3cr3t'],
    ['http://us!r:s3cr3t/x@example.com/', 'invalid character in host name', '!'],
  ])('never echoes the password in the error for %s', (input, message, secret) => {
    const reason = error(input);
    expect(reason).toBe(message);
    expect(reason).not.toContain(secret);
  });
});

describe('parseTarget: secrets in the path and query', () => {
  it('shows a query token and a token-shaped segment as ***, and keeps what the request sends apart', () => {
    const parsed = parseTarget('https://hooks.example.test/services/T0A1B2C3D4E5F6G7H8I9J0/run?api_key=s3cr3t&page=2');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.target.path).toBe('/services/***/run?api_key=***&page=2');
    expect(parsed.target.input).toBe('https://hooks.example.test/services/***/run?api_key=***&page=2');
    expect(JSON.stringify(parsed.target)).not.toMatch(/s3cr3t|T0A1B2C3D4E5F6G7H8I9J0/);
    expect(parsed.requestPath).toBe('/services/T0A1B2C3D4E5F6G7H8I9J0/run?api_key=s3cr3t&page=2');
  });

  it("keeps a protocol URL's database name, however token-like, and hides only its secret query values", () => {
    const parsed = parseTarget('postgres://app:pw@db:5432/analytics_warehouse_2023?sslmode=require&api_key=k3y');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.target.path).toBe('/analytics_warehouse_2023?sslmode=require&api_key=***');
    expect(parsed.target.input).toBe('postgres://***@db:5432/analytics_warehouse_2023?sslmode=require&api_key=***');
    expect(parsed.requestPath).toBe('/analytics_warehouse_2023?sslmode=require&api_key=k3y');
  });

  it("hides a protocol URL's secrets in a fragment with no query, and in a segment's ;name=value parameters", () => {
    const fragment = parseTarget('mysql://db/x#token=abc123');
    if (!fragment.ok) throw new Error(fragment.error);
    expect(fragment.target.input).toBe('mysql://db/x#token=***');
    const params = parseTarget('redis://db:6379/0;token=abc123');
    if (!params.ok) throw new Error(params.error);
    expect(params.target.input).toBe('redis://db:6379/0;token=***');
    // The database name itself is kept, however token-like.
    const named = parseTarget('postgres://db/9f86d081884c7d659a2feaa0c55ad015;sslmode=require');
    if (!named.ok) throw new Error(named.error);
    expect(named.target.path).toBe('/9f86d081884c7d659a2feaa0c55ad015;sslmode=require');
  });

  it('has no request path of its own when nothing is hidden', () => {
    const parsed = parseTarget('http://localhost:3000/users/@me?page=2');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.target.path).toBe('/users/@me?page=2');
    expect(parsed.requestPath).toBeNull();
  });
});

describe('parseTarget: errors', () => {
  it.each([
    ['', 'empty target: give a host, host:port or URL'],
    ['   ', 'empty target: give a host, host:port or URL'],
    ['exa mple.com', 'the target contains whitespace'],
    ['http://example.com/a b', 'the target contains whitespace'],
    ['example.com\u0000', 'invalid character U+0000 in the target'],
    ['exa\u200bmple.com', 'invalid character U+200B in the target'],
    ['evil\u202ecom', 'invalid character U+202E in the target'],
    [
      'ftp://example.com',
      'unsupported scheme "ftp": use http://, https://, tcp://, ssh://, postgres://, postgresql://, mysql://, mariadb://, redis://, rediss://, mongodb://, mongodb+srv://, amqp://, amqps://, smtp://, smtps://',
    ],
    [
      'ws://example.com',
      'unsupported scheme "ws": use http://, https://, tcp://, ssh://, postgres://, postgresql://, mysql://, mariadb://, redis://, rediss://, mongodb://, mongodb+srv://, amqp://, amqps://, smtp://, smtps://',
    ],
    ['http:example.com', 'malformed URL: write http://host'],
    ['HTTPS:/example.com', 'malformed URL: write https://host'],
    ['http://', 'missing host'],
    ['http:///path', 'missing host'],
    [':8080', 'missing host'],
    ['8080', 'missing host: write localhost:8080 for a port on this machine'],
    ['example.com:99999', 'invalid port "99999": must be 1-65535'],
    ['example.com:0', 'invalid port "0": must be 1-65535'],
    ['example.com:-1', 'invalid port "-1": must be 1-65535'],
    ['example.com:http', 'invalid port "http": must be 1-65535'],
    ['example.com:', 'missing port after ":"'],
    ['http://example.com:/', 'missing port after ":"'],
    ['tcp://example.com', 'tcp:// targets need a port, as in tcp://host:5432'],
    ['tcp://example.com:22/x', 'tcp:// targets take no path, query or fragment'],
    ['localhost:3000/api', 'a path needs a URL: start the target with http:// or https://'],
    ['a..b', 'invalid host name "a..b": empty label'],
    ['.example.com', 'invalid host name ".example.com": empty label'],
    ['.', 'invalid host name "."'],
    ['a.b..', 'invalid host name "a.b..": empty label'],
    ['-rf.example.com', 'invalid host name "-rf.example.com": a label cannot start or end with "-"'],
    ['bad-.example.com', 'invalid host name "bad-.example.com": a label cannot start or end with "-"'],
    [`${'a'.repeat(64)}.com`, `invalid host name "${'a'.repeat(64)}…": a label is longer than 63 characters`],
    [`${'abcdefghi.'.repeat(25)}abcd`, 'host name is longer than 253 characters'],
    ['exa!mple.com', 'invalid character "!" in host name "exa!mple.com"'],
    ['exa%41mple.com', 'invalid character "%" in host name "exa%41mple.com"'],
    ['http://exa"mple.com/', 'invalid character "\\"" in host name "exa\\"mple.com"'],
    // `xn--` labels must be real A-labels (RFC 5891 §5.4, UTS #46 §4), on every Node version alike
    ['xn--zz.example', 'invalid host name "xn--zz.example": a label starting with "xn--" must be valid punycode'],
    [
      'http://Xn--Zz.example/',
      'invalid host name "Xn--Zz.example": a label starting with "xn--" must be valid punycode',
    ],
    ['xn--.example', 'invalid host name "xn--.example": a label starting with "xn--" must be valid punycode'],
    // decodes to ASCII only ("ascii"), or to a control character (U+0080)
    [
      'xn--ascii-.example',
      'invalid host name "xn--ascii-.example": a label starting with "xn--" must be valid punycode',
    ],
    ['xn--a.example', 'invalid host name "xn--a.example": a label starting with "xn--" must be valid punycode'],
    // valid Punycode for "Übung": an upper-case letter is not in IDNA's mapped form, so it is no A-label
    [
      'xn--bung-fna.example',
      'invalid host name "xn--bung-fna.example": a label starting with "xn--" must be valid punycode',
    ],
    ['www.xn--zz', 'invalid host name "www.xn--zz": a label starting with "xn--" must be valid punycode'],
    // full-width digits would be rewritten to an IPv4 address by IDNA mapping: refused, not rewritten
    ['\uff11.\uff12.\uff13', 'invalid host name "\uff11.\uff12.\uff13"'],
    // all-numeric last label: read as IPv4, and only a dotted quad is one
    ['256.1.1.1', 'invalid IPv4 address "256.1.1.1": must be four numbers 0-255, like 192.0.2.10'],
    ['http://1.2.3/', 'invalid IPv4 address "1.2.3": must be four numbers 0-255, like 192.0.2.10'],
    ['2130706433:80', 'invalid IPv4 address "2130706433": must be four numbers 0-255, like 192.0.2.10'],
    ['0x7f.0.0.1', 'invalid IPv4 address "0x7f.0.0.1": must be four numbers 0-255, like 192.0.2.10'],
    ['010.0.0.1', 'invalid IPv4 address "010.0.0.1": must be four numbers 0-255, like 192.0.2.10'],
    ['1.2.3.4.5', 'invalid IPv4 address "1.2.3.4.5": must be four numbers 0-255, like 192.0.2.10'],
    ['example.123', 'invalid IPv4 address "example.123": must be four numbers 0-255, like 192.0.2.10'],
    // IPv6
    ['http://::1/', 'IPv6 addresses in URLs need brackets, as in http://[::1]:8080/'],
    ['2001:db8:0:0:0:0:0:1:8080', 'an IPv6 address with a port needs brackets, as in [2001:db8:0:0:0:0:0:1]:8080'],
    ['fe80::1::2', 'invalid IPv6 address "fe80::1::2"'],
    ['[::1', 'missing "]" after the IPv6 address'],
    ['[::1]8080', 'unexpected "8080" after "]": expected ":port"'],
    ['[::g]:80', 'invalid IPv6 address "::g"'],
    ['[127.0.0.1]:80', 'brackets are only for IPv6 addresses: write "127.0.0.1" without them'],
    ['[fe80::1%25e/th0]', 'a path needs a URL: start the target with http:// or https://'],
    ['[fe80::1%e!th0]', 'invalid IPv6 zone id "e!th0"'],
    ['[::1]:70000', 'invalid port "70000": must be 1-65535'],
  ])('rejects %j: %s', (input, message) => {
    expect(error(input)).toBe(message);
  });

  it('bounds the input and what a message quotes', () => {
    expect(error(`http://${'a'.repeat(3000)}.com`)).toBe('target is too long (3011 characters, at most 2048)');
    const long = error(`${'x'.repeat(200)}!.com`);
    expect(long.length).toBeLessThan(140);
  });

  it('messages are one line', () => {
    for (const input of ['', 'a..b', 'ftp://x', 'http://[::1', 'h:0']) expect(error(input)).not.toMatch(/\n/);
  });
});

describe('parseTarget: application protocol URLs', () => {
  it.each<[string, Scheme, number]>([
    ['ssh://example.com', 'ssh', 22],
    ['postgres://db.internal', 'postgres', 5432],
    ['postgresql://db.internal', 'postgresql', 5432],
    ['mysql://db.internal', 'mysql', 3306],
    ['mariadb://db.internal', 'mariadb', 3306],
    ['redis://cache.internal', 'redis', 6379],
    ['rediss://cache.internal', 'rediss', 6379],
    ['mongodb://docs.internal', 'mongodb', 27017],
    ['amqp://mq.internal', 'amqp', 5672],
    ['amqps://mq.internal', 'amqps', 5671],
    ['smtp://mail.internal', 'smtp', 25],
    ['smtps://mail.internal', 'smtps', 465],
  ])('%s has scheme %s and default port %i', (input, scheme, port) => {
    expect(target(input)).toMatchObject({ scheme, port, host: input.split('://')[1] });
  });

  it('keeps an explicit port, the database path and the query', () => {
    expect(target('postgres://db.internal:6543/app?sslmode=require')).toMatchObject({
      scheme: 'postgres',
      port: 6543,
      path: '/app?sslmode=require',
    });
  });

  it('takes the user (and a password) as credentials, never into the target', () => {
    const ssh = parseTarget('ssh://deploy@example.com:2222');
    expect(ssh).toMatchObject({
      ok: true,
      target: { input: 'ssh://***@example.com:2222', port: 2222 },
      credentials: { username: 'deploy', password: '' },
    });
    const pg = parseTarget('postgresql://app:s3cret@127.0.0.1/appdb');
    expect(pg).toMatchObject({ ok: true, credentials: { username: 'app', password: 's3cret' } });
    expect(JSON.stringify(pg.ok && pg.target)).not.toContain('s3cret');
  });

  it("takes libpq's keyword/value strings as PostgreSQL targets, the password a credential shown as ***", () => {
    const parsed = parseTarget(
      "host=db.example.com port=6432 user=app dbname='my shop' sslmode=require password='a \\'b c'",
    );
    expect(parsed).toEqual({
      ok: true,
      target: {
        input: "host=db.example.com port=6432 user=app dbname='my shop' sslmode=require password=***",
        scheme: 'postgresql',
        host: 'db.example.com',
        hostKind: 'name',
        port: 6432,
        path: '/my%20shop?sslmode=require',
      },
      credentials: { username: 'app', password: "a 'b c" },
      requestPath: null,
    });
    expect(target('host=localhost')).toMatchObject({ scheme: 'postgresql', host: 'localhost', port: 5432, path: '/' });
    // hostaddr is what libpq connects to; host then only names the server (for TLS and .pgpass).
    expect(target('host=db.example.com hostaddr=192.0.2.10')).toMatchObject({ host: '192.0.2.10', hostKind: 'ipv4' });
    expect(target('host=::1 port=5433')).toMatchObject({ host: '::1', hostKind: 'ipv6', port: 5433 });
  });

  it('refuses keyword/value strings it cannot diagnose, in one line, never quoting the password', () => {
    expect(error('host=a,b port=5432')).toMatch(/^several hosts or ports \(host=a,b\): give one/);
    expect(error('host=db port=5432,5433')).toMatch(/^several hosts or ports/);
    expect(error('dbname=shop user=app')).toMatch(/no host=/);
    expect(error('host=/var/run/postgresql')).toMatch(/Unix socket directory/);
    expect(error('service=prod')).toMatch(/pg_service\.conf/);
    expect(error('host=db hostaddr=db.example.com')).toMatch(/^hostaddr= must be an IP address/);
    expect(error('host=db port=99999')).toMatch(/invalid port "99999": must be 1-65535 \(in port=\)/);
    expect(error('host=db password=hunter2 horse=1')).not.toContain('horse');
    expect(error("host=db password='hunter2")).not.toContain('hunter2');
  });

  it("takes libpq's password= query parameter as a credential and shows it as ***", () => {
    const parsed = parseTarget('postgres://app@127.0.0.1/appdb?password=s3cret&sslmode=disable');
    expect(parsed).toMatchObject({
      ok: true,
      target: { input: 'postgres://***@127.0.0.1/appdb?password=***&sslmode=disable' },
      credentials: { username: 'app', password: 's3cret' },
    });
    expect(JSON.stringify(parsed.ok && parsed.target)).not.toContain('s3cret');
  });

  it('takes mongodb+srv:// with one DNS name: TLS by default, the port left to the SRV record', () => {
    expect(parseTarget('mongodb+srv://reader:pw@cluster0.abcde.mongodb.net/app?retryWrites=true')).toEqual({
      ok: true,
      target: {
        input: 'mongodb+srv://***@cluster0.abcde.mongodb.net/app?retryWrites=true',
        scheme: 'mongodb+srv',
        host: 'cluster0.abcde.mongodb.net',
        hostKind: 'name',
        port: 27017,
        path: '/app?retryWrites=true',
      },
      credentials: { username: 'reader', password: 'pw' },
      requestPath: null,
    });
  });

  it('refuses what the seedlist spec refuses in mongodb+srv://, in one line', () => {
    expect(error('mongodb+srv://cluster0.example.net:27017')).toMatch(/^mongodb\+srv:\/\/ takes no port/);
    expect(error('mongodb+srv://a.example.net,b.example.net')).toMatch(/takes one host name/);
    expect(error('mongodb+srv://192.0.2.10')).toMatch(/needs a DNS name/);
    expect(error('mongodb+srv://localhost')).toMatch(/needs a DNS name/);
    expect(error('mongodb+srv://cluster0.example.net/?tls=false')).toMatch(/tls=false is not diagnosed/);
  });
});
