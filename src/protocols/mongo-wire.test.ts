import { describe, expect, it } from 'vitest';
import { readDocument, writeDocument } from './bson.js';
import { ENCODED } from './mongo-encoded.test-helper.js';
import { helloMessage, readHelloReply } from './mongo-wire.js';

const read = (hex: string) => readHelloReply(Buffer.from(hex, 'hex'), 1);

describe('MongoDB hello over OP_MSG', () => {
  it('writes hello as an OP_MSG with one body section { hello: 1, $db: "admin" }', () => {
    const bytes = helloMessage(7);
    expect(bytes.readInt32LE(0)).toBe(bytes.length);
    expect(bytes.readInt32LE(4)).toBe(7);
    expect(bytes.readInt32LE(12)).toBe(2013);
    expect(bytes[20]).toBe(0);
    expect(readDocument(bytes.subarray(21)).document).toEqual({ hello: 1, $db: 'admin' });
  });

  it('reads a standalone primary', () => {
    expect(read(ENCODED.standalone)).toEqual({
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

  it('reads a replica-set secondary', () => {
    expect(read(ENCODED.secondary)).toMatchObject({
      reply: { ok: true, isWritablePrimary: false, secondary: true, setName: 'rs0' },
    });
  });

  it('reads an error reply', () => {
    expect(read(ENCODED.unauthorized)).toMatchObject({
      reply: { ok: false, errmsg: 'command hello requires authentication', code: 13, codeName: 'Unauthorized' },
    });
  });

  it('waits for a reply cut anywhere, and refuses what is not a reply to this request', () => {
    const whole = Buffer.from(ENCODED.standalone, 'hex');
    for (const cut of [0, 15, 16, 100, whole.length - 1]) {
      expect(readHelloReply(whole.subarray(0, cut), 1)).toEqual({ kind: 'incomplete' });
    }
    expect(readHelloReply(whole, 2)).toMatchObject({ kind: 'invalid', why: 'a reply to another request' });
    expect(readHelloReply(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), 1)).toMatchObject({ kind: 'invalid' });
    const broken = Buffer.from(ENCODED.unauthorized, 'hex');
    broken.writeInt32LE(0x7fff, 21); // the BSON document's size
    expect(readHelloReply(broken, 1)).toMatchObject({ kind: 'invalid' });
  });
});

describe('BSON', () => {
  it('round-trips the flat documents a probe writes, and makes strings visible', () => {
    const bytes = writeDocument({ a: 'x\x1b', b: -5, c: true });
    expect(readDocument(bytes)).toEqual({ document: { a: 'x\\x1b', b: -5, c: true }, size: bytes.length });
  });

  it('refuses unknown types and documents nested past the limit', () => {
    expect(() => readDocument(Buffer.from('0c000000' + '0e' + '6100' + '01000000' + '00', 'hex'))).toThrow(RangeError);
    let nested = writeDocument({});
    for (let i = 0; i < 10; i++) {
      const body = Buffer.concat([Buffer.from([0x03]), Buffer.from('d\0'), nested]);
      const size = Buffer.alloc(4);
      size.writeInt32LE(4 + body.length + 1);
      nested = Buffer.concat([size, body, Buffer.from([0])]);
    }
    expect(() => readDocument(nested)).toThrow(/too deep/);
  });
});
