import { describe, expect, it } from 'vitest';
import { readDocument, writeDocument } from './bson.js';
import { ENCODED } from './mongo-encoded.test-helper.js';
import { helloMessage, readHelloReply } from './mongo-wire.js';

const read = (hex: string) => readHelloReply(Buffer.from(hex, 'hex'), 1);

/**
 * A real mongod's answer to a handshake: MongoDB 5.0 (maxWireVersion 13) answering mongosh's `isMaster` with an
 * OP_REPLY, captured on the wire by FerretDB for its wire tests (https://github.com/FerretDB/FerretDB,
 * internal/wire/testdata/handshake2_header.hex and handshake2_body.hex, Apache-2.0; read in
 * internal/wire/op_reply_test.go). MongoDB is not in Debian, so this is the real server's BSON we test on. The
 * header says 319 bytes, request 290, in answer to request 1, opCode 1 (OP_REPLY); the body's 20 bytes of flags,
 * cursor and counts are followed by the reply document.
 */
const MONGOD_50_HANDSHAKE_REPLY =
  '3f01000022010000010000000100000008000000000000000000000000000000010000001b0100000869736d6173746572000103746f706f6c6f677956657273696f6e002d0000000770726f6365737349640060fbed5371fe1bae7033950512636f756e74657200000000000000000000106d617842736f6e4f626a65637453697a650000000001106d61784d65737361676553697a65427974657300006cdc02106d61785772697465426174636853697a6500a0860100096c6f63616c54696d6500a30095d87a010000106c6f676963616c53657373696f6e54696d656f75744d696e75746573001e00000010636f6e6e656374696f6e4964001c000000106d696e5769726556657273696f6e0000000000106d61785769726556657273696f6e000d00000008726561644f6e6c790000016f6b00000000000000f03f00';

/** An OP_MSG reply to request 1 carrying `document` as its body section (flags 0, section kind 0). */
function opMsgReply(document: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + 5 + document.length, 0);
  header.writeInt32LE(290, 4);
  header.writeInt32LE(1, 8);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, Buffer.alloc(4), Buffer.from([0]), document]);
}

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

  it('reads the hello document a real mongod 5.0 sent, as the body of an OP_MSG reply', () => {
    const captured = Buffer.from(MONGOD_50_HANDSHAKE_REPLY, 'hex');
    expect(captured.readInt32LE(0)).toBe(captured.length);
    const document = captured.subarray(36);
    expect(readHelloReply(opMsgReply(document), 1)).toEqual({
      kind: 'reply',
      reply: {
        ok: true,
        // A 5.0 server answering `isMaster` names the role `ismaster`, which the reader takes when
        // `isWritablePrimary` is absent.
        isWritablePrimary: true,
        secondary: null,
        setName: null,
        minWireVersion: 0,
        maxWireVersion: 13,
        errmsg: null,
        code: null,
        codeName: null,
      },
    });
    // Every value of the real document is read, nested ones, dates, 64-bit integers and ObjectIds included.
    expect(readDocument(document).document).toMatchObject({
      topologyVersion: { processId: '60fbed5371fe1bae70339505', counter: 0 },
      maxMessageSizeBytes: 48000000,
      localTime: Date.UTC(2021, 6, 24, 12, 54, 41, 571),
      connectionId: 28,
      readOnly: false,
    });
  });

  it('refuses the legacy OP_REPLY framing around it: the handshake speaks OP_MSG (MongoDB 3.6 and later)', () => {
    const captured = Buffer.from(MONGOD_50_HANDSHAKE_REPLY, 'hex');
    expect(readHelloReply(captured, 1)).toEqual({ kind: 'invalid', why: 'opCode 1, not OP_MSG' });
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
