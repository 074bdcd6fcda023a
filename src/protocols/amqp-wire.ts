import { visibleText } from '../probes/visible-bytes.js';

/**
 * AMQP 0-9-1 (https://www.rabbitmq.com/resources/specs/amqp0-9-1.pdf, §4.2; field types as RabbitMQ reads them,
 * https://www.rabbitmq.com/amqp-0-9-1-errata.html): the protocol header a client opens with, and what answers it:
 * Connection.Start in a method frame, or, from a broker that speaks another version, its own protocol header.
 */

/** `AMQP`, protocol id 0, version 0-9-1. */
export const PROTOCOL_HEADER = Buffer.from('AMQP\x00\x00\x09\x01', 'latin1');
export const FRAME_METHOD = 1;
export const FRAME_END = 0xce;
export const CONNECTION_CLASS = 10;
const START = 10;
export const CLOSE = 50;
/** Connection.Start is well under this; a larger frame is not one we read. */
const MAX_FRAME = 16 * 1024;
const MAX_DEPTH = 4;
/** How much of a broker's text (a reply text, a property) is kept: made visible, then cut. */
export const TEXT_CHARS = 200;

/** A field value, reduced to what JSON holds: numbers, strings, booleans, nested tables and arrays. */
export type FieldValue = string | number | boolean | null | FieldValue[] | { [name: string]: FieldValue };

export interface ConnectionStart {
  /** The version the broker speaks, `0-9`. */
  version: string;
  /** `product`, `version`, `platform`, `capabilities`, … as the broker states them, made visible. */
  serverProperties: Record<string, FieldValue>;
  /** SASL mechanisms offered (`PLAIN`, `AMQPLAIN`). */
  mechanisms: string[];
  locales: string[];
}

export type AmqpRead =
  | { kind: 'connection-start'; start: ConnectionStart }
  /** Connection.Close: the broker refuses, with its reply code and text. */
  | { kind: 'connection-close'; code: number; text: string }
  /** A protocol header instead of a frame: the version the broker would speak, as `id-major-minor-revision`. */
  | { kind: 'protocol-header'; version: string }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/**
 * Connection.Start in a line: the broker's product and version as it names them, the protocol version, the
 * mechanisms offered (`RabbitMQ 3.10.8, AMQP 0-9, mechanisms PLAIN AMQPLAIN`). Already visible and bounded.
 */
export function describeStart(start: ConnectionStart): string {
  const text = (value: FieldValue | undefined) => (typeof value === 'string' && value !== '' ? value : null);
  const software = [text(start.serverProperties.product), text(start.serverProperties.version)].filter(Boolean);
  const mechanisms = start.mechanisms.length > 0 ? `mechanisms ${start.mechanisms.join(' ')}` : 'no mechanisms';
  return [software.join(' ') || null, `AMQP ${start.version}`, mechanisms].filter(Boolean).join(', ');
}

/** Reads the broker's answer to the protocol header from the start of `data`. */
export function readAmqpAnswer(data: Uint8Array): AmqpRead {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.subarray(0, 4).toString('latin1') === 'AMQP'.slice(0, Math.min(4, bytes.length))) {
    if (bytes.length < 8) return { kind: 'incomplete' };
    return { kind: 'protocol-header', version: [...bytes.subarray(4, 8)].join('-') };
  }
  if (bytes.length < 7) return { kind: 'incomplete' };
  if (bytes[0] !== FRAME_METHOD) return { kind: 'invalid', why: `frame type ${bytes[0]}, not a method` };
  const frame = readFrame(bytes);
  if (frame.kind !== 'frame') return frame;
  try {
    return readMethod(new Reader(frame.payload));
  } catch {
    return { kind: 'invalid', why: 'malformed method frame' };
  }
}

/** One frame's header and payload (§4.2.3: type, channel, size, payload, frame-end), without reading the payload. */
export type FrameRead =
  | { kind: 'frame'; type: number; channel: number; payload: Buffer; consumed: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/** Reads the frame at the start of `bytes`; a size past what any connection method needs is not read. */
export function readFrame(bytes: Buffer): FrameRead {
  if (bytes.length < 7) return { kind: 'incomplete' };
  const size = bytes.readUInt32BE(3);
  if (size > MAX_FRAME) return { kind: 'invalid', why: `frame size ${size}` };
  if (bytes.length < 7 + size + 1) return { kind: 'incomplete' };
  if (bytes[7 + size] !== FRAME_END) return { kind: 'invalid', why: 'no frame-end octet' };
  const payload = bytes.subarray(7, 7 + size);
  return { kind: 'frame', type: bytes[0]!, channel: bytes.readUInt16BE(1), payload, consumed: 8 + size };
}

function readMethod(reader: Reader): AmqpRead {
  const classId = reader.uint16();
  const methodId = reader.uint16();
  if (classId === CONNECTION_CLASS && methodId === START) {
    const version = `${reader.uint8()}-${reader.uint8()}`;
    const serverProperties = reader.table(0);
    const mechanisms = words(reader.longString());
    const locales = words(reader.longString());
    return { kind: 'connection-start', start: { version, serverProperties, mechanisms, locales } };
  }
  if (classId === CONNECTION_CLASS && methodId === CLOSE) return { kind: 'connection-close', ...readClose(reader) };
  return { kind: 'invalid', why: `method ${classId}.${methodId} before Connection.Start` };
}

/** Connection.Close's reply code and text (made visible, bounded), read after its class and method ids. */
export function readClose(reader: Reader): { code: number; text: string } {
  const code = reader.uint16();
  return { code, text: visibleText(reader.shortString(), TEXT_CHARS) };
}

const words = (text: string) =>
  text
    .split(' ')
    .filter((word) => word.length > 0)
    .slice(0, 16)
    .map((word) => visibleText(word, 40));

/** Reads AMQP's big-endian fields; throws RangeError past the end, which the caller turns into `invalid`. */
export class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}

  uint8(): number {
    return this.bytes.readUInt8(this.take(1));
  }
  uint16(): number {
    return this.bytes.readUInt16BE(this.take(2));
  }
  uint32(): number {
    return this.bytes.readUInt32BE(this.take(4));
  }
  shortString(): string {
    const length = this.uint8();
    return this.bytes.toString('utf8', this.take(length), this.at);
  }
  longString(): string {
    const length = this.bytes.readUInt32BE(this.take(4));
    return this.bytes.toString('utf8', this.take(length), this.at);
  }

  table(depth: number): Record<string, FieldValue> {
    const size = this.bytes.readUInt32BE(this.take(4));
    const end = this.at + size;
    if (end > this.bytes.length || depth > MAX_DEPTH) throw new RangeError('table');
    const table: Record<string, FieldValue> = {};
    while (this.at < end) {
      const name = visibleText(this.shortString(), 64);
      table[name] = this.value(depth);
    }
    return table;
  }

  private value(depth: number): FieldValue {
    const type = String.fromCharCode(this.uint8());
    const b = this.bytes;
    switch (type) {
      case 't':
        return this.uint8() !== 0;
      case 'b':
        return b.readInt8(this.take(1));
      case 'B':
        return this.uint8();
      case 's':
        return b.readInt16BE(this.take(2));
      case 'u':
        return this.uint16();
      case 'I':
        return b.readInt32BE(this.take(4));
      case 'i':
        return b.readUInt32BE(this.take(4));
      case 'l':
      case 'T':
        return Number(b.readBigInt64BE(this.take(8)));
      case 'f':
        return b.readFloatBE(this.take(4));
      case 'd':
        return b.readDoubleBE(this.take(8));
      case 'D': {
        const scale = this.uint8();
        return b.readUInt32BE(this.take(4)) / 10 ** scale;
      }
      case 'S':
      case 'x':
        return visibleText(this.longString(), TEXT_CHARS);
      case 'A':
        return this.array(depth + 1);
      case 'F':
        return this.table(depth + 1);
      case 'V':
        return null;
      default:
        throw new RangeError(`field type ${type}`);
    }
  }

  private array(depth: number): FieldValue[] {
    const size = this.bytes.readUInt32BE(this.take(4));
    const end = this.at + size;
    if (end > this.bytes.length || depth > MAX_DEPTH) throw new RangeError('array');
    const items: FieldValue[] = [];
    while (this.at < end) items.push(this.value(depth));
    return items;
  }

  /** Moves past `length` bytes and returns where they start. */
  private take(length: number): number {
    if (this.at + length > this.bytes.length) throw new RangeError('past the end');
    const start = this.at;
    this.at += length;
    return start;
  }
}
