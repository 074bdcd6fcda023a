import { describe, expect, it } from 'vitest';
import { labDnsNames } from '../lab/dns-server.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import {
  bothLoopbacks,
  connectError,
  fetchError,
  httpGetError,
  lookupThrough,
  messagesIn,
} from './connection-errors.test-helper.js';
import { errorEndpoint } from './error-endpoint.js';
import { useLabDns } from '../lab/lab-dns.test-helper.js';

// Every error here but the last few is made for real on loopback (connection-errors.test-helper.ts), so a change in
// how Node or undici shapes them shows here first. Assertions name what the error itself says, not what we hope.
const { serve } = useLoopbackServers();

describe('errorEndpoint on real connection errors', () => {
  it('reads address and port of a refused connect', async () => {
    const port = await findClosedPort();
    const error = await connectError({ host: '127.0.0.1', port });
    expect(errorEndpoint(error)).toEqual({
      kind: 'endpoint',
      target: `127.0.0.1:${port}`,
      symptom: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('takes the first address Happy Eyeballs tried from an AggregateError, IPv6 in brackets', async () => {
    const port = await findClosedPort('::1');
    // Nothing listens on either loopback.
    const error = await connectError({ host: 'localhost', port, lookup: bothLoopbacks, autoSelectFamily: true });
    const endpoint = errorEndpoint(error);
    expect(endpoint).toMatchObject({ kind: 'endpoint', target: `[::1]:${port}` });
    expect(messagesIn(error)).toContain((endpoint as { symptom: string }).symptom);
  });

  it('looks inside undici\'s "fetch failed" for the refused address', async () => {
    const port = await findClosedPort();
    const error = await fetchError(`http://127.0.0.1:${port}/`);
    expect(error.message).toBe('fetch failed');
    expect(errorEndpoint(error)).toEqual({
      kind: 'endpoint',
      target: `127.0.0.1:${port}`,
      symptom: `connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it('finds the peer of a fetch whose server resets or closes the connection', async () => {
    const resetting = await serve((peer) => peer.resetAndDestroy());
    const closing = await serve((peer) => peer.end());
    for (const { port } of [resetting, closing]) {
      const error = await fetchError(`http://127.0.0.1:${port}/`);
      const endpoint = errorEndpoint(error);
      expect(endpoint).toMatchObject({ kind: 'endpoint', target: `127.0.0.1:${port}` });
      expect(messagesIn(error)).toContain((endpoint as { symptom: string }).symptom);
      expect((endpoint as { symptom: string }).symptom).not.toBe('fetch failed');
    }
  });

  describe('a name that does not resolve', () => {
    const labDns = useLabDns();

    it('is its host without a port (ENOTFOUND names none)', async () => {
      const lookup = lookupThrough(labDns());
      const error = await connectError({ host: labDnsNames.nxdomain, port: 5432, lookup, autoSelectFamily: false });
      expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
      expect(errorEndpoint(error)).toEqual({
        kind: 'endpoint',
        target: labDnsNames.nxdomain,
        symptom: `queryA ENOTFOUND ${labDnsNames.nxdomain}`,
      });
    });
  });

  it('names nothing for a socket hang up, which carries no address', async () => {
    const closing = await serve((peer) => peer.on('data', () => peer.destroy()));
    const error = await httpGetError(`http://127.0.0.1:${closing.port}/`);
    expect(error.message).toBe('socket hang up');
    expect(errorEndpoint(error)).toEqual({ kind: 'none', code: 'ECONNRESET' });
  });
});

describe('errorEndpoint on shapes that cannot be made on loopback in a test', () => {
  it("reads undici's connect timeout, which names its address in the message only", () => {
    // undici's ConnectTimeoutError (lib/core/connect.js): a 10 s default we do not wait for in a test.
    const timeout = Object.assign(
      new Error('Connect Timeout Error (attempted address: 10.0.0.7:443, timeout: 10000ms)'),
      {
        name: 'ConnectTimeoutError',
        code: 'UND_ERR_CONNECT_TIMEOUT',
      },
    );
    expect(errorEndpoint(new TypeError('fetch failed', { cause: timeout }))).toEqual({
      kind: 'endpoint',
      target: '10.0.0.7:443',
      symptom: timeout.message,
    });
  });

  it('reads an unbracketed IPv6 address from a message, the port after the last colon', () => {
    // A client that rethrows with Node's message but not its fields.
    expect(errorEndpoint(new Error('connect ECONNREFUSED ::1:6379'))).toMatchObject({ target: '[::1]:6379' });
  });

  it('takes only IP literals from messages, and names nothing for a Unix socket or a non-error', () => {
    expect(errorEndpoint(new Error('connect ECONNREFUSED db:5432'))).toEqual({ kind: 'none', code: null });
    const unix = Object.assign(new Error('connect ENOENT /tmp/.s.PGSQL.5432'), {
      code: 'ENOENT',
      address: '/tmp/.s.PGSQL.5432',
    });
    expect(errorEndpoint(unix)).toEqual({ kind: 'none', code: 'ENOENT' });
    expect(errorEndpoint('ECONNREFUSED')).toEqual({ kind: 'none', code: null });
    expect(errorEndpoint(null)).toEqual({ kind: 'none', code: null });
  });

  it('stops on a cycle of causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(errorEndpoint(a)).toEqual({ kind: 'none', code: null });
  });
});
