import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { CAPTURED } from './amqp-captured.test-helper.js';
import { amqpHandshake } from './amqp-handshake.js';

const budget = { timeoutMs: 3000 };

/**
 * A loopback broker that answers as RabbitMQ 3.10 did (its captured bytes): Connection.Start to a 0-9-1 header,
 * its own header and a close to any other header.
 */
describe('amqpHandshake against a loopback broker replaying RabbitMQ', () => {
  const { serve } = useLoopbackServers();
  const broker = () =>
    serve((peer) => {
      let header = Buffer.alloc(0);
      peer.on('data', (chunk: Buffer) => {
        header = Buffer.concat([header, chunk]);
        if (header.length < 8) return;
        if (header.subarray(0, 8).toString('hex') === '414d515000000901') {
          peer.write(Buffer.from(CAPTURED.connectionStart, 'hex'));
        } else {
          peer.end(Buffer.from(CAPTURED.ownHeader, 'hex'));
        }
      });
    });

  it('reads Connection.Start: product, version and mechanisms', async () => {
    expect(await amqpHandshake(await broker(), budget)).toMatchObject({
      kind: 'connection-start',
      reason: 'ok',
      start: { serverProperties: { product: 'RabbitMQ', version: '3.10.8' }, mechanisms: ['PLAIN', 'AMQPLAIN'] },
    });
  });

  it('a broker that speaks another version answers with its header: protocol-version-mismatch', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.end(Buffer.from('414d515001010000', 'hex'))));
    expect(await amqpHandshake(endpoint, budget)).toMatchObject({
      kind: 'protocol-header',
      version: '1-1-0-0',
      reason: 'protocol-version-mismatch',
    });
  });

  it('a TLS-only port that closes on plain bytes: closed, with nothing received', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.end()));
    expect(await amqpHandshake(endpoint, budget)).toMatchObject({ kind: 'closed', received: null });
  });
});
