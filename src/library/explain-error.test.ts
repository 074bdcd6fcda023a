import { afterEach, describe, expect, it } from 'vitest';
import { labDnsNames } from '../lab/dns-server.js';
import { findClosedPort } from '../lab/servers/closed-port.js';
import type { LabServer } from '../lab/servers/lab-server.js';
import { startResetOnAccept } from '../lab/servers/reset-on-accept.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import {
  bothLoopbacks,
  connectError,
  fetchError,
  httpGetError,
  lookupThrough,
} from './connection-errors.test-helper.js';
import { explainError } from './explain-error.js';
import { NoAddressError } from './library-errors.js';
import { useLabDns } from '../lab/lab-dns.test-helper.js';

// explainError on real errors from loopback: it diagnoses the address the error names, with its message as the symptom.
const { serve } = useLoopbackServers();
const started: LabServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('explainError', () => {
  it('diagnoses the address of a refused connect, its message as the symptom', async () => {
    const port = await findClosedPort();
    const error = await connectError({ host: '127.0.0.1', port });
    const report = await explainError(error, { timeoutMs: 2000 });
    expect(report).toMatchObject({
      target: { input: `127.0.0.1:${port}`, host: '127.0.0.1', port },
      symptom: error.message,
      symptomDecoded: { id: 'refused', reproduced: true },
      environment: { timeoutMs: 2000 },
      verdict: { id: 'no-listener' },
    });
  });

  it('diagnoses what undici\'s "fetch failed" wraps: a refusal, a server that resets', async () => {
    const closed = await findClosedPort();
    const refused = await explainError(await fetchError(`http://127.0.0.1:${closed}/`));
    expect(refused).toMatchObject({ target: { port: closed }, verdict: { id: 'no-listener' } });
    expect(refused.symptom).toBe(`connect ECONNREFUSED 127.0.0.1:${closed}`);

    started.push(await startResetOnAccept());
    const { port } = started[0]!;
    const reset = await explainError(await fetchError(`http://127.0.0.1:${port}/`));
    expect(reset).toMatchObject({ target: { input: `127.0.0.1:${port}` }, verdict: { id: 'reset-after-accept' } });
  });

  it("diagnoses the first address Happy Eyeballs tried when all of a name's addresses refused", async () => {
    const port = await findClosedPort('::1');
    const error = await connectError({ host: 'localhost', port, lookup: bothLoopbacks, autoSelectFamily: true });
    const report = await explainError(error);
    expect(report).toMatchObject({ target: { input: `[::1]:${port}`, host: '::1' }, verdict: { id: 'no-listener' } });
  });

  describe('a name that does not resolve (ENOTFOUND)', () => {
    const labDns = useLabDns();

    it('diagnoses the name through the DNS server given, and says it does not exist', async () => {
      const dnsServer = labDns();
      const error = await connectError({
        host: labDnsNames.nxdomain,
        port: 5432,
        lookup: lookupThrough(dnsServer),
        autoSelectFamily: false,
      });
      const report = await explainError(error, { dnsServer, timeoutMs: 1000 });
      expect(report).toMatchObject({
        target: { input: labDnsNames.nxdomain, host: labDnsNames.nxdomain },
        symptomDecoded: { id: 'dns-not-found', reproduced: true },
        verdict: { id: 'dns-no-such-host' },
      });
    });
  });

  it('redacts secrets in the message it takes as the symptom', async () => {
    const port = await findClosedPort();
    // A client that puts its connection string in the message (the address fields are Node's).
    const error = Object.assign(
      new Error(`connect ECONNREFUSED 127.0.0.1:${port} (postgres://app:hunter2-secret@127.0.0.1:${port}/db)`),
      { code: 'ECONNREFUSED', address: '127.0.0.1', port },
    );
    const report = await explainError(error);
    expect(JSON.stringify(report)).not.toContain('hunter2-secret');
    expect(report.symptom).toContain('ECONNREFUSED');
  });

  it('refuses an error that names no address, with its code, instead of guessing', async () => {
    const { port } = await serve((peer) => peer.on('data', () => peer.destroy()));
    const hangUp = await httpGetError(`http://127.0.0.1:${port}/`);
    const error = await explainError(hangUp).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAddressError);
    expect(error).toMatchObject({ name: 'NoAddressError', code: 'ECONNRESET' });
    expect((error as Error).message).toMatch(
      /^the error names no address to diagnose \(code ECONNRESET\): call diagnose/,
    );

    await expect(explainError('ECONNREFUSED')).rejects.toThrow(/\(string\)/);
    await expect(explainError(new Error('boom'))).rejects.toThrow(/\(Error without a code\)/);
  });
});
