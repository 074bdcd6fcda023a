import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../../test/openssl-pki.js';
import { useLoopbackServers } from '../probes/loopback-servers.test-helper.js';
import type { TlsSession } from '../probes/tls-result.js';
import { nowMs } from '../shared/monotonic-clock.js';
import { type Conversation, converse, type Unsent } from './conversation.js';

const { serve, stop } = useLoopbackServers();

/** Reads lines; done at `bye`, asks for more otherwise. */
const lines: Conversation<{ kind: 'said'; text: string }> = {
  opening: Buffer.from('hi\n'),
  read: (received) =>
    received.includes('bye\n')
      ? { kind: 'done', result: { kind: 'said', text: received.toString() } }
      : { kind: 'more' },
};

describe('converse', () => {
  it('writes the opening and ends with the conversation’s answer', async () => {
    let heard = '';
    const endpoint = await serve((peer) => {
      peer.on('data', (chunk: Buffer) => {
        heard += chunk.toString();
        peer.write('b');
        setImmediate(() => peer.write('ye\n'));
      });
    });
    expect(await converse(endpoint, { timeoutMs: 2000 }, lines)).toEqual({ kind: 'said', text: 'bye\n' });
    expect(heard).toBe('hi\n');
  });

  it('a refused connect', async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    expect(await converse(endpoint, { timeoutMs: 2000 }, lines)).toMatchObject({
      kind: 'connect-failed',
      connect: { kind: 'refused' },
    });
  });

  it('the deadline, keeping the partial bytes, made visible', async () => {
    const endpoint = await serve((peer) => peer.write('by\x1b'));
    expect(await converse(endpoint, { timeoutMs: 300 }, lines)).toMatchObject({
      kind: 'no-answer',
      received: { text: 'by\\x1b', length: 3 },
    });
  });

  it('a peer that never stops sending: cut at the byte cap', async () => {
    const endpoint = await serve((peer) => peer.write(Buffer.alloc(5000, 0x61)));
    expect(await converse(endpoint, { timeoutMs: 2000 }, lines, { byteCap: 1000 })).toMatchObject({
      kind: 'not-this-protocol',
      why: expect.stringMatching(/more than 1000 bytes/),
    });
  });

  it('the caller’s abort', async () => {
    const endpoint = await serve(() => {});
    const controller = new AbortController();
    const result = converse(endpoint, { timeoutMs: 5000, signal: controller.signal }, lines);
    setTimeout(() => controller.abort(), 50);
    expect(await result).toEqual({ kind: 'aborted' });
  });

  it('a TLS upgrade the server cannot complete: tls-failed', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.write('S')));
    const upgrading: Conversation<never> = {
      opening: Buffer.from('upgrade?'),
      read: () => ({ kind: 'start-tls', consumed: 1, servername: null, bytes: Buffer.from('x') }),
    };
    // The server says S, then answers the ClientHello with nothing and keeps the connection: the deadline.
    expect(await converse(endpoint, { timeoutMs: 400 }, upgrading)).toMatchObject({ kind: 'no-answer' });
    const garbling = await serve((peer) =>
      peer.once('data', () => {
        peer.write('S');
        peer.once('data', () => peer.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
      }),
    );
    expect(await converse(garbling, { timeoutMs: 2000 }, upgrading)).toMatchObject({
      kind: 'tls-failed',
      code: expect.stringMatching(/^ERR_SSL_/),
    });
  });

  it('plain bytes after the go-ahead to TLS are never read as the TLS side’s: not this protocol, no upgrade', async () => {
    let hellos = 0;
    const endpoint = await serve((peer) =>
      peer.once('data', () => {
        // The go-ahead, and an answer slipped in before the TLS handshake.
        peer.write('S+OK injected\r\n');
        peer.on('data', () => hellos++);
      }),
    );
    const upgrading: Conversation<never> = {
      opening: Buffer.from('upgrade?'),
      read: () => ({ kind: 'start-tls', consumed: 1, servername: null, bytes: Buffer.from('x') }),
    };
    expect(await converse(endpoint, { timeoutMs: 2000 }, upgrading)).toMatchObject({
      kind: 'not-this-protocol',
      received: { text: 'S+OK injected\\r\\n' },
    });
    expect(hellos).toBe(0);
  });

  it('a farewell is written, and the probe ends once the server closes', async () => {
    let heard = '';
    const endpoint = await serve((peer) =>
      peer.on('data', (chunk: Buffer) => {
        heard += chunk.toString();
        if (heard === 'hi\n') peer.write('bye\n');
        if (heard.endsWith('QUIT\n')) peer.end();
      }),
    );
    const polite: Conversation<{ kind: 'said' }> = {
      ...lines,
      read: (received) =>
        received.includes('bye\n')
          ? { kind: 'done', result: { kind: 'said' }, farewell: Buffer.from('QUIT\n') }
          : { kind: 'more' },
    };
    expect(await converse(endpoint, { timeoutMs: 2000 }, polite)).toEqual({ kind: 'said' });
    expect(heard).toBe('hi\nQUIT\n');
  });

  describe('a STARTTLS-like upgrade whose trust list loads slowly', () => {
    const pki = makeTestPki();
    afterAll(() => pki.remove());
    const LOAD_MS = 300;

    it('loads TLS before asking for it, and no afterMs counts the load: the server waits on a command, not on us', async () => {
      const events: string[] = [];
      const endpoint = await serve((peer) => {
        peer.once('data', () => {
          peer.write('ok\n');
          peer.once('data', () => {
            events.push('asked for TLS');
            peer.write('go\n');
            const secure = new tls.TLSSocket(peer, { isServer: true, key: pki.leaf.key, cert: pki.leaf.cert });
            secure.on('error', () => {});
            secure.once('data', () => secure.write('done\n'));
          });
        });
      });
      const trust = async () => {
        events.push('load started');
        await new Promise((loaded) => setTimeout(loaded, LOAD_MS));
        events.push('load ended');
        return [pki.ca.cert];
      };
      let stage: 'plain' | 'asked' | 'tls' = 'plain';
      const upgrading: Conversation<{ kind: 'upgraded'; afterMs: number; session: TlsSession | null }> = {
        opening: Buffer.from('hi\n'),
        read: (received, afterMs, link) => {
          if (!received.includes('\n')) return { kind: 'more' };
          if (stage === 'plain') {
            stage = 'asked';
            return { kind: 'send', consumed: received.length, bytes: Buffer.from('tls?\n'), beforeTls: true };
          }
          if (stage === 'asked') {
            stage = 'tls';
            return { kind: 'start-tls', consumed: received.length, servername: null, bytes: Buffer.from('x') };
          }
          return { kind: 'done', result: { kind: 'upgraded', afterMs, session: link.tls ?? null } };
        },
      };
      const started = nowMs();
      const result = await converse(endpoint, { timeoutMs: 5000 }, upgrading, { trust });
      const wall = nowMs() - started;
      expect(result).toMatchObject({ kind: 'upgraded', session: { verification: { chainError: null } } });
      // The trust list was ready before the server was asked, so its go-ahead met a ClientHello at once.
      expect(events).toEqual(['load started', 'load ended', 'asked for TLS']);
      // The whole run took the load and more; the time reported leaves the load out (a little slack for timers).
      expect(wall).toBeGreaterThanOrEqual(LOAD_MS - 5);
      expect((result as { afterMs: number }).afterMs).toBeLessThanOrEqual(wall - (LOAD_MS - 20));
    });

    it('an upgrade that loads TLS only at the go-ahead (PostgreSQL’s S, MySQL’s SSLRequest): no afterMs counts the load', async () => {
      const events: string[] = [];
      const endpoint = await serve((peer) =>
        peer.once('data', () => {
          events.push('go-ahead sent');
          peer.write('S');
          const secure = new tls.TLSSocket(peer, { isServer: true, key: pki.leaf.key, cert: pki.leaf.cert });
          secure.on('error', () => {});
          secure.once('data', () => secure.write('done\n'));
        }),
      );
      const trust = async () => {
        events.push('load started');
        await new Promise((loaded) => setTimeout(loaded, LOAD_MS));
        return [pki.ca.cert];
      };
      const upgrading: Conversation<{ kind: 'upgraded'; afterMs: number }> = {
        opening: Buffer.from('upgrade?'),
        read: (received, afterMs) =>
          received.toString() === 'S'
            ? { kind: 'start-tls', consumed: 1, servername: null, bytes: Buffer.from('x') }
            : received.includes('\n')
              ? { kind: 'done', result: { kind: 'upgraded', afterMs } }
              : { kind: 'more' },
      };
      const started = nowMs();
      const result = await converse(endpoint, { timeoutMs: 5000 }, upgrading, { trust });
      const wall = nowMs() - started;
      expect(result).toMatchObject({ kind: 'upgraded' });
      // The server had said S and waited for the ClientHello while this side loaded: that wait is not the server's.
      expect(events).toEqual(['go-ahead sent', 'load started']);
      expect(wall).toBeGreaterThanOrEqual(LOAD_MS - 5);
      expect((result as { afterMs: number }).afterMs).toBeLessThanOrEqual(wall - (LOAD_MS - 20));
    });

    it('a close while this side still loads TLS: settled as closed at once, the ClientHello never sent', async () => {
      const endpoint = await serve((peer) =>
        peer.once('data', () => {
          peer.write('S');
          setTimeout(() => peer.destroy(), 20);
        }),
      );
      let release = () => {};
      const trust = () => new Promise<readonly string[]>((resolve) => (release = () => resolve([])));
      const upgrading: Conversation<{ kind: 'ended'; how: string; unsent: Unsent | null }> = {
        opening: Buffer.from('upgrade?'),
        read: (received) =>
          received.toString() === 'S'
            ? { kind: 'start-tls', consumed: 1, servername: null, bytes: Buffer.from('x') }
            : { kind: 'more' },
        ended: (how, _received, _afterMs, unsent) => ({ kind: 'ended', how, unsent }),
      };
      const started = nowMs();
      const result = await converse(endpoint, { timeoutMs: 3000 }, upgrading, { trust });
      release();
      expect(result).toMatchObject({ kind: 'ended', how: 'closed', unsent: { what: 'client-hello' } });
      // At the close, not at the deadline.
      expect(nowMs() - started).toBeLessThan(1500);
    });

    it('the deadline while this side still loads TLS: the conversation is told what it never wrote', async () => {
      const heard: string[] = [];
      const endpoint = await serve((peer) => {
        peer.write('ok\n');
        peer.on('data', (chunk: Buffer) => heard.push(chunk.toString()));
      });
      let release = () => {};
      const trust = () => new Promise<readonly string[]>((resolve) => (release = () => resolve([])));
      const asking: Conversation<{ kind: 'ended'; how: string; unsent: Unsent | null }> = {
        opening: new Uint8Array(0),
        read: (received) => ({
          kind: 'send',
          consumed: received.length,
          bytes: Buffer.from('tls?\n'),
          beforeTls: true,
        }),
        ended: (how, _received, _afterMs, unsent) => ({ kind: 'ended', how, unsent }),
      };
      const result = await converse(endpoint, { timeoutMs: 300 }, asking, { trust });
      release();
      expect(result).toMatchObject({ kind: 'ended', how: 'no-answer', unsent: { what: 'command' } });
      expect((result as { unsent: Unsent }).unsent.heldMs).toBeGreaterThan(100);
      expect(heard).toEqual([]);
    });
  });
});
