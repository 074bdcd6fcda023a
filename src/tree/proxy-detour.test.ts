import { describe, expect, it } from 'vitest';
import type { ProxyResult } from '../probes/proxy-result.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import { diagnosisTree } from './diagnosis-tree.js';
import { explainTree } from './explain-tree.js';
import type { Facts } from './facts.js';
import { guards } from './guards.js';
import { attempt, factsFor, response, secure, viaGet, viaTunnel, walk } from './proxy-detour.test-helper.js';

const proxied = { http_proxy: 'http://proxy.corp.test:3128' };
const failing: ProxyResult = viaGet(502, 'Bad Gateway');

// Given a direct connect that failed, each way the tree names, and a proxy variable that applies to the target.
const directFailures: [string, TcpConnectResult[], string][] = [
  ['every address refused', [attempt('refused')], 'no-listener'],
  ['the SYN went unanswered', [attempt('timeout')], 'port-filtered'],
  ['ICMP host unreachable', [attempt('host-unreachable')], 'host-unreachable'],
  ['no route to the network', [attempt('network-unreachable')], 'network-unreachable'],
  ['an errno no rule explains', [attempt('error')], 'host-unreachable'],
];

describe('the proxy detour after a failed direct connect', () => {
  it.each(directFailures)('%s, and the proxy carries the request: proxy-interference', (_, tcp) => {
    expect(walk(factsFor({ env: proxied, tcp, viaProxy: viaGet(200) }))).toEqual([
      'tcp.connect',
      'proxy.detour',
      '⇒ proxy-interference',
    ]);
  });

  it.each(directFailures)(
    '%s, and the proxy fails too: the walk and verdict of the direct path, unchanged',
    (_, tcp, verdict) => {
      const withoutProxy = walk(factsFor({ tcp }));
      const withFailingProxy = walk(factsFor({ env: proxied, tcp, viaProxy: failing }));
      expect(withFailingProxy.slice(0, 2)).toEqual(['tcp.connect', 'proxy.detour']);
      expect(withFailingProxy.filter((id) => id !== 'proxy.detour')).toEqual(withoutProxy);
      expect(withoutProxy.at(-1)).toBe(`⇒ ${verdict}`);
    },
  );

  it('an https target counts as carried once the tunnel is open and the handshake through it finished', () => {
    const https = {
      url: 'https://example.test:8443/',
      env: { https_proxy: 'http://proxy.corp.test:3128' },
      tcp: [attempt('timeout')],
    };
    expect(walk(factsFor({ ...https, viaProxy: viaTunnel(secure()) })).at(-1)).toBe('⇒ proxy-interference');
    const tlsFailed: ProxyResult = viaTunnel({
      kind: 'no-response',
      waitedMs: 2900,
      firstBytes: null,
      marks: { connectedAt: 0, secureAt: null, doneAt: 2900 },
    });
    expect(walk(factsFor({ ...https, viaProxy: tlsFailed })).at(-1)).toBe('⇒ port-filtered');
  });

  it('never takes the detour without a proxy for the target: none set, NO_PROXY, a socks proxy', () => {
    const tcp = [attempt('refused')];
    const envs = [
      {},
      { ...proxied, no_proxy: '192.0.2.0/24' },
      { all_proxy: 'socks5://127.0.0.1:1080' },
      { HTTP_PROXY: 'http://proxy.corp.test:3128' },
    ];
    for (const env of envs) expect(walk(factsFor({ env, tcp })), JSON.stringify(env)).not.toContain('proxy.detour');
  });

  it('takes it for a loopback target too, as curl has no loopback exemption: only NO_PROXY naming the address skips it', () => {
    const local = { url: 'http://127.0.0.1:8080/', tcp: [attempt('refused', '127.0.0.1')] };
    expect(walk(factsFor({ ...local, env: proxied, viaProxy: viaGet(200) })).at(-1)).toBe('⇒ proxy-interference');
    // curl never resolves NO_PROXY entries: `localhost` does not cover 127.0.0.1.
    expect(walk(factsFor({ ...local, env: { ...proxied, no_proxy: 'localhost' }, viaProxy: viaGet(200) }))).toContain(
      'proxy.detour',
    );
    expect(walk(factsFor({ ...local, env: { ...proxied, no_proxy: 'localhost,127.0.0.1' } }))).not.toContain(
      'proxy.detour',
    );
    // Proxy down as well: the local checks run as before.
    expect(walk(factsFor({ ...local, env: proxied, viaProxy: failing }))).toEqual([
      'tcp.connect',
      'proxy.detour',
      'connect.failed',
      'local.check',
      'local.listeners',
      'server.location',
      '⇒ no-listener',
    ]);
  });

  it('leaves a direct path that connects to the checks it had', () => {
    expect(walk(factsFor({ env: proxied, tcp: [attempt('open')] })).slice(0, 2)).toEqual([
      'tcp.connect',
      'app.protocol',
    ]);
    const split = [attempt('open', '127.0.0.1'), attempt('refused', '::1')];
    expect(walk(factsFor({ env: proxied, tcp: split }))).toEqual(['tcp.connect', '⇒ address-family-mismatch']);
  });

  it('prints the new edges in --explain', () => {
    const text = explainTree(diagnosisTree);
    expect(text).toContain(`if ${guards['proxy.applies'].describe}: → proxy.detour`);
    expect(text).toContain(`if ${guards['proxy.carries'].describe}: ⇒ verdict proxy-interference`);
    expect(text).toContain('proxy.detour — Send the same request through the proxy, as curl would [runs proxy.check]');
  });
});

describe('proxy.carries', () => {
  const carries = (viaProxy: ProxyResult) => guards['proxy.carries'].test({ ...factsFor(), viaProxy } as Facts);
  const connectFailure = attempt('refused', '203.0.113.5', 3128) as Exclude<TcpConnectResult, { kind: 'open' }>;
  const marks = { connectedAt: 0.5, secureAt: null, requestWrittenAt: 0.6, firstByteAt: null, doneAt: 9 };

  it.each([
    ['GET answered 200', true, viaGet(200)],
    ['GET answered 404 (the target says so)', true, viaGet(404, 'Not Found')],
    ['GET answered 500', true, viaGet(500, 'Internal Server Error')],
    ['GET answered 403 (a proxy policy looks the same)', false, viaGet(403, 'Forbidden')],
    ['GET answered 502', false, viaGet(502, 'Bad Gateway')],
    ['GET answered 503 (Squid cannot connect)', false, viaGet(503, 'Service Unavailable')],
    ['GET answered 504', false, viaGet(504, 'Gateway Timeout')],
    [
      'CONNECT refused with 403',
      false,
      { kind: 'proxy-answered', method: 'CONNECT', status: 403, response: response(403, 'Forbidden') },
    ],
    ['a tunnel for a tcp target', true, viaTunnel(null)],
    ['a tunnel and a verified handshake', true, viaTunnel(secure())],
    [
      'a tunnel and a handshake whose certificate does not verify',
      true,
      viaTunnel(secure('SELF_SIGNED_CERT_IN_CHAIN')),
    ],
    [
      'a tunnel, then a TLS alert',
      false,
      viaTunnel({
        kind: 'handshake-error',
        code: 'ERR_SSL_WRONG_VERSION_NUMBER',
        reason: 'wrong version number',
        marks: { connectedAt: 0, secureAt: null, doneAt: 1 },
      }),
    ],
    [
      '407',
      false,
      {
        kind: 'proxy-auth-required',
        method: 'GET',
        credentialsSent: false,
        challenge: null,
        response: response(407, 'Proxy Authentication Required'),
      },
    ],
    ['nothing listens at the proxy', false, { kind: 'proxy-refused-connect', connect: connectFailure }],
    ['the proxy resets', false, { kind: 'proxy-reset', method: 'GET', marks }],
    ['the proxy is silent', false, { kind: 'proxy-silent', method: 'GET', waitedMs: 3000, marks }],
    ['cancelled', false, { kind: 'aborted' }],
  ] satisfies [string, boolean, ProxyResult][])('%s → %s', (_, expected, via) => {
    expect(carries(via)).toBe(expected);
  });

  it('is false when the proxy was not tried', () => {
    expect(guards['proxy.carries'].test(factsFor())).toBe(false);
  });
});
