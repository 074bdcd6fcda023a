import { visibleText } from '../probes/visible-bytes.js';

/**
 * A small BSON reader (https://bsonspec.org/spec.html) for the types a MongoDB `hello` reply uses, and a writer for
 * the one-level documents a probe sends. Values are reduced to JSON: ObjectIds as hex, dates and 64-bit integers as
 * numbers, binary and decimal128 as a placeholder. Strings are made visible and bounded.
 */

export type BsonValue = string | number | boolean | null | BsonValue[] | BsonDocument;
export interface BsonDocument {
  [name: string]: BsonValue;
}

const MAX_DEPTH = 8;
const TEXT_CHARS = 300;

/** Reads the document at the start of `bytes`; throws RangeError on malformed input (the caller says "invalid"). */
export function readDocument(bytes: Buffer, depth = 0): { document: BsonDocument; size: number } {
  if (depth > MAX_DEPTH) throw new RangeError('BSON nested too deep');
  const size = bytes.readInt32LE(0);
  if (size < 5 || size > bytes.length || bytes[size - 1] !== 0) throw new RangeError('BSON document size');
  const document: BsonDocument = {};
  let at = 4;
  while (at < size - 1) {
    const type = bytes[at]!;
    const nameEnd = bytes.indexOf(0, at + 1);
    if (nameEnd === -1 || nameEnd >= size) throw new RangeError('BSON name');
    const name = visibleText(bytes.toString('utf8', at + 1, nameEnd), 64);
    const read = readValue(type, bytes.subarray(nameEnd + 1, size - 1), depth);
    document[name] = read.value;
    at = nameEnd + 1 + read.size;
  }
  return { document, size };
}

function readValue(type: number, b: Buffer, depth: number): { value: BsonValue; size: number } {
  switch (type) {
    case 0x01:
      return { value: b.readDoubleLE(0), size: 8 };
    case 0x02: {
      const length = b.readInt32LE(0);
      if (length < 1 || 4 + length > b.length) throw new RangeError('BSON string');
      return { value: visibleText(b.toString('utf8', 4, 4 + length - 1), TEXT_CHARS), size: 4 + length };
    }
    case 0x03: {
      const { document, size } = readDocument(b, depth + 1);
      return { value: document, size };
    }
    case 0x04: {
      const { document, size } = readDocument(b, depth + 1);
      return { value: Object.values(document), size };
    }
    case 0x05: {
      const length = b.readInt32LE(0);
      if (length < 0 || 5 + length > b.length) throw new RangeError('BSON binary');
      return { value: `<binary, ${length} bytes>`, size: 5 + length };
    }
    case 0x07:
      if (b.length < 12) throw new RangeError('BSON ObjectId');
      return { value: b.toString('hex', 0, 12), size: 12 };
    case 0x08:
      return { value: b.readUInt8(0) !== 0, size: 1 };
    case 0x09:
    case 0x11:
    case 0x12:
      return { value: Number(b.readBigInt64LE(0)), size: 8 };
    case 0x06:
    case 0x0a:
    case 0x7f:
    case 0xff:
      return { value: null, size: 0 };
    case 0x10:
      return { value: b.readInt32LE(0), size: 4 };
    case 0x13:
      if (b.length < 16) throw new RangeError('BSON decimal128');
      return { value: '<decimal128>', size: 16 };
    default:
      throw new RangeError(`BSON type 0x${type.toString(16)}`);
  }
}

/** Writes a flat document of strings, 32-bit integers and booleans, in the order given. */
export function writeDocument(fields: Readonly<Record<string, string | number | boolean>>): Buffer {
  const elements = Object.entries(fields).map(([name, value]) => {
    const key = Buffer.from(`${name}\0`, 'utf8');
    if (typeof value === 'boolean') return Buffer.concat([Buffer.from([0x08]), key, Buffer.from([value ? 1 : 0])]);
    if (typeof value === 'number') {
      const int = Buffer.alloc(4);
      int.writeInt32LE(value);
      return Buffer.concat([Buffer.from([0x10]), key, int]);
    }
    const text = Buffer.from(`${value}\0`, 'utf8');
    const length = Buffer.alloc(4);
    length.writeInt32LE(text.length);
    return Buffer.concat([Buffer.from([0x02]), key, length, text]);
  });
  const body = Buffer.concat(elements);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + body.length + 1);
  return Buffer.concat([size, body, Buffer.from([0])]);
}
