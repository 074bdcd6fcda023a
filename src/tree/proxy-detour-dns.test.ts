import { describe, expect, it } from 'vitest';
import type { DnsFacts } from '../probes/dns-facts.js';
import type { ProxyResult } from '../probes/proxy-result.js';
import { diagnosisTree } from './diagnosis-tree.js';
import { explainTree } from './explain-tree.js';
import { guards } from './guards.js';
import { attempt, factsFor, secure, unresolved, viaGet, viaTunnel, walk } from './proxy-detour.test-helper.js';

const proxied = { http_proxy: 'http://proxy.corp.test:3128' };
const url = 'http://intranet.corp.test:8080/';
const failing: ProxyResult = viaGet(502, 'Bad Gateway');

// Given a name that did not resolve here, each way the DNS step concludes, and a proxy variable that applies to it.
const lookupFailures: [string, DnsFacts, string][] = [
  ['NXDOMAIN', unresolved({ kind: 'no-such-host', danglingCname: null }), 'dns-no-such-host'],
  ['a dangling CNAME', unresolved({ kind: 'no-such-host', danglingCname: 'gone.corp.test' }), 'dns-no-such-host'],
  ['NODATA', unresolved({ kind: 'no-address' }), 'dns-no-address'],
  ['SERVFAIL', unresolved({ kind: 'resolver-failure', code: 'servfail' }), 'dns-resolver-failure'],
  [
    'EAI_AGAIN from the system lookup',
    unresolved({ kind: 'resolver-failure', code: 'temporary' }, 'intranet.corp.test', 'system'),
    'dns-resolver-failure',
  ],
];

describe('the proxy detour after a failed name lookup', () => {
  it.each(lookupFailures)('%s, and the proxy carries the request: proxy-interference', (_, dns) => {
    expect(walk(factsFor({ url, env: proxied, dns, viaProxy: viaGet(200) }), 'dns.lookup')).toEqual([
      'dns.lookup',
      'proxy.dns-detour',
      '⇒ proxy-interference',
    ]);
  });

  it.each(lookupFailures)('%s, and the proxy fails too: the DNS verdict, as without a proxy', (_, dns, verdict) => {
    const withoutProxy = walk(factsFor({ url, dns }), 'dns.lookup');
    const withFailingProxy = walk(factsFor({ url, env: proxied, dns, viaProxy: failing }), 'dns.lookup');
    expect(withoutProxy).toEqual(['dns.lookup', 'dns.failed', `⇒ ${verdict}`]);
    expect(withFailingProxy).toEqual(['dns.lookup', 'proxy.dns-detour', 'dns.failed', `⇒ ${verdict}`]);
  });

  it.each([
    ['403 (a proxy policy, or one that cannot resolve the name either)', viaGet(403, 'Forbidden')],
    ['503 (Squid ERR_DNS_FAIL)', viaGet(503, 'Service Unavailable')],
    [
      'a reset',
      {
        kind: 'proxy-reset',
        method: 'GET',
        marks: { connectedAt: 0.5, secureAt: null, requestWrittenAt: 0.6, firstByteAt: null, doneAt: 9 },
      },
    ],
  ] satisfies [string, ProxyResult][])('does not count the proxy answering %s as carrying it', (_, viaProxy) => {
    const dns = unresolved({ kind: 'no-such-host', danglingCname: null });
    expect(walk(factsFor({ url, env: proxied, dns, viaProxy }), 'dns.lookup').at(-1)).toBe('⇒ dns-no-such-host');
  });

  it('an https target counts as carried once the tunnel to the name is open and the handshake through it finished', () => {
    const https = { url: 'https://intranet.corp.test/', env: { https_proxy: 'http://proxy.corp.test:3128' } };
    const dns = unresolved({ kind: 'resolver-failure', code: 'timeout' });
    expect(walk(factsFor({ ...https, dns, viaProxy: viaTunnel(secure()) }), 'dns.lookup').at(-1)).toBe(
      '⇒ proxy-interference',
    );
    const tlsFailed: ProxyResult = viaTunnel({
      kind: 'handshake-error',
      code: 'ECONNRESET',
      reason: 'reset',
      marks: { connectedAt: 0, secureAt: null, doneAt: 1 },
    });
    expect(walk(factsFor({ ...https, dns, viaProxy: tlsFailed }), 'dns.lookup').at(-1)).toBe('⇒ dns-resolver-failure');
  });

  it('never takes the detour without a proxy for the name: none set, NO_PROXY naming its domain, a socks proxy, HTTP_PROXY', () => {
    const dns = unresolved({ kind: 'no-such-host', danglingCname: null });
    const envs = [
      {},
      { ...proxied, no_proxy: '.corp.test' },
      { all_proxy: 'socks5://127.0.0.1:1080' },
      { HTTP_PROXY: 'http://proxy.corp.test:3128' },
    ];
    for (const env of envs) {
      expect(walk(factsFor({ url, env, dns }), 'dns.lookup'), JSON.stringify(env)).toEqual([
        'dns.lookup',
        'dns.failed',
        '⇒ dns-no-such-host',
      ]);
    }
  });

  it('leaves a name that resolves to the connect, proxy or not', () => {
    const dns: DnsFacts = {
      ...unresolved({ kind: 'no-such-host', danglingCname: null }),
      conclusion: { kind: 'resolved' },
    };
    const path = walk(factsFor({ url, env: proxied, dns, tcp: [attempt('open')] }), 'dns.lookup');
    expect(path.slice(0, 3)).toEqual(['dns.lookup', 'tcp.connect', 'app.protocol']);
    expect(path).not.toContain('proxy.dns-detour');
  });

  it('prints the new node and edges in --explain', () => {
    const text = explainTree(diagnosisTree);
    expect(text).toContain(`if ${guards['proxy.applies'].describe}: → proxy.dns-detour`);
    expect(text).toContain('proxy.dns-detour — Hand the name to the proxy, as curl would [runs proxy.check]');
    expect(text).toContain('dns.failed — Why did the name not resolve?');
    expect(text).toContain(`if ${guards['dns.no-such-host'].describe}: ⇒ verdict dns-no-such-host`);
  });
});
