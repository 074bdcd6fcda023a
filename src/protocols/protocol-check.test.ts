import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { protocolCheck } from './protocol-check.js';

const { serve, stop } = useLoopbackServers();
const options = { user: null, password: null, database: null, sslmode: null, servername: null };

describe('protocolCheck on what service identification already read', () => {
  it("reads SSH's identification from the greeting, and opens no connection of its own", async () => {
    // A port that refuses: a connection would end the check as connect-failed.
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const greeting = { bytes: Buffer.from('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), afterMs: 12 };
    const check = await protocolCheck('ssh', endpoint, { timeoutMs: 1000 }, { ...options, greeting });
    expect(check).toMatchObject({ fromIdentification: true, reading: { kind: 'answered', reason: 'ok', afterMs: 12 } });
  });

  it('connects as usual when the greeting holds no whole identification', async () => {
    let connections = 0;
    const endpoint = await serve((peer) => {
      connections++;
      peer.end('SSH-2.0-OpenSSH_9.2p1\r\n');
    });
    const greeting = { bytes: Buffer.from('SSH-2.0-Open'), afterMs: 12 };
    const check = await protocolCheck('ssh', endpoint, { timeoutMs: 1000 }, { ...options, greeting });
    expect(check).toMatchObject({ fromIdentification: false, reading: { kind: 'answered', reason: 'ok' } });
    expect(connections).toBe(1);
  });
});

/** A PostgreSQL without TLS whose pg_hba.conf has no line for us: `N` to an SSLRequest, 28000 to any startup. */
function pgWithoutTls(seen: { connections: number }) {
  const message = 'no pg_hba.conf entry for host "127.0.0.1", user "app", database "shop", no encryption';
  const fields = ['SFATAL', 'VFATAL', 'C28000', `M${message}`].map((field) => `${field}\0`).join('');
  const body = Buffer.from(`${fields}\0`, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length + 4);
  const refusal = Buffer.concat([Buffer.from('E'), length, body]);
  return serve((peer) => {
    seen.connections++;
    peer.on('data', (chunk: Buffer) => {
      if (chunk.subarray(0, 8).equals(Buffer.from('0000000804d2162f', 'hex'))) peer.write('N');
      else peer.end(refusal);
    });
  });
}

describe('protocolCheck for PostgreSQL, told it has no TLS', () => {
  const pgOptions = { ...options, user: 'app', database: 'shop' };

  it('makes no second handshake over TLS after a refusal in plain text', async () => {
    const seen = { connections: 0 };
    const endpoint = await pgWithoutTls(seen);
    const check = await protocolCheck(
      'postgresql',
      endpoint,
      { timeoutMs: 1000 },
      { ...pgOptions, tlsUnavailable: true },
    );
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'server-rejects-client', answer: '28000' });
    expect([check.handshakes.length, seen.connections]).toEqual([1, 1]);
  });

  it('without that knowledge asks over TLS too, and reads the same refusal', async () => {
    const seen = { connections: 0 };
    const endpoint = await pgWithoutTls(seen);
    const check = await protocolCheck('postgresql', endpoint, { timeoutMs: 1000 }, pgOptions);
    expect(check.reading).toMatchObject({ kind: 'answered', reason: 'server-rejects-client', answer: '28000' });
    expect([check.handshakes.length, seen.connections]).toEqual([2, 2]);
  });
});
