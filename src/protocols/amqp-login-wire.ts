import { CLOSE, CONNECTION_CLASS, FRAME_END, FRAME_METHOD, Reader, readClose, readFrame } from './amqp-wire.js';

/**
 * The rest of AMQP 0-9-1's connection negotiation, for a login with the user and password from the URL
 * (https://www.rabbitmq.com/resources/specs/amqp0-9-1.pdf §4.2, and the class reference's `connection` methods):
 * the client's Start-Ok (SASL PLAIN), Tune-Ok, Open and Close; the broker's Tune, Open-Ok, Close and Close-Ok.
 * Bytes only; the handshake owns the socket.
 */

const START_OK = 11;
const SECURE = 20;
const TUNE = 30;
const TUNE_OK = 31;
const OPEN = 40;
const OPEN_OK = 41;
const CLOSE_OK = 51;
/** §4.2.3: heartbeat frames may come at any time once tuned; they carry nothing. */
const FRAME_HEARTBEAT = 8;
/** AMQP's reply code for a close that is no error (§1.9, `reply-success`). */
const REPLY_SUCCESS = 200;

/** A short string is at most 255 bytes: a longer vhost name cannot be asked for in Connection.Open. */
export const MAX_SHORT_STRING = 255;

/** What the broker's Connection.Tune asks for; Tune-Ok echoes it, so this client never asks for more. */
export interface Tune {
  channelMax: number;
  frameMax: number;
  heartbeat: number;
}

/** A method the broker sends after Start-Ok. */
export type LoginMethod =
  | { name: 'tune'; tune: Tune }
  /** The vhost is open: the login and the vhost both worked. */
  | { name: 'open-ok' }
  /** The broker ends the connection: the reply code and text. */
  | { name: 'close'; code: number; text: string }
  | { name: 'close-ok' }
  /** A SASL challenge: PLAIN never gets one, so it is read only to be named. */
  | { name: 'secure' }
  | { name: 'other'; classId: number; methodId: number };

export type LoginFrameRead =
  | { kind: 'method'; method: LoginMethod; consumed: number }
  /** A heartbeat frame: it carries nothing, and may come between any two methods. */
  | { kind: 'heartbeat'; consumed: number }
  | { kind: 'incomplete' }
  | { kind: 'invalid'; why: string };

/**
 * Connection.Start-Ok with SASL PLAIN (RFC 4616: authzid empty, NUL, user, NUL, password). The client properties
 * name this tool and ask for `authentication_failure_close`, so that RabbitMQ answers a refused login with
 * Connection.Close 403 instead of only closing the socket (https://www.rabbitmq.com/docs/auth-notification).
 */
export function startOk(user: string, password: string, locale: string): Buffer {
  const properties = table([
    ['product', 'conn-doctor'],
    ['platform', 'Node.js'],
    ['information', 'a connection check: logs in, opens the vhost and closes'],
    ['capabilities', table([['authentication_failure_close', true]])],
  ]);
  const response = Buffer.from(`\0${user}\0${password}`, 'utf8');
  return method(START_OK, [properties, shortString('PLAIN'), longString(response), shortString(locale)]);
}

/** Connection.Tune-Ok: the broker's own limits, echoed. */
export function tuneOk(tune: Tune): Buffer {
  return method(TUNE_OK, [uint16(tune.channelMax), uint32(tune.frameMax), uint16(tune.heartbeat)]);
}

/** Connection.Open for `vhost`: then the reserved capabilities (empty) and insist bit (0) that 0-9-1 keeps. */
export function open(vhost: string): Buffer {
  return method(OPEN, [shortString(vhost), shortString(''), Buffer.from([0])]);
}

/** Connection.Close with reply-success: the polite end of a connection that opened. */
export function close(): Buffer {
  return method(CLOSE, [uint16(REPLY_SUCCESS), shortString('conn-doctor: check done'), uint16(0), uint16(0)]);
}

/** Connection.Close-Ok: the answer to the broker's Close, after which either side may close the socket. */
export function closeOk(): Buffer {
  return method(CLOSE_OK, []);
}

/** Reads the frame at the start of `data` as a method of the connection class (or a heartbeat). */
export function readLoginFrame(data: Uint8Array): LoginFrameRead {
  const frame = readFrame(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  if (frame.kind !== 'frame') return frame;
  const { consumed } = frame;
  if (frame.type === FRAME_HEARTBEAT) return { kind: 'heartbeat', consumed };
  if (frame.type !== FRAME_METHOD) return { kind: 'invalid', why: `frame type ${frame.type}, not a method` };
  try {
    return { kind: 'method', method: readMethod(new Reader(frame.payload)), consumed };
  } catch {
    return { kind: 'invalid', why: 'malformed method frame' };
  }
}

function readMethod(reader: Reader): LoginMethod {
  const classId = reader.uint16();
  const methodId = reader.uint16();
  if (classId !== CONNECTION_CLASS) return { name: 'other', classId, methodId };
  switch (methodId) {
    case TUNE:
      return {
        name: 'tune',
        tune: { channelMax: reader.uint16(), frameMax: reader.uint32(), heartbeat: reader.uint16() },
      };
    case OPEN_OK:
      return { name: 'open-ok' };
    case CLOSE:
      return { name: 'close', ...readClose(reader) };
    case CLOSE_OK:
      return { name: 'close-ok' };
    case SECURE:
      return { name: 'secure' };
    default:
      return { name: 'other', classId, methodId };
  }
}

/** A method frame on channel 0 (the connection's own channel). */
function method(methodId: number, fields: Buffer[]): Buffer {
  const payload = Buffer.concat([uint16(CONNECTION_CLASS), uint16(methodId), ...fields]);
  const header = Buffer.alloc(7);
  header[0] = FRAME_METHOD;
  header.writeUInt32BE(payload.length, 3);
  return Buffer.concat([header, payload, Buffer.from([FRAME_END])]);
}

type Field = string | boolean | Buffer;

/** A field table: its byte size, then each field's name (short string), type octet and value. */
function table(fields: [string, Field][]): Buffer {
  const body = Buffer.concat(
    fields.map(([name, value]) => {
      const typed =
        typeof value === 'boolean'
          ? Buffer.from([0x74 /* t */, value ? 1 : 0])
          : typeof value === 'string'
            ? Buffer.concat([Buffer.from('S'), longString(Buffer.from(value, 'utf8'))])
            : Buffer.concat([Buffer.from('F'), value]);
      return Buffer.concat([shortString(name), typed]);
    }),
  );
  return Buffer.concat([uint32(body.length), body]);
}

/** Throws RangeError past 255 bytes: the caller checks a vhost's length before it builds Open. */
function shortString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_SHORT_STRING) throw new RangeError('short string longer than 255 bytes');
  return Buffer.concat([Buffer.from([bytes.length]), bytes]);
}

function longString(bytes: Buffer): Buffer {
  return Buffer.concat([uint32(bytes.length), bytes]);
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
