import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionParking } from './connection-parking.js';
import { identifyService } from './identify-service.js';
import { useLoopbackServers } from './loopback-servers.test-helper.js';
import type { TcpEndpoint } from './tcp-connect.js';
import { tcpConnect } from './tcp-connect.js';

const { serve } = useLoopbackServers();

/** A server that greets with `greeting` (or says nothing), counting its connections and the ones closed. */
async function counting(greeting: string | null, onPeer?: (peer: net.Socket) => void) {
  const seen = { connections: 0, closed: 0 };
  const endpoint = await serve((peer) => {
    seen.connections++;
    peer.on('close', () => seen.closed++);
    peer.on('error', () => {});
    if (greeting !== null) peer.write(greeting);
    onPeer?.(peer);
  });
  return { endpoint, seen };
}

let parking: ConnectionParking;
afterEach(() => parking?.closeAll());

/** Connects once through tcpConnect, keeping the connection in `parking`. */
async function parkOne(endpoint: TcpEndpoint) {
  const result = await tcpConnect(endpoint, { timeoutMs: 2000 }, undefined, (at, socket) => parking.park(at, socket));
  expect(result.kind).toBe('open');
}

/** What the next probe sees on `socket`: 'connect' first, then the bytes, in order. */
function events(socket: net.Socket): Promise<string[]> {
  const seen: string[] = [];
  return new Promise((resolve) => {
    socket.once('connect', () => seen.push('connect'));
    socket.on('data', (chunk: Buffer) => {
      seen.push(`data:${chunk.toString('latin1')}`);
      socket.destroy();
      resolve(seen);
    });
  });
}

describe('ConnectionParking', () => {
  it('hands the kept connection to the first probe: connect, then the greeting that waited in it', async () => {
    parking = new ConnectionParking(5000);
    const { endpoint, seen } = await counting('220 hello\r\n');
    await parkOne(endpoint);
    const socket = parking.factory()(endpoint);
    expect(await events(socket)).toEqual(['connect', 'data:220 hello\r\n']);
    expect(seen.connections).toBe(1);
  });

  it('hands it over once: the next probe connects anew', async () => {
    parking = new ConnectionParking(5000);
    const { endpoint, seen } = await counting('220 hello\r\n');
    await parkOne(endpoint);
    const factory = parking.factory();
    await events(factory(endpoint));
    await events(factory(endpoint));
    expect(seen.connections).toBe(2);
  });

  it('connects anew for another endpoint, and when the server ended the kept one meanwhile', async () => {
    parking = new ConnectionParking(5000);
    const { endpoint, seen } = await counting(null, (peer) => {
      // The first connection is ended at once, with no byte; later ones greet.
      if (seen.connections === 1) peer.end();
      else peer.write('hi');
    });
    await parkOne(endpoint);
    await expect.poll(() => seen.closed).toBe(1);
    // Its end must be read: the parking only learns of it once the stream notices.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await events(parking.factory()(endpoint))).toEqual(['connect', 'data:hi']);
    expect(seen.connections).toBe(2);
  });

  it('survives a reset while nobody listens, and connects anew', async () => {
    parking = new ConnectionParking(5000);
    const { endpoint, seen } = await counting(null, (peer) => {
      if (seen.connections === 1) peer.resetAndDestroy();
      else peer.write('hi');
    });
    await parkOne(endpoint);
    await expect.poll(() => seen.closed).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await events(parking.factory()(endpoint))).toEqual(['connect', 'data:hi']);
  });

  it('closes what it keeps: at closeAll, or once it waited longer than its bound', async () => {
    parking = new ConnectionParking(5000);
    const { endpoint, seen } = await counting(null);
    await parkOne(endpoint);
    parking.closeAll();
    await expect.poll(() => seen.closed).toBe(1);

    parking = new ConnectionParking(50);
    await parkOne(endpoint);
    await expect.poll(() => seen.closed).toBe(2);
    // Dropped: the next probe gets a connection of its own.
    const socket = parking.factory()(endpoint);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.destroy();
    expect(seen.connections).toBe(3);
  });
});

describe('a hello on a kept connection whose server spoke first', () => {
  it('sends nothing: the greeting waiting in it names the service', async () => {
    const heard: Buffer[] = [];
    let closed: () => void = () => {};
    const firstClosed = new Promise<void>((resolve) => (closed = resolve));
    const { endpoint, seen } = await counting('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', (peer) => {
      if (seen.connections > 1) return;
      peer.on('data', (chunk: Buffer) => heard.push(chunk));
      peer.on('close', () => closed());
    });
    parking = new ConnectionParking(5000);
    // Kept once its greeting is waiting in it, unread: a 'readable' listener reads into the buffer, then goes.
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    await new Promise<void>((resolve) => socket.once('readable', () => resolve()));
    socket.removeAllListeners('readable');
    expect(socket.readableLength).toBeGreaterThan(0);
    parking.park(endpoint, socket);
    const result = await identifyService(endpoint, { timeoutMs: 2000 }, parking.factory(), {
      first: 'postgres-ssl-request',
    });
    expect(result).toMatchObject({ kind: 'identified', how: 'banner', protocol: { id: 'ssh' } });
    // Whatever was written on the kept connection has reached the server once it sees the close.
    await firstClosed;
    expect(Buffer.concat(heard).length).toBe(0);
  });
});

describe('kept(): what identification is told of the kept connection', () => {
  it('null without one, or once handed over; whether the server spoke on it', async () => {
    const silent = await counting(null);
    const talker = await counting('220 mail.example ESMTP\r\n');
    parking = new ConnectionParking(5000);
    expect(parking.kept(silent.endpoint)).toBeNull();
    await parkOne(silent.endpoint);
    expect(parking.kept(silent.endpoint)).toEqual({ greeted: false });
    const socket = net.connect({ host: talker.endpoint.address, port: talker.endpoint.port });
    await new Promise<void>((resolve) => socket.once('readable', () => resolve()));
    socket.removeAllListeners('readable');
    parking.park(talker.endpoint, socket);
    expect(parking.kept(talker.endpoint)).toEqual({ greeted: true });
    parking.factory()(silent.endpoint).destroy();
    expect(parking.kept(silent.endpoint)).toBeNull();
  });
});

describe('keepOnly: the connection the next probe speaks on, and no other', () => {
  it('closes the others at once, keeps that one', async () => {
    const first = await counting(null);
    const second = await counting(null);
    parking = new ConnectionParking(5000);
    await parkOne(first.endpoint);
    await parkOne(second.endpoint);
    const closed = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (second.seen.closed === 0) return;
        clearInterval(check);
        resolve();
      }, 5);
    });
    parking.keepOnly(first.endpoint);
    await closed;
    expect(parking.kept(second.endpoint)).toBeNull();
    expect(parking.kept(first.endpoint)).toEqual({ greeted: false });
    expect(first.seen.closed).toBe(0);
  });
});

describe('handedOut: the kept connection told from a new one', () => {
  it('true for the connection factory() handed out from those kept, false for one it made', async () => {
    const { endpoint } = await counting(null);
    parking = new ConnectionParking(5000);
    await parkOne(endpoint);
    const kept = parking.factory()(endpoint);
    const fresh = parking.factory()(endpoint);
    expect([parking.handedOut(kept), parking.handedOut(fresh)]).toEqual([true, false]);
    kept.destroy();
    fresh.destroy();
  });
});

describe('keptAfterPoll: a greeting the kernel already holds is seen', () => {
  it('kept() alone does not see it yet, once the loop has polled it does', async () => {
    let written: () => void = () => {};
    const greeted = new Promise<void>((resolve) => (written = resolve));
    const { endpoint } = await counting(null, (peer) =>
      peer.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', () => written()),
    );
    parking = new ConnectionParking(5000);
    await parkOne(endpoint);
    await greeted;
    // Written and flushed by the server, not yet read by Node: nothing has polled since.
    expect(parking.kept(endpoint)).toEqual({ greeted: false });
    expect(await parking.keptAfterPoll(endpoint)).toEqual({ greeted: true });
  });

  it('null when nothing is kept', async () => {
    parking = new ConnectionParking(5000);
    expect(await parking.keptAfterPoll({ address: '127.0.0.1', family: 4, port: 9 })).toBeNull();
  });
});

describe('identification on a kept connection, on a port whose number suggests nothing', () => {
  it('a greeting waits on it: the listen alone names the server, on that one connection, with nothing sent', async () => {
    let bytesHeard = 0;
    const { endpoint, seen } = await counting('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n', (peer) =>
      peer.on('data', (chunk: Buffer) => (bytesHeard += chunk.length)),
    );
    parking = new ConnectionParking(5000);
    const socket = net.connect({ host: endpoint.address, port: endpoint.port });
    await new Promise<void>((resolve) => socket.once('readable', () => resolve()));
    socket.removeAllListeners('readable');
    parking.park(endpoint, socket);
    const result = await identifyService(endpoint, { timeoutMs: 2000 }, parking.factory(), {
      kept: parking.kept(endpoint),
      wasKept: (socket) => parking.handedOut(socket),
    });
    expect(result).toMatchObject({ kind: 'identified', how: 'banner', protocol: { id: 'ssh' } });
    expect(result.kind === 'identified' && result.tried.map((t) => [t.how, t.onConnectCheck])).toEqual([
      ['banner', true],
    ]);
    // Other attempts would have connected at once, beside the listen: give a late one time to be seen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.connections).toBe(1);
    expect(bytesHeard).toBe(0);
  });

  it('no greeting: the SSLRequest on it and PING beside it, with no connection made only to listen', async () => {
    const firstBytes: (string | null)[] = [];
    const { endpoint, seen } = await counting(null, (peer) => {
      const index = seen.connections - 1;
      firstBytes[index] = null;
      peer.once('data', (chunk: Buffer) => {
        firstBytes[index] = chunk.toString('latin1');
        if (chunk.toString('hex') === '0000000804d2162f') peer.write('N');
      });
    });
    parking = new ConnectionParking(5000);
    await parkOne(endpoint);
    const result = await identifyService(endpoint, { timeoutMs: 2000 }, parking.factory(), {
      kept: parking.kept(endpoint),
      wasKept: (socket) => parking.handedOut(socket),
    });
    expect(result).toMatchObject({ kind: 'identified', how: 'postgres-ssl-request', protocol: { id: 'postgresql' } });
    // Reports draw it on the connect check's connection.
    expect(result.kind === 'identified' && result.tried.at(-1)?.onConnectCheck).toBe(true);
    // The PING's connection may or may not have been accepted before the N named PostgreSQL; a listen's never was.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.connections).toBeLessThanOrEqual(2);
    expect(firstBytes[0]).toBe('\0\0\0\x08\x04\xd2\x16/');
  });
});

describe('which attempt of identification gets the kept connection', () => {
  it('the SSLRequest, on a port whose number suggests nothing: PostgreSQL has that backend forked already', async () => {
    const firstBytes: string[] = [];
    const { endpoint, seen } = await counting(null, (peer) => {
      const index = seen.connections - 1;
      peer.once('data', (chunk: Buffer) => {
        firstBytes[index] = chunk.toString('hex');
        // Answered as PostgreSQL without TLS answers an SSLRequest; anything else is left unanswered.
        if (firstBytes[index] === '0000000804d2162f') peer.write('N');
      });
    });
    parking = new ConnectionParking(5000);
    await parkOne(endpoint);
    const result = await identifyService(endpoint, { timeoutMs: 2000 }, parking.factory());
    expect(result).toMatchObject({ kind: 'identified', how: 'postgres-ssl-request' });
    expect(firstBytes[0]).toBe('0000000804d2162f');
  });
});

describe('a banner listen that hands its connection over', () => {
  it('the next probe reads the greeting again on the same connection, and nothing is opened or closed meanwhile', async () => {
    parking = new ConnectionParking(5000);
    // MariaDB's initial handshake: packet 0, protocol 10, the version, its connection id and the start of a nonce.
    const payload = '\x0a5.5.5-10.11.19-MariaDB\0\x07\0\0\0abcdefgh\0\x0f\x02';
    const greeting = `${String.fromCharCode(payload.length)}\0\0\0${payload}`;
    const { endpoint, seen } = await counting(greeting);
    const service = await identifyService(endpoint, { timeoutMs: 2000 }, undefined, {
      first: 'banner',
      bannerOnly: true,
      handOver: (protocol) => (protocol.id === 'mysql' ? (socket) => parking.park(endpoint, socket) : null),
    });
    expect(service.kind).toBe('identified');
    // Reports draw the handshake going on there, not a close.
    expect(service.kind === 'identified' && service.tried.at(-1)?.handedOver).toBe(true);
    expect(seen).toEqual({ connections: 1, closed: 0 });
    const socket = parking.factory()(endpoint);
    expect(await events(socket)).toEqual(['connect', `data:${greeting}`]);
    expect(seen.connections).toBe(1);
  });
});
