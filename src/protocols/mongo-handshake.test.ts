import { describe, expect, it } from 'vitest';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import { readDocument } from './bson.js';
import { ENCODED } from './mongo-encoded.test-helper.js';
import { mongoHandshake } from './mongo-handshake.js';

const budget = { timeoutMs: 3000 };

/**
 * MongoDB is not in Debian: a loopback server that speaks its wire protocol stands in. It reads one OP_MSG, checks
 * that it is `hello`, and answers with an encoded reply (mongo-encoded.test-helper.ts) addressed to that request.
 */
describe('mongoHandshake against a loopback server speaking OP_MSG', () => {
  const { serve } = useLoopbackServers();
  const server = (reply: string) =>
    serve((peer) => {
      let request = Buffer.alloc(0);
      peer.on('data', (chunk: Buffer) => {
        request = Buffer.concat([request, chunk]);
        if (request.length < 4 || request.length < request.readInt32LE(0)) return;
        const command = readDocument(request.subarray(21)).document;
        if (request.readInt32LE(12) !== 2013 || command.hello !== 1) return void peer.destroy();
        const answer = Buffer.from(reply, 'hex');
        answer.writeInt32LE(request.readInt32LE(4), 8);
        peer.write(answer);
      });
    });

  it('a standalone primary: ok, writable, its wire versions', async () => {
    expect(await mongoHandshake(await server(ENCODED.standalone), budget)).toMatchObject({
      kind: 'hello',
      reason: 'ok',
      hello: { ok: true, isWritablePrimary: true, maxWireVersion: 21 },
    });
  });

  it('a replica-set secondary: ok, with its set name', async () => {
    expect(await mongoHandshake(await server(ENCODED.secondary), budget)).toMatchObject({
      reason: 'ok',
      hello: { isWritablePrimary: false, secondary: true, setName: 'rs0' },
    });
  });

  it('hello refused without a login: authentication-required, with the server’s message', async () => {
    expect(await mongoHandshake(await server(ENCODED.unauthorized), budget)).toMatchObject({
      reason: 'authentication-required',
      hello: { ok: false, code: 13, errmsg: 'command hello requires authentication' },
    });
  });

  it('a TLS-only server closes a plain connection without a byte', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.end()));
    expect(await mongoHandshake(endpoint, budget)).toMatchObject({ kind: 'closed', received: null });
  });
});
