import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { open, readLoginFrame, startOk, tuneOk } from '../protocols/amqp-login-wire.js';
import { readAmqpAnswer } from '../protocols/amqp-wire.js';
import { helloMessage, readHelloReply } from '../protocols/mongo-wire.js';
import { readEhloReply, readSmtpReply } from '../protocols/smtp-wire.js';
import { makeLabPki } from './certs/lab-pki.js';
import { startAmqpLike, startAmqpsLike } from './servers/amqp-like.js';
import { startMongoLike, startMongoTlsOnly } from './servers/mongo-like.js';
import { startSmtpLike, startSmtpsLike } from './servers/smtp-like.js';
import { talk, useStartedServers } from './servers/started-servers.test-helper.js';

/**
 * The lab's AMQP, SMTP and MongoDB servers, seen by a plain client: their bytes are read here by the wire readers
 * the handshakes use, so a lab server that drifted from its protocol fails here before it misleads a demo.
 */

const use = useStartedServers();
const amqp091 = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');

describe('the AMQP lab broker', () => {
  it('answers the 0-9-1 header with Connection.Start and keeps the connection open for the login', async () => {
    const seen = await talk(await use(startAmqpLike()), amqp091, 300);
    expect(seen.ending).toBe('still-open');
    expect(readAmqpAnswer(seen.bytes)).toMatchObject({
      kind: 'connection-start',
      start: { version: '0-9', serverProperties: { product: 'RabbitMQ' }, mechanisms: ['PLAIN', 'AMQPLAIN'] },
    });
  });

  it('with a login: takes PLAIN, tunes, opens a vhost it has, and answers another with Close 530', async () => {
    const broker = await use(startAmqpLike('0-9-1', { vhosts: ['/'] }));
    for (const [vhost, expected] of [
      ['/', { kind: 'method', method: { name: 'open-ok' } }],
      [
        'orders',
        { kind: 'method', method: { name: 'close', code: 530, text: 'NOT_ALLOWED - vhost orders not found' } },
      ],
    ] as const) {
      const login = Buffer.concat([
        amqp091,
        startOk('app', 'lab-password', 'en_US'),
        tuneOk({ channelMax: 2047, frameMax: 131072, heartbeat: 60 }),
        open(vhost),
      ]);
      const seen = await talk(broker, login, 300);
      const start = readAmqpAnswer(seen.bytes);
      expect(start).toMatchObject({ kind: 'connection-start' });
      let rest = seen.bytes.subarray(8 + seen.bytes.readUInt32BE(3));
      const tune = readLoginFrame(rest);
      expect(tune).toMatchObject({ method: { name: 'tune', tune: { channelMax: 2047, heartbeat: 60 } } });
      rest = rest.subarray(tune.kind === 'method' ? tune.consumed : 0);
      expect(readLoginFrame(rest)).toMatchObject(expected);
    }
  });

  it('answers another header, or a TLS ClientHello, with its own header and closes, as RabbitMQ does', async () => {
    const broker = await use(startAmqpLike());
    for (const hello of [Buffer.from('AMQP\x00\x01\x00\x00', 'latin1'), Buffer.from('16030100a5010000a103', 'hex')]) {
      const seen = await talk(broker, hello);
      expect(seen.ending).toBe('end');
      expect(readAmqpAnswer(seen.bytes)).toEqual({ kind: 'protocol-header', version: '0-0-9-1' });
    }
  });

  it('of AMQP 1.0 answers even the 0-9-1 header with its 1.0 header and closes', async () => {
    const seen = await talk(await use(startAmqpLike('1.0')), amqp091);
    expect(seen.ending).toBe('end');
    expect(readAmqpAnswer(seen.bytes)).toEqual({ kind: 'protocol-header', version: '0-1-0-0' });
  });

  it('behind TLS only: a plain header is hung up on without a byte; inside TLS, Connection.Start', async () => {
    const pki = makeLabPki();
    const broker = await use(startAmqpsLike(pki.good));
    const plain = await talk(broker, amqp091);
    expect(plain.bytes.length).toBe(0);
    expect(plain.ending === 'end' || plain.ending === 'error').toBe(true);
    const answer = await new Promise<Buffer>((resolve, reject) => {
      const socket = tls.connect({ host: broker.host, port: broker.port, ca: pki.rootCa, servername: 'localhost' });
      socket.once('secureConnect', () => socket.write(amqp091));
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk);
      });
      socket.once('error', reject);
    });
    expect(readAmqpAnswer(answer)).toMatchObject({ kind: 'connection-start' });
  });
});

describe('the SMTP lab server', () => {
  it('greets with 220, answers QUIT with 221 and closes', async () => {
    const seen = await talk(await use(startSmtpLike()), 'QUIT\r\n');
    expect(seen.ending).toBe('end');
    const greeting = readSmtpReply(seen.bytes);
    expect(greeting).toMatchObject({ kind: 'reply', code: 220 });
    if (greeting.kind !== 'reply') throw new Error(greeting.kind);
    expect(readSmtpReply(seen.bytes.subarray(greeting.size))).toMatchObject({ kind: 'reply', code: 221 });
  });

  it('answers EHLO with 250 and its extensions, as the handshake reads them', async () => {
    const seen = await talk(await use(startSmtpLike()), 'EHLO [127.0.0.1]\r\nQUIT\r\n');
    const greeting = readSmtpReply(seen.bytes);
    if (greeting.kind !== 'reply') throw new Error(greeting.kind);
    const ehlo = readSmtpReply(seen.bytes.subarray(greeting.size));
    expect(ehlo).toMatchObject({ kind: 'reply', code: 250 });
    if (ehlo.kind !== 'reply') throw new Error(ehlo.kind);
    expect(readEhloReply(ehlo.lines)).toMatchObject({
      greeting: 'mx.lab.test Hello [127.0.0.1]',
      extensions: [{ keyword: 'SIZE' }, { keyword: '8BITMIME' }, { keyword: 'PIPELINING' }],
    });
  });

  it('helo-refused: greets with 220, then refuses EHLO and HELO with 554 and the name given', async () => {
    const seen = await talk(
      await use(startSmtpLike('helo-refused')),
      'EHLO [127.0.0.1]\r\nHELO [127.0.0.1]\r\nQUIT\r\n',
    );
    expect(seen.ending).toBe('end');
    const text = seen.bytes.toString('latin1');
    expect(text).toMatch(/^220 /);
    expect(text.match(/554 5\.7\.1 <\[127\.0\.0\.1\]>: Helo command rejected: Access denied\r\n/g)).toHaveLength(2);
  });

  it.each([
    ['too-many', 421, /Too many concurrent SMTP connections/],
    ['shutting-down', 421, /Service shutting down/],
    ['blocked', 554, /Client host rejected/],
  ] as const)('%s: greets with %i and closes', async (greeting, code, words) => {
    const seen = await talk(await use(startSmtpLike(greeting)));
    expect(seen.ending).toBe('end');
    expect(readSmtpReply(seen.bytes)).toMatchObject({ kind: 'reply', code, lines: [expect.stringMatching(words)] });
  });
});

describe('the SMTP lab server over TLS only', () => {
  it('says nothing to a plain client, and greets inside TLS', async () => {
    const pki = makeLabPki();
    const server = await use(startSmtpsLike(pki.good));
    const plain = await talk(server, undefined, 300);
    expect(plain).toMatchObject({ ending: 'still-open', bytes: Buffer.alloc(0) });
    const greeting = await new Promise<Buffer>((resolve, reject) => {
      const socket = tls.connect({ host: server.host, port: server.port, ca: pki.rootCa, servername: 'localhost' });
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk);
      });
      socket.once('error', reject);
    });
    expect(readSmtpReply(greeting)).toMatchObject({ kind: 'reply', code: 220 });
  });
});

describe('the MongoDB lab server', () => {
  it('answers hello (OP_MSG) as a writable primary, addressed to the request', async () => {
    const seen = await talk(await use(startMongoLike()), helloMessage(7), 300);
    expect(readHelloReply(seen.bytes, 7)).toEqual({
      kind: 'reply',
      reply: {
        ok: true,
        isWritablePrimary: true,
        secondary: null,
        setName: null,
        minWireVersion: 0,
        maxWireVersion: 21,
        errmsg: null,
        code: null,
        codeName: null,
      },
    });
  });

  it('in its quiesce period answers hello with ShutdownInProgress', async () => {
    const seen = await talk(await use(startMongoLike('shutting-down')), helloMessage(3), 300);
    expect(readHelloReply(seen.bytes, 3)).toMatchObject({
      reply: { ok: false, code: 91, codeName: 'ShutdownInProgress' },
    });
  });

  it('closes on what is not an OP_MSG, and a TLS-only one closes a plain hello without a byte', async () => {
    const http = await talk(await use(startMongoLike()), 'GET / HTTP/1.1\r\nHost: lab\r\n\r\n');
    expect(http.bytes.length).toBe(0);
    const plain = await talk(await use(startMongoTlsOnly(makeLabPki().good)), helloMessage(1));
    expect(plain.bytes.length).toBe(0);
    expect(plain.ending === 'end' || plain.ending === 'error').toBe(true);
  });
});
