import { type BsonDocument, readDocument, writeDocument } from './bson.js';

/**
 * MongoDB's wire protocol, as far as `hello` (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/):
 * an OP_MSG with one body section out, and the OP_MSG reply in. Servers before 3.6 (no OP_MSG) are not covered: they
 * would need the legacy OP_QUERY `isMaster`.
 */

const OP_MSG = 2013;
const HEADER = 16;
const CHECKSUM_PRESENT = 1;
/** A hello reply is a few hundred bytes; a large replica set's host list stays far below this. */
export const MAX_REPLY = 64 * 1024;

/** `{ hello: 1, $db: 'admin' }` as an OP_MSG with this request id. */
export function helloMessage(requestId: number): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), writeDocument({ hello: 1, $db: 'admin' })]);
  const header = Buffer.alloc(HEADER);
  header.writeInt32LE(HEADER + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, body]);
}

/** What a diagnosis reads in a hello reply. */
export interface HelloReply {
  ok: boolean;
  /** `isWritablePrimary` (5.0+), or `ismaster` from older servers. */
  isWritablePrimary: boolean | null;
  secondary: boolean | null;
  /** The replica set's name, when the server is in one. */
  setName: string | null;
  minWireVersion: number | null;
  maxWireVersion: number | null;
  /** For `ok: 0`: the server's message, its error code and code name. */
  errmsg: string | null;
  code: number | null;
  codeName: string | null;
}

export type MongoRead =
  | { kind: 'reply'; reply: HelloReply }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads the OP_MSG reply to `requestId` from the start of `data`. */
export function readHelloReply(data: Uint8Array, requestId: number): MongoRead {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length < HEADER) return { kind: 'incomplete' };
  const length = bytes.readInt32LE(0);
  const opCode = bytes.readInt32LE(12);
  if (length < HEADER + 5 + 5 || length > MAX_REPLY) return { kind: 'invalid', why: `message length ${length}` };
  if (opCode !== OP_MSG) return { kind: 'invalid', why: `opCode ${opCode}, not OP_MSG` };
  if (bytes.readInt32LE(8) !== requestId) return { kind: 'invalid', why: 'a reply to another request' };
  if (bytes.length < length) return { kind: 'incomplete' };
  const flags = bytes.readUInt32LE(HEADER);
  const end = length - (flags & CHECKSUM_PRESENT ? 4 : 0);
  if (bytes[HEADER + 4] !== 0) return { kind: 'invalid', why: 'no body section first' };
  try {
    const { document } = readDocument(bytes.subarray(HEADER + 5, end));
    return { kind: 'reply', reply: helloFields(document) };
  } catch (error) {
    return { kind: 'invalid', why: error instanceof RangeError ? error.message : 'malformed BSON' };
  }
}

function helloFields(document: BsonDocument): HelloReply {
  const flag = (value: BsonValueLike) => (typeof value === 'boolean' ? value : null);
  const number = (value: BsonValueLike) => (typeof value === 'number' ? value : null);
  const text = (value: BsonValueLike) => (typeof value === 'string' ? value : null);
  return {
    ok: document.ok === 1 || document.ok === true,
    isWritablePrimary: flag(document.isWritablePrimary) ?? flag(document.ismaster),
    secondary: flag(document.secondary),
    setName: text(document.setName),
    minWireVersion: number(document.minWireVersion),
    maxWireVersion: number(document.maxWireVersion),
    errmsg: text(document.errmsg),
    code: number(document.code),
    codeName: text(document.codeName),
  };
}

type BsonValueLike = BsonDocument[string] | undefined;
