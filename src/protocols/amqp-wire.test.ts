import { describe, expect, it } from 'vitest';
import { close, closeOk, open, readLoginFrame, startOk, tuneOk } from './amqp-login-wire.js';
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

describe('the login frames (AMQP 0-9-1 connection class, captured from RabbitMQ 3.10 where the broker sends them)', () => {
  /** A method frame's payload: class and method ids, then the arguments. */
  const payloadOf = (frame: Buffer) => {
    expect(frame[0]).toBe(1); // a method frame
    expect(frame.readUInt16BE(1)).toBe(0); // on channel 0
    const size = frame.readUInt32BE(3);
    expect(frame.length).toBe(7 + size + 1);
    expect(frame.at(-1)).toBe(0xce);
    return frame.subarray(7, 7 + size);
  };

  it('encodes Start-Ok: client properties with the capability, PLAIN, \\0user\\0password, the locale', () => {
    const payload = payloadOf(startOk('app', 'pä:ss', 'en_US'));
    expect(payload.readUInt16BE(0)).toBe(10);
    expect(payload.readUInt16BE(2)).toBe(11);
    const tableSize = payload.readUInt32BE(4);
    const properties = payload.subarray(8, 8 + tableSize).toString('latin1');
    expect(properties).toContain('\x07productS\x00\x00\x00\x0bconn-doctor');
    expect(properties).toContain('\x0ccapabilitiesF');
    expect(properties).toContain('\x1cauthentication_failure_closet\x01');
    let at = 8 + tableSize;
    expect(payload.toString('latin1', at + 1, at + 1 + payload[at]!)).toBe('PLAIN');
    at += 1 + payload[at]!;
    const response = payload.subarray(at + 4, at + 4 + payload.readUInt32BE(at));
    expect(response).toEqual(Buffer.from('\0app\0pä:ss', 'utf8'));
    at += 4 + response.length;
    expect(payload.toString('latin1', at + 1, at + 1 + payload[at]!)).toBe('en_US');
    expect(at + 1 + payload[at]!).toBe(payload.length);
  });

  it('encodes Tune-Ok echoing the broker’s limits, Open for a vhost, Close and Close-Ok', () => {
    expect(tuneOk({ channelMax: 2047, frameMax: 131072, heartbeat: 60 }).toString('hex')).toBe(
      '0100000000000c000a001f07ff00020000003cce',
    );
    // vhost "/" (short string), reserved capabilities "" and the insist bit.
    expect(open('/').toString('hex')).toBe('01000000000008000a0028012f0000ce');
    expect(open('shop')).toEqual(Buffer.from('0100000000000b000a00280473686f700000ce', 'hex'));
    const closing = payloadOf(close());
    expect([closing.readUInt16BE(0), closing.readUInt16BE(2), closing.readUInt16BE(4)]).toEqual([10, 50, 200]);
    expect(closeOk().toString('hex')).toBe(CAPTURED.closeOk);
    expect(() => open('v'.repeat(256))).toThrow(RangeError);
  });

  it('decodes Tune, Open-Ok, Close-Ok and each Close the broker sent, with how many bytes each took', () => {
    const tune = Buffer.from(CAPTURED.tune, 'hex');
    expect(readLoginFrame(tune)).toEqual({
      kind: 'method',
      method: { name: 'tune', tune: { channelMax: 2047, frameMax: 131072, heartbeat: 60 } },
      consumed: tune.length,
    });
    expect(readLoginFrame(Buffer.from(CAPTURED.openOk, 'hex'))).toMatchObject({ method: { name: 'open-ok' } });
    expect(readLoginFrame(Buffer.from(CAPTURED.closeOk, 'hex'))).toMatchObject({ method: { name: 'close-ok' } });
    expect(readLoginFrame(Buffer.from(CAPTURED.closeLoginRefused, 'hex'))).toMatchObject({
      method: {
        name: 'close',
        code: 403,
        text: 'ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.',
      },
    });
    expect(readLoginFrame(Buffer.from(CAPTURED.closeVhostMissing, 'hex'))).toMatchObject({
      method: { name: 'close', code: 530, text: 'NOT_ALLOWED - vhost nope not found' },
    });
    expect(readLoginFrame(Buffer.from(CAPTURED.closeVhostRefused, 'hex'))).toMatchObject({
      method: { name: 'close', code: 530, text: "NOT_ALLOWED - access to vhost 'shop' refused for user 'o'" },
    });
  });

  it('reads a frame followed by more, a heartbeat, a cut frame, and makes a broker’s text visible', () => {
    const two = Buffer.concat([Buffer.from(CAPTURED.tune, 'hex'), Buffer.from(CAPTURED.openOk, 'hex')]);
    expect(readLoginFrame(two)).toMatchObject({ method: { name: 'tune' }, consumed: 20 });
    expect(readLoginFrame(Buffer.from('08000000000000ce', 'hex'))).toEqual({ kind: 'heartbeat', consumed: 8 });
    const whole = Buffer.from(CAPTURED.closeVhostMissing, 'hex');
    for (const cut of [0, 6, 7, whole.length - 1])
      expect(readLoginFrame(whole.subarray(0, cut))).toEqual({ kind: 'incomplete' });
    const text = Buffer.from('NOT_ALLOWED - \x1b[31mred\x1b[0m');
    const method = Buffer.concat([Buffer.from([0, 10, 0, 50, 2, 18, text.length]), text, Buffer.from([0, 10, 0, 40])]);
    const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, method.length]), method, Buffer.from([0xce])]);
    expect(readLoginFrame(frame)).toMatchObject({ method: { text: 'NOT_ALLOWED - \\x1b[31mred\\x1b[0m' } });
    expect(readLoginFrame(Buffer.from('01000000000005000a0032ffcc', 'hex'))).toEqual({
      kind: 'invalid',
      why: 'no frame-end octet',
    });
    expect(readLoginFrame(Buffer.from('01000000000004000a0032ce', 'hex'))).toEqual({
      kind: 'invalid',
      why: 'malformed method frame',
    });
  });
});
