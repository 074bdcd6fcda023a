import { describe, expect, it } from 'vitest';
import { describeStart, PROTOCOL_HEADER, readAmqpAnswer } from './amqp-wire.js';
import { CAPTURED } from './amqp-captured.test-helper.js';

describe('readAmqpAnswer (captured from RabbitMQ 3.10)', () => {
  it('opens with the 0-9-1 protocol header', () => {
    expect(PROTOCOL_HEADER.toString('hex')).toBe('414d515000000901');
  });

  it('reads Connection.Start: version, server properties, mechanisms, locales', () => {
    const read = readAmqpAnswer(Buffer.from(CAPTURED.connectionStart, 'hex'));
    expect(read).toMatchObject({
      kind: 'connection-start',
      start: {
        version: '0-9',
        serverProperties: {
          product: 'RabbitMQ',
          version: '3.10.8',
          platform: 'Erlang/OTP 25.2.3',
          capabilities: { publisher_confirms: true, 'basic.nack': true },
        },
        mechanisms: ['PLAIN', 'AMQPLAIN'],
        locales: ['en_US'],
      },
    });
  });

  it('describes Connection.Start in a line: product, version, mechanisms', () => {
    const read = readAmqpAnswer(Buffer.from(CAPTURED.connectionStart, 'hex'));
    if (read.kind !== 'connection-start') throw new Error(read.kind);
    expect(describeStart(read.start)).toBe('RabbitMQ 3.10.8, AMQP 0-9, mechanisms PLAIN AMQPLAIN');
    const bare = { version: '0-9', serverProperties: { product: 7 }, mechanisms: [], locales: [] };
    expect(describeStart(bare)).toBe('AMQP 0-9, no mechanisms');
  });

  it('reads the broker’s own header on a version mismatch', () => {
    expect(readAmqpAnswer(Buffer.from(CAPTURED.ownHeader, 'hex'))).toEqual({
      kind: 'protocol-header',
      version: '0-0-9-1',
    });
  });

  it('reads Connection.Close with its reply code and text', () => {
    const text = Buffer.from('ACCESS_REFUSED - no access to vhost');
    const method = Buffer.concat([Buffer.from([0, 10, 0, 50, 1, 147, text.length]), text, Buffer.from([0, 0, 0, 0])]);
    const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, method.length]), method, Buffer.from([0xce])]);
    expect(readAmqpAnswer(frame)).toEqual({
      kind: 'connection-close',
      code: 403,
      text: 'ACCESS_REFUSED - no access to vhost',
    });
  });

  it('waits for a frame cut anywhere', () => {
    const whole = Buffer.from(CAPTURED.connectionStart, 'hex');
    for (const cut of [0, 3, 7, 100, whole.length - 1]) {
      expect(readAmqpAnswer(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    }
    expect(readAmqpAnswer(Buffer.from('AMQP'))).toEqual({ kind: 'incomplete' });
  });

  it('refuses what is not AMQP, and a frame whose table runs past its end', () => {
    expect(readAmqpAnswer(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'invalid' });
    const broken = Buffer.from(CAPTURED.connectionStart, 'hex');
    broken.writeUInt32BE(0xffff, 13); // the server-properties table's size
    expect(readAmqpAnswer(broken)).toMatchObject({ kind: 'invalid' });
    const noEnd = Buffer.from(CAPTURED.connectionStart, 'hex');
    noEnd[noEnd.length - 1] = 0;
    expect(readAmqpAnswer(noEnd)).toMatchObject({ kind: 'invalid', why: 'no frame-end octet' });
  });
});
