import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts.js';
import { attempt, factsFor, secure, viaGet, viaTunnel } from '../proxy-detour.test-helper.js';
import type { VerdictId } from '../verdict-ids.js';
import { verdictBuilders } from './verdict-builders.js';

const build = (id: VerdictId, facts: Facts) => {
  const builder = verdictBuilders[id];
  if (!builder) throw new Error(`no builder for ${id}`);
  return builder(facts);
};
const secret = 's3cr3t-pa55';
const withCredentials = { http_proxy: `http://alice:${secret}@proxy.corp.test:3128` };

describe('proxy-interference when only the proxy gets through', () => {
  // Given a refused direct connect and a proxy (with credentials in its variable) that relays a 200.
  const refusedButRelayed = factsFor({
    env: withCredentials,
    tcp: [attempt('refused')],
    viaProxy: viaGet(200, 'OK', [{ name: 'Via', value: '1.1 squid' }]),
  });

  it('says what happened on the wire, direct and through the proxy, and who goes which way', () => {
    const verdict = build('proxy-interference', refusedButRelayed);
    expect(verdict.title).toBe(
      'Only the proxy from http_proxy gets through: direct connections to 192.0.2.10:8080 fail',
    );
    expect(verdict.summary).toContain(
      'Directly, the connection fails: 192.0.2.10:8080: SYN answered by RST (connection refused)',
    );
    expect(verdict.summary).toContain(
      'Through the proxy http://***@proxy.corp.test:3128, which http_proxy names for this target',
    );
    expect(verdict.summary).toContain('HTTP/1.1 200 OK (Via: 1.1 squid)');
    expect(verdict.summary).toMatch(/curl and other clients that read http_proxy go that way and work/);
    expect(verdict.summary).toMatch(
      /Node\.js http, https and fetch, which read proxy variables only with NODE_USE_ENV_PROXY=1/,
    );
    // A target off this machine: nothing about loopback.
    expect(verdict.summary).not.toMatch(/loopback/);
    expect(verdict.evidence).toEqual(
      expect.arrayContaining([
        '192.0.2.10:8080: SYN answered by RST (connection refused) in 0.30 ms',
        'http_proxy → http://***@proxy.corp.test:3128; NO_PROXY does not exclude 192.0.2.10',
        'through the proxy: an answer came back, HTTP/1.1 200 OK (Via: 1.1 squid)',
      ]),
    );
  });

  it('gives commands with the target and the proxy filled in', () => {
    const steps = build('proxy-interference', refusedButRelayed).nextSteps.join('\n');
    expect(steps).toContain("`curl -v --noproxy '*' --max-time 10 http://192.0.2.10:8080/`");
    expect(steps).toContain('`curl -v --max-time 10 http://192.0.2.10:8080/`');
    expect(steps).toContain('`NODE_USE_ENV_PROXY=1 node app.js`');
    expect(steps).toContain('`java -Dhttp.proxyHost=proxy.corp.test -Dhttp.proxyPort=3128 …`');
  });

  it('never shows the proxy credentials', () => {
    const text = JSON.stringify(build('proxy-interference', refusedButRelayed));
    expect(text).not.toContain(secret);
    expect(text).not.toContain('alice');
  });

  it('words commands for PowerShell on Windows, and copies ALL_PROXY where Node.js reads only https_proxy', () => {
    const facts = factsFor({
      url: 'https://example.test:8443/',
      platform: 'win32',
      env: { ALL_PROXY: 'http://proxy.corp.test:8080' },
      tcp: [attempt('timeout')],
      viaProxy: viaTunnel(secure()),
    });
    const verdict = build('proxy-interference', facts);
    expect(verdict.summary).toContain('no answer to the SYN within 3000 ms');
    expect(verdict.summary).toContain(
      'the proxy answered CONNECT example.test:8443 with 200 Connection established and opened a tunnel; through it the TLS handshake completed (TLSv1.3) and the certificate verifies',
    );
    expect(verdict.summary).toContain('and never ALL_PROXY');
    const steps = verdict.nextSteps.join('\n');
    expect(steps).toContain("`curl.exe -v --noproxy '*' --max-time 10 https://example.test:8443/`");
    expect(steps).toContain('`$env:https_proxy = $env:ALL_PROXY; $env:NODE_USE_ENV_PROXY = "1"; node app.js`');
    expect(steps).toContain('-Dhttps.proxyHost=proxy.corp.test -Dhttps.proxyPort=8080');
  });

  it('reports a certificate seen through the tunnel that does not verify, without calling it interception', () => {
    const facts = factsFor({
      url: 'https://example.test:8443/',
      env: { https_proxy: 'http://proxy.corp.test:3128' },
      tcp: [attempt('refused')],
      viaProxy: viaTunnel(secure('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')),
    });
    const { summary } = build('proxy-interference', facts);
    expect(summary).toContain('the certificate does not verify: UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(summary).not.toContain('intercepts');
  });

  it('warns that a loopback target through a proxy elsewhere is the proxy machine’s own loopback', () => {
    const local = {
      url: 'http://127.0.0.1:3000/',
      tcp: [attempt('refused', '127.0.0.1', 3000)],
      viaProxy: viaGet(200),
    };
    const remote = build('proxy-interference', factsFor({ ...local, env: withCredentials }));
    expect(remote.summary).toContain(
      'the proxy on proxy.corp.test connected to port 3000 of its own machine, not of this one',
    );
    expect(remote.summary).toContain("Go's net/http in any case, since it never proxies a loopback target");
    const here = build('proxy-interference', factsFor({ ...local, env: { http_proxy: 'http://127.0.0.1:3128' } }));
    expect(here.summary).not.toContain('of its own machine');
  });

  it('speaks of raw TCP clients for a tcp:// target tunnelled through ALL_PROXY', () => {
    const facts = factsFor({
      url: 'tcp://192.0.2.10:5432',
      env: { ALL_PROXY: 'http://proxy.corp.test:3128' },
      tcp: [attempt('host-unreachable', '192.0.2.10', 5432)],
      viaProxy: viaTunnel(null),
    });
    const verdict = build('proxy-interference', facts);
    expect(verdict.summary).toContain('host unreachable (EHOSTUNREACH)');
    expect(verdict.summary).toContain('opened a tunnel to the port');
    expect(verdict.summary).toContain('programs that speak raw TCP');
    expect(verdict.nextSteps.join('\n')).toContain('`nc -vz -w 3 192.0.2.10 5432`');
    expect(verdict.nextSteps.join('\n')).toContain("-o ProxyCommand='nc -X connect -x proxy.corp.test:3128 %h %p'");
  });

  it('keeps the words for a proxy that breaks a working direct path', () => {
    const facts = factsFor({ env: withCredentials, tcp: [attempt('open')], viaProxy: viaGet(403, 'Forbidden') });
    const verdict = build('proxy-interference', facts);
    expect(verdict.title).toBe('The proxy from http_proxy breaks this connection');
    expect(verdict.summary).toContain('the proxy answered 403 to GET: its policy forbids this target');
    expect(JSON.stringify(verdict)).not.toContain(secret);
  });
});

describe('a direct verdict after the proxy failed too', () => {
  it('keeps its words and adds one line saying what the proxy did', () => {
    const facts = factsFor({ env: withCredentials, tcp: [attempt('timeout')], viaProxy: viaGet(502, 'Bad Gateway') });
    const without = build('port-filtered', { ...facts, viaProxy: undefined });
    const verdict = build('port-filtered', facts);
    expect(verdict.id).toBe('port-filtered');
    expect(verdict.summary).toBe(without.summary);
    expect(verdict.nextSteps).toEqual(without.nextSteps);
    expect(verdict.evidence).toEqual([
      ...without.evidence,
      'through the proxy http://***@proxy.corp.test:3128 (http_proxy), which curl would use: the proxy answered 502 to GET: it could not reach the target itself',
    ]);
    expect(JSON.stringify(verdict)).not.toContain(secret);
  });

  it('adds nothing when the proxy was not tried, or the direct path connected', () => {
    const notTried = factsFor({ env: withCredentials, tcp: [attempt('refused')] });
    expect(build('no-listener', notTried).evidence.join('\n')).not.toContain('through the proxy');
    const connected = factsFor({ env: withCredentials, tcp: [attempt('open')], viaProxy: viaGet(200) });
    expect(build('healthy', connected).evidence.join('\n')).not.toContain('through the proxy');
  });
});
