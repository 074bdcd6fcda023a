import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A fresh copy of the module, so that its once-per-process warm-up has not run yet. */
async function freshWarmUp() {
  vi.resetModules();
  return (await import('./warm-up-tls.js')).warmUpTls;
}

describe('warmUpTls', () => {
  it('runs a TLS client through our tap in memory, without opening any connection', async () => {
    const connects = vi.spyOn(net.Socket.prototype, 'connect');
    const connectTls = tls.connect.bind(tls) as (options: tls.ConnectionOptions) => tls.TLSSocket;
    const errors: string[] = [];
    const clients = vi.spyOn(tls, 'connect').mockImplementation(((options: tls.ConnectionOptions) => {
      const client = connectTls(options);
      client.on('error', (error: NodeJS.ErrnoException) => errors.push(String(error.code)));
      return client;
    }) as typeof tls.connect);
    const warmUpTls = await freshWarmUp();
    await warmUpTls();
    expect(connects).not.toHaveBeenCalled();
    expect(clients).toHaveBeenCalledTimes(1);
    const options = clients.mock.calls[0]?.[0] as tls.ConnectionOptions;
    // Over a stream of ours, not a socket: the hello goes nowhere, and the plain reply comes back through the tap.
    expect(options.socket).toBeDefined();
    expect(options.socket).not.toBeInstanceOf(net.Socket);
    expect(errors).toEqual(['ERR_SSL_WRONG_VERSION_NUMBER']);
  });

  it('runs once per process: later callers get the same settled promise', async () => {
    const clients = vi.spyOn(tls, 'connect');
    const warmUpTls = await freshWarmUp();
    const first = warmUpTls();
    await first;
    expect(warmUpTls()).toBe(first);
    await warmUpTls();
    expect(clients).toHaveBeenCalledTimes(1);
  });
});
