import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { startLabDnsServer, type LabDnsServer } from '../../lab/dns-server.js';
import { startHttpProxy } from '../../lab/servers/http-proxy.js';
import { startHttpStatusServer } from '../../lab/servers/http-status-server.js';
import { useStartedServers } from '../../lab/servers/started-servers.test-helper.js';
import { resolveName } from '../../probes/dns-resolve.js';
import { factsFor, unresolved } from '../../tree/proxy-detour.test-helper.js';
import { defaultAnswers } from '../events.js';
import { parseTarget } from '../parse-target.js';
import { runDiagnosis } from '../run-diagnosis.js';
import { proxyStep } from './proxy-step.js';

// Every lookup is recorded (and still made, through the lab DNS only): the step must never look up the target's name.
vi.mock('../../probes/dns-resolve.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../probes/dns-resolve.js')>();
  return { ...real, resolveName: vi.fn(real.resolveName) };
});

const use = useStartedServers();
afterEach(() => {
  vi.mocked(resolveName).mockClear();
});
let dns: LabDnsServer;
beforeAll(async () => {
  dns = await startLabDnsServer();
});
afterAll(async () => {
  await dns?.close();
});

/** A lab proxy that reaches `name`:`port` at a healthy server on loopback, the only way the name gets anywhere. */
async function proxyResolving(name: string, port = 80) {
  const origin = await use(startHttpStatusServer(200, '127.0.0.1'));
  return use(
    startHttpProxy({ mode: 'forward' }, '127.0.0.1', {
      reroute: { [`${name}:${port}`]: { host: '127.0.0.1', port: origin.port } },
    }),
  );
}

const onlyHttpProxy = (url: string) => ({ http_proxy: url, no_proxy: '', NO_PROXY: '' });

describe('proxy.check after a failed name lookup (no resolved address, no connect)', () => {
  it('hands the name to the proxy as it is, and never resolves it itself', async () => {
    const name = 'nxdomain.lab.test';
    const proxy = await proxyResolving(name, 8080);
    const facts = factsFor({
      url: `http://${name}:8080/app`,
      dnsServer: `127.0.0.1:${dns.port}`,
      env: onlyHttpProxy(`http://127.0.0.1:${proxy.port}`),
      dns: unresolved({ kind: 'no-such-host', danglingCname: null }, name),
    });
    expect(facts.tcp).toBeUndefined();

    const output = await proxyStep({
      facts,
      credentials: null,
      requestPath: null,
      budget: { timeoutMs: 2000 },
      early: { listenerTables: null },
    });

    expect(output.outcome).toBe('proxy-answered');
    expect(output.patch.viaProxy).toMatchObject({ kind: 'proxy-answered', method: 'GET', status: 200 });
    expect(output.summary).toBe(`through http://127.0.0.1:${proxy.port}: the proxy answered 200 to GET`);
    expect(proxy.requests).toEqual([{ method: 'GET', target: `http://${name}:8080/app`, proxyAuthorization: null }]);
    expect(resolveName).not.toHaveBeenCalled();
  });
});

describe('the engine on a name that does not resolve, behind a proxy', () => {
  const diagnose = async (input: string, env: NodeJS.ProcessEnv) => {
    const parsed = parseTarget(input);
    if (!parsed.ok) throw new Error(parsed.error);
    const dnsServer = `127.0.0.1:${dns.port}`;
    return runDiagnosis({
      target: parsed.target,
      credentials: null,
      requestPath: null,
      symptom: null,
      timeoutMs: 1000,
      dnsServer,
      answer: defaultAnswers,
      env,
    });
  };

  it('takes the detour and names proxy-interference when the proxy resolves it and answers', async () => {
    const proxy = await proxyResolving('nxdomain.lab.test');
    const session = await diagnose('http://nxdomain.lab.test/', onlyHttpProxy(`http://127.0.0.1:${proxy.port}`));
    expect(session.steps.map((s) => `${s.id} ${s.outcome}`)).toEqual([
      'dns.lookup no-such-host',
      'proxy.dns-detour proxy-answered',
    ]);
    expect(session.verdict.id).toBe('proxy-interference');
    expect(session.verdict.summary).toContain('answered NXDOMAIN (there is no such name)');
    // The only lookups were the DNS step's, of the target's name through the lab server; the proxy step made none.
    expect(vi.mocked(resolveName).mock.calls.map(([query]) => query.host)).toEqual(['nxdomain.lab.test']);
  });

  it('keeps the DNS verdict, with the proxy line, when the proxy cannot reach the name either', async () => {
    const proxy = await use(startHttpProxy({ mode: 'forward' }));
    const session = await diagnose('http://servfail.lab.test/', onlyHttpProxy(`http://127.0.0.1:${proxy.port}`));
    expect(session.steps.map((s) => s.id)).toEqual(['dns.lookup', 'proxy.dns-detour']);
    expect(session.verdict.id).toBe('dns-resolver-failure');
    expect(session.verdict.evidence.at(-1)).toMatch(
      /^through the proxy http:\/\/127\.0\.0\.1:\d+ \(http_proxy\), which curl would use: the proxy answered 403 to GET/,
    );
  });
});
