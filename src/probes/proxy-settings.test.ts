import { describe, expect, it } from 'vitest';
import { proxyCredentials, proxyFor, type ProxyDecision, type ProxyTarget } from './proxy-settings.js';

const http = (host: string, port = 80): ProxyTarget => ({ scheme: 'http', host, port });
const https = (host: string, port = 443): ProxyTarget => ({ scheme: 'https', host, port });
const tcp = (host: string, port: number): ProxyTarget => ({ scheme: 'tcp', host, port });

/** One line per route, so a table row reads like curl's documentation. */
function route(decision: ProxyDecision): string {
  switch (decision.kind) {
    case 'direct':
      return `direct: ${decision.reason}`;
    case 'proxy':
      return `${decision.protocol} ${decision.url} via ${decision.via}`;
    case 'unusable':
      return `unusable (${decision.problem}) via ${decision.via}`;
    default: {
      const never: never = decision;
      return never;
    }
  }
}

const PROXY = 'http://proxy:3128';

// Each row: what curl's ENVIRONMENT section and lib/noproxy.c say it does with that environment.
const cases: { name: string; target: ProxyTarget; env: NodeJS.ProcessEnv; expected: string }[] = [
  // Which variable applies
  { name: 'nothing set', target: http('example.com'), env: {}, expected: 'direct: no proxy set' },
  {
    name: 'http_proxy for http',
    target: http('example.com'),
    env: { http_proxy: PROXY },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'upper-case HTTP_PROXY is never read',
    target: http('example.com'),
    env: { HTTP_PROXY: PROXY },
    expected: 'direct: no proxy set',
  },
  {
    name: 'http_proxy wins over HTTP_PROXY',
    target: http('example.com'),
    env: { http_proxy: PROXY, HTTP_PROXY: 'http://other:8080' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'HTTP_PROXY skipped, ALL_PROXY taken',
    target: http('example.com'),
    env: { HTTP_PROXY: 'http://other:8080', ALL_PROXY: PROXY },
    expected: `http ${PROXY} via ALL_PROXY`,
  },
  {
    name: 'HTTPS_PROXY for https',
    target: https('example.com'),
    env: { HTTPS_PROXY: PROXY },
    expected: `http ${PROXY} via HTTPS_PROXY`,
  },
  {
    name: 'https_proxy wins over HTTPS_PROXY',
    target: https('example.com'),
    env: { https_proxy: PROXY, HTTPS_PROXY: 'http://other:8080' },
    expected: `http ${PROXY} via https_proxy`,
  },
  {
    name: 'http_proxy does not apply to https',
    target: https('example.com'),
    env: { http_proxy: PROXY },
    expected: 'direct: no proxy set',
  },
  {
    name: 'https_proxy does not apply to http',
    target: http('example.com'),
    env: { https_proxy: PROXY },
    expected: 'direct: no proxy set',
  },
  {
    name: 'all_proxy for https',
    target: https('example.com'),
    env: { all_proxy: PROXY },
    expected: `http ${PROXY} via all_proxy`,
  },
  {
    name: 'all_proxy wins over ALL_PROXY',
    target: https('example.com'),
    env: { all_proxy: PROXY, ALL_PROXY: 'http://other:8080' },
    expected: `http ${PROXY} via all_proxy`,
  },
  {
    name: 'scheme variable wins over ALL_PROXY',
    target: https('example.com'),
    env: { HTTPS_PROXY: PROXY, all_proxy: 'http://other:8080' },
    expected: `http ${PROXY} via HTTPS_PROXY`,
  },
  {
    name: 'tcp ignores https_proxy',
    target: tcp('db.example.com', 5432),
    env: { https_proxy: PROXY },
    expected: 'direct: no proxy set',
  },
  {
    name: 'tcp takes ALL_PROXY',
    target: tcp('db.example.com', 5432),
    env: { ALL_PROXY: 'socks5h://proxy:1080' },
    expected: 'socks5 socks5h://proxy:1080 via ALL_PROXY',
  },
  {
    name: 'an empty variable counts as unset',
    target: http('example.com'),
    env: { http_proxy: '', all_proxy: PROXY },
    expected: `http ${PROXY} via all_proxy`,
  },
  // Proxy URLs
  {
    name: 'no scheme means http',
    target: http('example.com'),
    env: { http_proxy: 'proxy:3128' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'no port means 1080',
    target: http('example.com'),
    env: { http_proxy: 'http://proxy' },
    expected: 'http http://proxy:1080 via http_proxy',
  },
  {
    name: 'an explicit :80 is kept',
    target: http('example.com'),
    env: { http_proxy: 'http://proxy:80/' },
    expected: 'http http://proxy:80 via http_proxy',
  },
  {
    name: 'https proxy defaults to 443',
    target: https('example.com'),
    env: { https_proxy: 'https://proxy' },
    expected: 'https https://proxy:443 via https_proxy',
  },
  {
    name: 'socks4a is socks4',
    target: https('example.com'),
    env: { https_proxy: 'socks4a://proxy:1081' },
    expected: 'socks4 socks4a://proxy:1081 via https_proxy',
  },
  {
    name: 'scheme case is ignored',
    target: http('example.com'),
    env: { http_proxy: 'HTTP://Proxy:3128' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'unsupported scheme',
    target: http('example.com'),
    env: { http_proxy: 'ftp://proxy:21' },
    expected: 'unusable (unsupported-scheme) via http_proxy',
  },
  {
    name: 'port out of range',
    target: http('example.com'),
    env: { http_proxy: 'http://proxy:99999' },
    expected: 'unusable (malformed) via http_proxy',
  },
  {
    name: 'credentials redacted',
    target: http('example.com'),
    env: { http_proxy: 'http://alice:s3cret@proxy:3128' },
    expected: 'http http://***@proxy:3128 via http_proxy',
  },
  {
    name: 'IPv6 proxy',
    target: http('example.com'),
    env: { http_proxy: 'http://[::1]:3128' },
    expected: 'http http://[::1]:3128 via http_proxy',
  },
  // NO_PROXY
  {
    name: 'NO_PROXY=* exempts all',
    target: https('example.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: '*' },
    expected: 'direct: excluded by NO_PROXY entry "*"',
  },
  {
    name: '* inside a list is no wildcard',
    target: https('example.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: 'intra.test,*' },
    expected: `http ${PROXY} via HTTPS_PROXY`,
  },
  {
    name: 'domain covers subdomain',
    target: https('www.example.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com' },
    expected: 'direct: excluded by NO_PROXY entry "example.com"',
  },
  {
    name: 'leading dot covers the domain itself',
    target: https('example.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: '.example.com' },
    expected: 'direct: excluded by NO_PROXY entry ".example.com"',
  },
  {
    name: 'suffix must start at a dot',
    target: https('notexample.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com' },
    expected: `http ${PROXY} via HTTPS_PROXY`,
  },
  {
    name: 'case-insensitive',
    target: https('www.example.com'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: 'EXAMPLE.Com' },
    expected: 'direct: excluded by NO_PROXY entry "EXAMPLE.Com"',
  },
  {
    name: 'trailing dots ignored',
    target: https('example.com.'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: 'example.com.' },
    expected: 'direct: excluded by NO_PROXY entry "example.com."',
  },
  {
    name: 'blanks and extra commas',
    target: https('other.org'),
    env: { HTTPS_PROXY: PROXY, NO_PROXY: ' ,, example.com ,\tother.org ,' },
    expected: 'direct: excluded by NO_PROXY entry "other.org"',
  },
  {
    name: 'localhost does not cover 127.0.0.1',
    target: http('127.0.0.1'),
    env: { http_proxy: PROXY, no_proxy: 'localhost' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: '127.0.0.1 does not cover localhost',
    target: http('localhost'),
    env: { http_proxy: PROXY, no_proxy: '127.0.0.1' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'exact IPv4',
    target: http('127.0.0.1'),
    env: { http_proxy: PROXY, no_proxy: 'localhost,127.0.0.1' },
    expected: 'direct: excluded by NO_PROXY entry "127.0.0.1"',
  },
  {
    name: 'IPv4 CIDR inside',
    target: http('10.1.2.3'),
    env: { http_proxy: PROXY, no_proxy: '10.0.0.0/8' },
    expected: 'direct: excluded by NO_PROXY entry "10.0.0.0/8"',
  },
  {
    name: 'IPv4 CIDR outside',
    target: http('11.0.0.1'),
    env: { http_proxy: PROXY, no_proxy: '10.0.0.0/8' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'IPv4 CIDR not byte-aligned',
    target: http('192.168.1.77'),
    env: { http_proxy: PROXY, no_proxy: '192.168.1.64/26' },
    expected: 'direct: excluded by NO_PROXY entry "192.168.1.64/26"',
  },
  {
    name: '/0 means the exact address to curl',
    target: http('10.1.2.3'),
    env: { http_proxy: PROXY, no_proxy: '0.0.0.0/0' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'CIDR never matches a name',
    target: http('intranet'),
    env: { http_proxy: PROXY, no_proxy: '10.0.0.0/8' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'exact IPv6',
    target: http('::1'),
    env: { http_proxy: PROXY, no_proxy: '::1' },
    expected: 'direct: excluded by NO_PROXY entry "::1"',
  },
  {
    name: 'IPv6 CIDR',
    target: http('fd12:3456::1'),
    env: { http_proxy: PROXY, no_proxy: 'fd00::/8' },
    expected: 'direct: excluded by NO_PROXY entry "fd00::/8"',
  },
  {
    name: 'IPv6 CIDR outside',
    target: http('fe80::1'),
    env: { http_proxy: PROXY, no_proxy: 'fd00::/8' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'bracketed IPv6 entry never matches',
    target: http('::1'),
    env: { http_proxy: PROXY, no_proxy: '[::1]' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'an entry with a port never matches',
    target: http('example.com', 8080),
    env: { http_proxy: PROXY, no_proxy: 'example.com:8080' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: '*.domain is not a pattern',
    target: http('www.example.com'),
    env: { http_proxy: PROXY, no_proxy: '*.example.com' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'a space ends the list',
    target: http('example.com'),
    env: { http_proxy: PROXY, no_proxy: 'intra.test example.com' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'no_proxy wins over NO_PROXY',
    target: http('example.com'),
    env: { http_proxy: PROXY, no_proxy: 'intra.test', NO_PROXY: 'example.com' },
    expected: `http ${PROXY} via http_proxy`,
  },
  {
    name: 'NO_PROXY alone and no proxy',
    target: http('example.com'),
    env: { NO_PROXY: 'example.com' },
    expected: 'direct: no proxy set',
  },
  {
    name: 'NO_PROXY exempts an unusable proxy',
    target: http('example.com'),
    env: { http_proxy: 'ftp://x', NO_PROXY: 'example.com' },
    expected: 'direct: excluded by NO_PROXY entry "example.com"',
  },
];

describe('proxyFor, as curl decides', () => {
  it('covers at least 30 documented cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', ({ target, env, expected }) => {
    expect(route(proxyFor(target, env))).toBe(expected);
  });
});

describe('proxyFor: what the report shows beside the route', () => {
  it('lists the variables that are set, redacted, with the role curl gives each', () => {
    const env = {
      http_proxy: 'http://alice:s3cret@proxy:3128',
      HTTP_PROXY: 'bob:hunter2@other:8080',
      HTTPS_PROXY: PROXY,
      ALL_PROXY: 'socks5://proxy:1080',
      no_proxy: 'localhost',
      NO_PROXY: 'example.com',
      PATH: '/usr/bin',
    };
    const decision = proxyFor(http('example.com'), env);
    expect(decision.variables).toEqual([
      { name: 'http_proxy', value: 'http://***@proxy:3128', curl: 'selected' },
      { name: 'HTTP_PROXY', value: '***@other:8080', curl: 'ignored' },
      { name: 'HTTPS_PROXY', value: PROXY, curl: 'other-scheme' },
      { name: 'ALL_PROXY', value: 'socks5://proxy:1080', curl: 'shadowed' },
      { name: 'no_proxy', value: 'localhost', curl: 'selected' },
      { name: 'NO_PROXY', value: 'example.com', curl: 'shadowed' },
    ]);
    const text = JSON.stringify(decision);
    for (const secret of ['alice', 's3cret', 'bob', 'hunter2']) expect(text).not.toContain(secret);
  });

  it('hides credentials in a value it cannot parse, up to the last @', () => {
    const decision = proxyFor(http('example.com'), { http_proxy: 'ftp://al:p@ss/w@proxy:21' });
    expect(decision).toMatchObject({ kind: 'unusable', value: 'ftp://***@proxy:21' });
    expect(JSON.stringify(decision)).not.toMatch(/al:|p@ss|ss\/w/);
  });

  it('says which proxy clients that read HTTP_PROXY would take when curl goes direct', () => {
    const decision = proxyFor(http('example.com'), { HTTP_PROXY: 'http://u:pw@other:8080' });
    expect(decision.kind).toBe('direct');
    expect(decision.upperCaseHttpProxy).toEqual({
      clients: ['Python urllib/requests', 'Node undici EnvHttpProxyAgent', 'Go net/http'],
      route: {
        kind: 'proxy',
        url: 'http://***@other:8080',
        via: 'HTTP_PROXY',
        protocol: 'http',
        host: 'other',
        port: 8080,
        hasCredentials: true,
      },
    });
  });

  it('names only Go when http_proxy is also set, and nobody for a loopback target', () => {
    const env = { http_proxy: PROXY, HTTP_PROXY: 'http://other:8080' };
    expect(proxyFor(http('example.com'), env).upperCaseHttpProxy?.clients).toEqual(['Go net/http']);
    expect(proxyFor(http('127.0.0.1'), env).upperCaseHttpProxy).toBeNull();
    expect(proxyFor(http('localhost'), { HTTP_PROXY: PROXY }).upperCaseHttpProxy?.clients).toEqual([
      'Python urllib/requests',
      'Node undici EnvHttpProxyAgent',
    ]);
  });

  it('raises no HTTP_PROXY note when it agrees with curl, is exempt, or the target is not http', () => {
    expect(proxyFor(http('example.com'), { http_proxy: PROXY, HTTP_PROXY: PROXY }).upperCaseHttpProxy).toBeNull();
    expect(proxyFor(http('example.com'), { HTTP_PROXY: PROXY, NO_PROXY: 'example.com' }).upperCaseHttpProxy).toBeNull();
    expect(proxyFor(https('example.com'), { HTTP_PROXY: PROXY }).upperCaseHttpProxy).toBeNull();
  });

  it('lists the NO_PROXY entries curl reads past', () => {
    const decision = proxyFor(http('example.com'), {
      no_proxy: '[::1],*.corp,example.org:8080,10.0.0.0/8,::1 intra.test,late.test',
    });
    expect(decision.ignoredNoProxyEntries).toEqual([
      { entry: '[::1]', why: 'brackets' },
      { entry: '*.corp', why: 'wildcard' },
      { entry: 'example.org:8080', why: 'port' },
      { entry: 'intra.test', why: 'after-space' },
      { entry: 'late.test', why: 'after-space' },
    ]);
    expect(proxyFor(http('example.com'), { no_proxy: '*' }).ignoredNoProxyEntries).toEqual([]);
  });

  it('escapes control characters from the environment', () => {
    const decision = proxyFor(http('example.com'), { http_proxy: PROXY, no_proxy: 'a.test,\x1b[31mred' });
    expect(decision.variables.find((v) => v.name === 'no_proxy')?.value).toBe('a.test,\\x1b[31mred');
  });
});

describe('proxyCredentials', () => {
  it('decodes percent-escapes, as curl does before sending Proxy-Authorization', () => {
    expect(proxyCredentials({ http_proxy: 'http://al%40ice:p%3Ass@proxy:3128' }, 'http_proxy')).toEqual({
      username: 'al@ice',
      password: 'p:ss',
    });
  });

  it('returns a user without a password, and null without credentials or a usable value', () => {
    expect(proxyCredentials({ HTTPS_PROXY: 'proxy.test:3128' }, 'HTTPS_PROXY')).toBeNull();
    expect(proxyCredentials({ HTTPS_PROXY: 'alice@proxy.test:3128' }, 'HTTPS_PROXY')).toEqual({
      username: 'alice',
      password: '',
    });
    expect(proxyCredentials({ HTTPS_PROXY: 'ftp://a:b@proxy' }, 'HTTPS_PROXY')).toBeNull();
    expect(proxyCredentials({}, 'ALL_PROXY')).toBeNull();
  });
});
