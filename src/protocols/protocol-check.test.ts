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
