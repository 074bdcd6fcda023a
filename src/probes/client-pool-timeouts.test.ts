import { describe, expect, it } from 'vitest';
import {
  clientIdleMs,
  clientPools,
  keepAliveTimeoutSeconds,
  staleReuseRisks,
  type ClientPool,
} from './client-pool-timeouts.js';

const pool = (id: string): ClientPool => {
  const found = clientPools.find((p) => p.id === id);
  if (!found) throw new Error(`no pool ${id}`);
  return found;
};

describe('client pool table', () => {
  it('has unique ids and plausible numbers', () => {
    expect(new Set(clientPools.map((p) => p.id)).size).toBe(clientPools.length);
    for (const p of clientPools) {
      if (p.idleTimeoutMs !== null) expect(p.idleTimeoutMs, p.id).toBeGreaterThan(0);
      expect(p.setting, p.id).not.toBe('');
    }
  });

  it('pins the defaults the advice quotes', () => {
    expect(Object.fromEntries(clientPools.map((p) => [p.id, p.idleTimeoutMs]))).toMatchObject({
      'node-global-agent': 5000,
      'node-keepalive-agent': null,
      'node-fetch-undici': 4000,
      'go-default-transport': 90_000,
      'python-urllib3': null,
      'java-httpclient-20': 30_000,
      'java-httpclient-11': 1_200_000,
      okhttp: 300_000,
      'dotnet-httpclient': 60_000,
      libcurl: 118_000,
    });
  });
});

describe('keepAliveTimeoutSeconds', () => {
  it.each([
    ['timeout=5', 5],
    ['timeout=5, max=100', 5],
    ['max=100, timeout=15', 15],
    ['Timeout = 30', 30],
    ['max=100', null],
    ['timeout=abc', null],
    ['xtimeout=5', null],
    [null, null],
  ])('%s → %s', (header, seconds) => {
    expect(keepAliveTimeoutSeconds(header)).toBe(seconds);
  });
});

describe('clientIdleMs', () => {
  it('caps Node agent time at the hint less its 1 s buffer', () => {
    expect(clientIdleMs(pool('node-global-agent'), 'timeout=3')).toBe(2000);
    expect(clientIdleMs(pool('node-global-agent'), 'timeout=60')).toBe(5000);
    expect(clientIdleMs(pool('node-global-agent'), 'timeout=1')).toBe('not-pooled');
    expect(clientIdleMs(pool('node-global-agent'), null)).toBe(5000);
  });

  it('lets the hint replace undici time, less 2 s and at most 10 min', () => {
    expect(clientIdleMs(pool('node-fetch-undici'), 'timeout=60')).toBe(58_000);
    expect(clientIdleMs(pool('node-fetch-undici'), 'timeout=2')).toBe('not-pooled');
    expect(clientIdleMs(pool('node-fetch-undici'), 'timeout=3600')).toBe(600_000);
  });

  it('ignores the hint for clients that do', () => {
    expect(clientIdleMs(pool('go-default-transport'), 'timeout=1')).toBe(90_000);
    expect(clientIdleMs(pool('node-keepalive-agent'), 'timeout=1')).toBeNull();
  });
});

describe('staleReuseRisks', () => {
  const risks = (serverIdleMs: number, header: string | null) =>
    Object.fromEntries(staleReuseRisks(serverIdleMs, header).map(({ pool: p, risk }) => [p.id, risk.kind]));

  it('a Node server at its 5 s default without a hint: Node agent races it, fetch closes first, Go reuses', () => {
    expect(risks(5000, null)).toMatchObject({
      'node-global-agent': 'stale-reuse',
      'node-fetch-undici': 'client-closes-first',
      'go-default-transport': 'stale-reuse',
      'python-urllib3': 'stale-reuse',
      'dotnet-httpclient': 'stale-reuse',
    });
  });

  it('the same server announcing timeout=5 protects the clients that read it', () => {
    expect(risks(5000, 'timeout=5')).toMatchObject({
      'node-global-agent': 'client-closes-first',
      'node-fetch-undici': 'client-closes-first',
      'apache-httpclient-4': 'stale-reuse',
      'go-default-transport': 'stale-reuse',
    });
  });

  it('a server idle for 75 s (nginx default) outlasts every client with a short pool', () => {
    expect(risks(75_000, 'timeout=75')).toMatchObject({
      'node-global-agent': 'client-closes-first',
      'java-httpclient-20': 'client-closes-first',
      'dotnet-httpclient': 'client-closes-first',
      'go-default-transport': 'stale-reuse',
      okhttp: 'stale-reuse',
      'java-httpclient-11': 'stale-reuse',
    });
  });

  it('a hint of one second stops hint-reading clients from pooling at all', () => {
    expect(risks(1000, 'timeout=1')).toMatchObject({
      'node-global-agent': 'not-pooled',
      'node-fetch-undici': 'not-pooled',
    });
  });

  it('gives the client idle time it compared', () => {
    const go = staleReuseRisks(5000, null).find((r) => r.pool.id === 'go-default-transport');
    expect(go?.risk).toEqual({ kind: 'stale-reuse', clientIdleMs: 90_000 });
  });
});
