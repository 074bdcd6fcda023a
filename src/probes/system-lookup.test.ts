import { describe, expect, it } from 'vitest';
import { systemLookup, type LookupFunction } from './system-lookup.js';

// Only `localhost` (in /etc/hosts) and IP literals reach the real getaddrinfo: the system resolver is off
// this machine. Failures are staged with a stand-in lookup.
const failingWith =
  (code: string): LookupFunction =>
  () =>
    Promise.reject(Object.assign(new Error(code), { code }));
const neverSettles: LookupFunction = () => new Promise(() => {});

describe('systemLookup', () => {
  it('resolves localhost through the hosts file, in the order the OS returns', async () => {
    const result = await systemLookup('localhost', { timeoutMs: 2000 });
    expect(result.kind).toBe('addresses');
    if (result.kind !== 'addresses') return;
    expect(result.addresses).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('returns an IP literal as itself, with its family', async () => {
    expect(await systemLookup('127.0.0.1', { timeoutMs: 2000 })).toMatchObject({
      kind: 'addresses',
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
    expect(await systemLookup('::1', { timeoutMs: 2000 })).toMatchObject({
      kind: 'addresses',
      addresses: [{ address: '::1', family: 6 }],
    });
  });

  it('keeps the order the lookup returned', async () => {
    const lookup: LookupFunction = async () => [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ];
    expect(await systemLookup('x', { timeoutMs: 1000 }, lookup)).toMatchObject({
      addresses: [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    });
  });

  it.each([
    ['ENOTFOUND', 'nxdomain'],
    ['EAI_AGAIN', 'temporary'],
    ['EAI_FAIL', 'servfail'],
    ['EAI_MEMORY', 'other'],
  ])('maps a %s failure to %s, keeping the errno', async (errno, code) => {
    expect(await systemLookup('x', { timeoutMs: 1000 }, failingWith(errno))).toMatchObject({
      kind: 'error',
      code,
      errno,
    });
  });

  it('turns even a synchronous throw into a result', async () => {
    const throwing: LookupFunction = () => {
      throw Object.assign(new Error('bad'), { code: 'ERR_INVALID_ARG_TYPE' });
    };
    expect(await systemLookup('x', { timeoutMs: 1000 }, throwing)).toMatchObject({ kind: 'error', code: 'other' });
  });

  it('gives up on a lookup that never settles when the budget runs out', async () => {
    const started = performance.now();
    const result = await systemLookup('x', { timeoutMs: 100 }, neverSettles);
    expect(result).toMatchObject({ kind: 'error', code: 'timeout', errno: 'ETIMEOUT' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = systemLookup('x', { timeoutMs: 60_000, signal: controller.signal }, neverSettles);
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'error', code: 'other', errno: 'ECANCELLED' });
    expect(await systemLookup('x', { timeoutMs: 60_000, signal: controller.signal }, neverSettles)).toMatchObject({
      errno: 'ECANCELLED',
    });
  });
});
