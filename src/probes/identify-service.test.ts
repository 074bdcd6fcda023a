import http from 'node:http';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../test/openssl-pki.js';
import { type IdentifyOptions, identifyService } from './identify-service.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { expectKind } from './expect-kind.test-helper.js';

let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki();
});
afterAll(() => pki.remove());

const { serve, listen, stop, server } = useLoopbackServers();

/**
 * Redis's inline protocol, cut down: answers each printable CRLF-terminated line. Lines with other bytes (a
 * ClientHello's random fields may hold a CRLF) are dropped, so which hello wins does not depend on chance.
 * `strict` closes on a command it does not know, as Redis does on `POST` and `Host:`.
 */
function redisLike(strict: boolean) {
  return serve((peer) => {
    let pending = '';
    peer.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('latin1')).split('\r\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!/^[\x20-\x7e]*$/.test(line) || line === '') continue;
        if (line === 'PING') peer.write('+PONG\r\n');
        else if (strict) peer.end();
        else peer.write(`-ERR unknown command '${line.split(' ')[0]}', with args beginning with: \r\n`);
      }
    });
  });
}

/**
 * PostgreSQL's first read: a 4-byte length it checks before reading on (8 to 10,000), then an 8-byte SSLRequest
 * gets `N`. A length it cannot accept (`PING` read as one is 1.3 GB) closes the connection.
 */
function postgresLike(afterNo?: (message: Buffer, peer: import('node:net').Socket) => void) {
  return serve((peer) => {
    let received = Buffer.alloc(0);
    let answeredNo = false;
    peer.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const length = received.readUInt32BE(0);
      if (length < 8 || length > 10_000) return void peer.end();
      if (received.length < length) return;
      const message = received.subarray(0, length);
      received = Buffer.alloc(0);
      if (answeredNo && afterNo) return afterNo(message, peer);
      if (message.subarray(0, 8).equals(Buffer.from('0000000804d2162f', 'hex'))) {
        answeredNo = true;
        peer.write('N');
      } else peer.end();
    });
  });
}

/** A follow-up of our own making, 8 bytes as PostgreSQL frames them, answered by `DONE`. */
const followUp = {
  after: (reply: Uint8Array) =>
    Buffer.from(reply).toString('latin1') === 'N' ? Buffer.from('000000084e455854', 'hex') : null,
  complete: (continued: Uint8Array) =>
    Buffer.from(continued).toString('latin1') === 'DONE' ? { farewell: Buffer.from('BYE') } : null,
};

async function identify(endpoint: TcpEndpoint, timeoutMs = 1500, options: IdentifyOptions = {}) {
  const started = performance.now();
  const result = await identifyService(endpoint, { timeoutMs }, undefined, options);
  return { result, tookMs: performance.now() - started };
}

const steps = (result: { tried: { how: string; outcome: string }[] }) =>
  result.tried.map(({ how, outcome }) => `${how}:${outcome}`);

/** A server that greets with `greeting` and counts its connections and the bytes sent to it. */
async function greeter(greeting: string | Buffer) {
  const seen = { connections: 0, bytes: 0 };
  const endpoint = await serve((peer) => {
    seen.connections++;
    peer.on('data', (chunk: Buffer) => (seen.bytes += chunk.length));
    peer.write(greeting);
  });
  return { endpoint, seen };
}

/** Counts the connections a server built by `make` gets. */
async function counted(make: () => Promise<TcpEndpoint>) {
  const endpoint = await make();
  const seen = { connections: 0 };
  server(endpoint).on('connection', () => seen.connections++);
  return { endpoint, seen };
}

const mysqlGreeting = Buffer.from(
  '5b0000000a31302e31312e362d4d617269614442000300000041424344454647480' +
    '0fef7080200ff81150000000000001d0000004142434445464748494a4b4c006d7973716c5f6e61746976655f70617373776f726400',
  'hex',
);

describe('identifyService: server-first', () => {
  it.each([
    ['SSH', 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', 'ssh'],
    ['SMTP', '220 mail.example.test ESMTP Postfix\r\n', 'smtp'],
  ])('names %s from its banner', async (_, greeting, id) => {
    const { endpoint, seen } = await greeter(greeting);
    const result = expectKind((await identify(endpoint)).result, 'identified');
    expect(result).toMatchObject({ how: 'banner', protocol: { id } });
    // The hellos that went out beside the listen named nothing the banner did not: at most one connection each.
    expect(seen.connections).toBeLessThanOrEqual(3);
  });

  it('names MySQL from its binary greeting as soon as it is whole, not after a quiet gap', async () => {
    const { endpoint } = await greeter(mysqlGreeting);
    const result = expectKind((await identify(endpoint, 1500, { first: 'banner' })).result, 'identified');
    expect(result).toMatchObject({ how: 'banner', protocol: { id: 'mysql', name: 'MariaDB' } });
    expect(steps(result)).toEqual(['banner:identified']);
  });
});

describe('identifyService: client-first, on a port whose number suggests nothing', () => {
  it('names Redis from its answer to PING, without waiting for the greeting that never comes', async () => {
    const { endpoint, seen } = await counted(() => redisLike(false));
    const result = expectKind((await identify(endpoint, 20_000)).result, 'identified');
    expect(result).toMatchObject({ how: 'redis-ping', protocol: { id: 'redis', evidence: '+PONG' } });
    // The listen and the SSLRequest were cancelled, not waited out: neither ended, so neither is among the tries.
    expect(steps(result)).toEqual(['redis-ping:identified']);
    expect(seen.connections).toBe(3);
  });

  it('names PostgreSQL from its N to an SSLRequest, without waiting for the greeting that never comes', async () => {
    const result = expectKind((await identify(await postgresLike(), 20_000)).result, 'identified');
    expect(result).toMatchObject({ how: 'postgres-ssl-request', protocol: { id: 'postgresql' } });
    expect(result.protocol.evidence).toBe("answered an SSLRequest with 'N' (no TLS)");
    // PING may have been closed on before the N came, or cancelled after it: the listen was cancelled either way.
    expect(steps(result).at(-1)).toBe('postgres-ssl-request:identified');
    expect(steps(result)).not.toContain('banner:silent');
  });

  it('names TLS from the handshake', async () => {
    const server = tls.createServer({ key: pki.leaf.key, cert: pki.leaf.cert }, (peer) => peer.on('data', () => {}));
    server.on('tlsClientError', () => {});
    const result = expectKind((await identify(await listen(server))).result, 'identified');
    expect(result).toMatchObject({ how: 'tls-hello', protocol: { id: 'tls' } });
    expect(result.protocol.evidence).toMatch(/^TLSv1\.3 handshake completed \(TLS_.*\), certificate for CN=localhost$/);
    // The listen was still on when the handshake named TLS: cancelled, not waited out.
    expect(steps(result)).toEqual(['redis-ping:closed', 'postgres-ssl-request:closed', 'tls-hello:identified']);
  });

  it('names TLS from an alert too: a server that refuses us still speaks TLS', async () => {
    const options = {
      key: pki.leaf.key,
      cert: pki.leaf.cert,
      ca: [pki.ca.cert],
      requestCert: true,
      rejectUnauthorized: true,
    };
    const server = tls.createServer({ ...options, maxVersion: 'TLSv1.2' });
    server.on('tlsClientError', () => {});
    const result = expectKind((await identify(await listen(server))).result, 'identified');
    // The code as this runtime's OpenSSL spells it: `sslv3 alert` before 3.5, `ssl/tls alert` from 3.5 (Node 22, 24).
    expect(result.protocol.evidence).toMatch(
      /^TLS alert handshake_failure \(ERR_SSL_(SSLV3|SSL\/TLS)_ALERT_HANDSHAKE_FAILURE\)$/,
    );
  });

  it('names HTTP from its 400 to a request it cannot parse', async () => {
    const endpoint = await listen(http.createServer((_, response) => response.end()));
    const result = expectKind((await identify(endpoint)).result, 'identified');
    expect(result.protocol).toMatchObject({ id: 'http', evidence: 'HTTP/1.1 400 Bad Request' });
  });

  it('names HTTP from its answer to HEAD when it let every other hello pass', async () => {
    const endpoint = await serve((peer) => {
      let head = '';
      peer.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (head.startsWith('HEAD / HTTP/1.0\r\n\r\n')) peer.end('HTTP/1.0 200 OK\r\nServer: lenient\r\n\r\n');
      });
    });
    const result = expectKind((await identify(endpoint)).result, 'identified');
    expect(result).toMatchObject({ how: 'http-hello', protocol: { id: 'http' } });
    expect(steps(result)).toEqual([
      'banner:silent',
      'redis-ping:silent',
      'postgres-ssl-request:silent',
      'tls-hello:silent',
      'http-hello:identified',
    ]);
  });
});

describe('identifyService: a follow-up on the connection whose reply named the protocol', () => {
  it('sends it, reads the answer until it is complete, and keeps it apart from the reply', async () => {
    const heard: string[] = [];
    const endpoint = await postgresLike((message, peer) => {
      heard.push(message.subarray(4).toString('latin1'));
      peer.write('DONE');
      peer.once('data', (farewell: Buffer) => heard.push(farewell.toString('latin1')));
    });
    const followUps = { 'postgres-ssl-request': followUp } as const;
    const result = expectKind((await identify(endpoint, 20_000, { followUps })).result, 'identified');
    expect(result).toMatchObject({ how: 'postgres-ssl-request', protocol: { id: 'postgresql' } });
    expect(result.tried.at(-1)).toMatchObject({ reply: { text: 'N' }, continued: { text: 'DONE', length: 4 } });
    await expect.poll(() => heard).toEqual(['NEXT', 'BYE']);
  });

  it('ends at the deadline when the answer never comes, still named by the reply, with nothing continued', async () => {
    const endpoint = await postgresLike(() => {});
    const followUps = { 'postgres-ssl-request': followUp } as const;
    const { result, tookMs } = await identify(endpoint, 900, { followUps, first: 'postgres-ssl-request' });
    expect(expectKind(result, 'identified').tried.at(-1)).toMatchObject({ reply: { text: 'N' }, continued: null });
    expect(tookMs).toBeLessThan(5_000);
  });

  it('sends none after a reply it does not follow (S): the attempt is as without one', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.write('S')));
    const followUps = { 'postgres-ssl-request': followUp } as const;
    const result = await identify(endpoint, 1500, { followUps, first: 'postgres-ssl-request' });
    const last = expectKind(result.result, 'identified').tried.at(-1);
    expect(last).toMatchObject({ how: 'postgres-ssl-request', reply: { text: 'S' } });
    expect(last).not.toHaveProperty('continued');
  });
});

describe("identifyService: the port's number says what goes first", () => {
  it('a PostgreSQL port: the SSLRequest alone, one connection', async () => {
    const { endpoint, seen } = await counted(postgresLike);
    const result = expectKind((await identify(endpoint, 1500, { first: 'postgres-ssl-request' })).result, 'identified');
    expect(steps(result)).toEqual(['postgres-ssl-request:identified']);
    expect(seen.connections).toBe(1);
  });

  it('a Redis port: PING alone, one connection', async () => {
    const { endpoint, seen } = await counted(() => redisLike(true));
    const result = expectKind((await identify(endpoint, 1500, { first: 'redis-ping' })).result, 'identified');
    expect(steps(result)).toEqual(['redis-ping:identified']);
    expect(seen.connections).toBe(1);
  });

  it('an SSH port: the banner alone, one connection, not a byte sent', async () => {
    const { endpoint, seen } = await greeter('SSH-2.0-OpenSSH_9.2p1\r\n');
    const result = expectKind((await identify(endpoint, 1500, { first: 'banner' })).result, 'identified');
    expect(steps(result)).toEqual(['banner:identified']);
    expect(seen).toEqual({ connections: 1, bytes: 0 });
  });

  it('a Redis port where SSH greets: named SSH, from its greeting', async () => {
    const { endpoint } = await greeter('SSH-2.0-OpenSSH_9.2p1\r\n');
    const result = expectKind((await identify(endpoint, 1500, { first: 'redis-ping' })).result, 'identified');
    expect(result).toMatchObject({ how: 'banner', protocol: { id: 'ssh' } });
  });

  it('a PostgreSQL port where Redis answers: the SSLRequest stays silent, then PING names Redis', async () => {
    const result = expectKind(
      (await identify(await redisLike(false), 1500, { first: 'postgres-ssl-request' })).result,
      'identified',
    );
    expect(result).toMatchObject({ how: 'redis-ping', protocol: { id: 'redis' } });
    expect(steps(result)).toEqual(['postgres-ssl-request:silent', 'redis-ping:identified']);
  });

  it('an SSH port where PostgreSQL listens: the banner stays silent, then the SSLRequest names PostgreSQL', async () => {
    const result = expectKind((await identify(await postgresLike(), 1500, { first: 'banner' })).result, 'identified');
    expect(result).toMatchObject({ how: 'postgres-ssl-request', protocol: { id: 'postgresql' } });
    expect(steps(result)[0]).toBe('banner:silent');
  });

  it('banner only: a silent server is unknown after the listen alone, one connection', async () => {
    const { endpoint, seen } = await counted(() => serve(() => {}));
    const result = expectKind((await identify(endpoint, 600, { bannerOnly: true })).result, 'unknown');
    expect(steps(result)).toEqual(['banner:silent']);
    expect(seen.connections).toBe(1);
  });
});

describe('identifyService: nothing recognised', () => {
  it('gives up on a silent server within the budget, having tried every hello', async () => {
    const endpoint = await serve(() => {});
    const { result, tookMs } = await identify(endpoint, 1200);
    expect(steps(expectKind(result, 'unknown'))).toEqual([
      'banner:silent',
      'redis-ping:silent',
      'postgres-ssl-request:silent',
      'tls-hello:silent',
      'http-hello:silent',
    ]);
    expect(tookMs).toBeLessThan(1200 + 1000);
  });

  it('keeps the bytes of replies it cannot name, bounded to 1 KiB', async () => {
    const endpoint = await serve((peer) => peer.once('data', () => peer.write(Buffer.alloc(64 * 1024, 0x41))));
    const result = expectKind((await identify(endpoint, 2000)).result, 'unknown');
    expect(result.tried.map((t) => t.outcome)).toEqual([
      'silent',
      'unrecognised',
      'unrecognised',
      'unrecognised',
      'unrecognised',
    ]);
    for (const { reply } of result.tried.slice(2)) expect(reply?.length).toBe(1024);
  });

  it('reports a server that closes every connection at once', async () => {
    const endpoint = await serve((peer) => peer.end());
    const result = expectKind((await identify(endpoint)).result, 'unknown');
    expect(result.tried.map((t) => t.outcome)).toEqual(['closed', 'closed', 'closed', 'closed', 'closed']);
  });

  it('reports a refused port as connect-failed', async () => {
    const endpoint = await serve(() => {});
    await stop(endpoint);
    const result = expectKind((await identify(endpoint)).result, 'connect-failed');
    expect(result.connect.kind).toBe('refused');
    expect(result.tried).toEqual([]);
  });

  it('settles as aborted when the caller cancels mid-way', async () => {
    const endpoint = await serve(() => {});
    const controller = new AbortController();
    const pending = identifyService(endpoint, { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    expect(await pending).toEqual({ kind: 'aborted' });
  });
});
