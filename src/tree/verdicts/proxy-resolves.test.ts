import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.js';
import { factsFor, secure, unresolved, viaGet, viaTunnel } from '../proxy-detour.test-helper.js';
import type { VerdictId } from '../verdict-ids.js';
import { verdictBuilders } from './verdict-builders.js';

const build = (id: VerdictId, facts: Facts) => {
  const builder = verdictBuilders[id];
  if (!builder) throw new Error(`no builder for ${id}`);
  return builder(facts);
};
const secret = 's3cr3t-pa55';
const withCredentials = { http_proxy: `http://alice:${secret}@proxy.corp.test:3128` };
const url = 'http://intranet.corp.test:8080/';

describe('proxy-interference when the name does not resolve here, and the proxy resolves it', () => {
  // Given NXDOMAIN from the --dns-server, and a proxy (credentials in its variable) that relays a 200 for the name.
  const nxdomainButRelayed = factsFor({
    url,
    dnsServer: '10.0.0.53:53',
    env: withCredentials,
    dns: unresolved({ kind: 'no-such-host', danglingCname: null }),
    viaProxy: viaGet(200, 'OK', [{ name: 'Via', value: '1.1 squid' }]),
  });

  it('says what happened on the wire: the lookup here, the proxy resolving and answering, who goes direct and how it fails', () => {
    const verdict = build('proxy-interference', nxdomainButRelayed);
    expect(verdict.title).toBe('Only the proxy from http_proxy gets through: intranet.corp.test does not resolve here');
    expect(verdict.summary).toContain(
      'Here the name intranet.corp.test does not resolve: the DNS server 10.0.0.53:53 answered NXDOMAIN (there is no such name)',
    );
    expect(verdict.summary).toContain(
      'Through the proxy http://***@proxy.corp.test:3128, which http_proxy names for this target',
    );
    expect(verdict.summary).toContain(
      'the proxy resolved it on its side, and an answer came back, HTTP/1.1 200 OK (Via: 1.1 squid)',
    );
    expect(verdict.summary).toContain('getaddrinfo ENOTFOUND intranet.corp.test in Node.js');
    expect(verdict.summary).toMatch(
      /Node\.js http, https and fetch, which read proxy variables only with NODE_USE_ENV_PROXY=1/,
    );
    expect(verdict.summary).toContain('Java, unless started with -Dhttp.proxyHost');
    expect(verdict.summary).toContain(
      'Go programs with their own http.Transport without Proxy: http.ProxyFromEnvironment',
    );
    // No connect was made: nothing about a direct connect failing, nor about loopback.
    expect(verdict.summary).not.toMatch(/Directly, the connection fails|loopback/);
    expect(verdict.evidence).toEqual([
      'system lookup skipped: --dns-server was given',
      'A query: NXDOMAIN (no such name) (ENOTFOUND) in 1.2 ms via 10.0.0.53:53',
      'AAAA query: NXDOMAIN (no such name) (ENOTFOUND) in 1.2 ms via 10.0.0.53:53',
      'http_proxy → http://***@proxy.corp.test:3128; NO_PROXY does not exclude intranet.corp.test',
      'through the proxy: an answer came back, HTTP/1.1 200 OK (Via: 1.1 squid)',
      expect.stringMatching(/^through the proxy, timing: connect /),
    ]);
  });

  it('gives commands with the name, the resolver and the proxy filled in', () => {
    const steps = build('proxy-interference', nxdomainButRelayed).nextSteps;
    expect(steps[0]).toContain("`curl -v --noproxy '*' --max-time 10 http://intranet.corp.test:8080/`");
    expect(steps[1]).toContain('`dig @10.0.0.53 -p 53 intranet.corp.test A`');
    expect(steps[1]).toContain('`resolvectl status || cat /etc/resolv.conf`');
    const all = steps.join('\n');
    expect(all).toContain('`curl -v --max-time 10 http://intranet.corp.test:8080/`');
    expect(all).toContain('`NODE_USE_ENV_PROXY=1 node app.js`');
    expect(all).toContain('`java -Dhttp.proxyHost=proxy.corp.test -Dhttp.proxyPort=3128 …`');
  });

  it('never shows the proxy credentials', () => {
    const text = JSON.stringify(build('proxy-interference', nxdomainButRelayed));
    expect(text).not.toContain(secret);
    expect(text).not.toContain('alice');
  });

  it.each([
    [
      'NODATA',
      unresolved({ kind: 'no-address' }),
      'answered NODATA (the name exists but has no A or AAAA record)',
      'getaddrinfo ENOTFOUND',
    ],
    [
      'SERVFAIL',
      unresolved({ kind: 'resolver-failure', code: 'servfail' }),
      'answered SERVFAIL (it failed to resolve the name)',
      'getaddrinfo EAI_AGAIN',
    ],
    [
      'EAI_AGAIN from the system lookup',
      unresolved({ kind: 'resolver-failure', code: 'temporary' }, 'intranet.corp.test', 'system'),
      'no resolver could be reached (EAI_AGAIN)',
      'getaddrinfo EAI_AGAIN',
    ],
    [
      'a dangling CNAME',
      unresolved({ kind: 'no-such-host', danglingCname: 'gone.corp.test' }),
      'is an alias (CNAME) of gone.corp.test, which does not exist (NXDOMAIN)',
      'getaddrinfo ENOTFOUND',
    ],
  ])('names the DNS failure from the facts: %s', (_, dns, words, error) => {
    const verdict = build('proxy-interference', factsFor({ url, env: withCredentials, dns, viaProxy: viaGet(200) }));
    expect(verdict.summary).toContain(words);
    expect(verdict.summary).toContain(`${error} intranet.corp.test in Node.js`);
  });

  it('words an https target tunnelled by name for PowerShell, with no --dns-server in the resolver check', () => {
    const facts = factsFor({
      url: 'https://intranet.corp.test:8443/',
      platform: 'win32',
      env: { https_proxy: 'http://proxy.corp.test:8080' },
      dns: unresolved({ kind: 'resolver-failure', code: 'timeout' }, 'intranet.corp.test', 'system'),
      viaProxy: viaTunnel(secure()),
    });
    const verdict = build('proxy-interference', facts);
    expect(verdict.summary).toContain(
      'the DNS server 10.0.0.53 (the system lookup failed with ETIMEOUT) never answered',
    );
    expect(verdict.summary).toContain(
      'the proxy answered CONNECT intranet.corp.test:8443 with 200 Connection established and opened a tunnel',
    );
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain("`curl.exe -v --noproxy '*' --max-time 10 https://intranet.corp.test:8443/`");
    expect(steps).toContain('`Resolve-DnsName intranet.corp.test -Type A`');
    expect(steps).toContain('-Dhttps.proxyHost=proxy.corp.test -Dhttps.proxyPort=8080');
  });
});

describe('a DNS verdict after the proxy failed too', () => {
  it('keeps its words and adds the one line about what the proxy did', () => {
    const dns = unresolved({ kind: 'no-such-host', danglingCname: null });
    const withoutProxy = build('dns-no-such-host', factsFor({ url, dns }));
    const verdict = build(
      'dns-no-such-host',
      factsFor({ url, dns, env: withCredentials, viaProxy: viaGet(502, 'Bad Gateway') }),
    );
    expect({ ...verdict, evidence: [] }).toEqual({ ...withoutProxy, evidence: [] });
    expect(verdict.evidence).toEqual([
      ...withoutProxy.evidence,
      'through the proxy http://***@proxy.corp.test:3128 (http_proxy), which curl would use: the proxy answered 502 to GET: it could not reach the target itself',
    ]);
    expect(JSON.stringify(verdict)).not.toContain(secret);
  });
});
