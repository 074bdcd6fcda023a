import net from 'node:net';
import tls from 'node:tls';
import type { KeyAndChain } from '../certs/lab-pki.js';
import { listenTracked, type LabServer } from './lab-server.js';

/**
 * Speaks enough of MongoDB's wire protocol (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/)
 * to answer `hello`: it reads one OP_MSG (16-byte header, flag bits, a body section holding a BSON document whose
 * first field names the command) and answers with an OP_MSG addressed to it. `hello` (or its old names `isMaster`,
 * `ismaster`) gets the reply `state` picks; any other command, `ok: 0` with CommandNotFound; anything that is not an
 * OP_MSG, a close, as mongod does with a message it cannot read.
 *
 * - `ready`: a standalone 7.0 primary's reply (isWritablePrimary, wire versions 0 to 21);
 * - `shutting-down`: ShutdownInProgress (91), which mongod answers `hello` with in its quiesce period before a
 *   shutdown, in its own words.
 *
 * `startMongoTlsOnly` is a mongod with `net.tls.mode: requireTLS`: the same protocol inside TLS, and a plain client's
 * bytes end the connection without a reply.
 */
export type MongoState = 'ready' | 'shutting-down';

const OP_MSG = 2013;
/** mongod refuses a message larger than this (maxMessageSizeBytes); a hello is a few hundred bytes. */
const maxMessageBytes = 48_000_000;
/** The lab reads no command larger than this. */
const maxRequestBytes = 64 * 1024;

export function startMongoLike(state: MongoState = 'ready'): Promise<LabServer> {
  return listenTracked(net.createServer(mongod(state)));
}

export function startMongoTlsOnly(identity: KeyAndChain): Promise<LabServer> {
  const server = tls.createServer(identity, mongod('ready'));
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return listenTracked(server);
}

function mongod(state: MongoState) {
  return (socket: net.Socket) => {
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (length < 21 || length > maxMessageBytes || pending.readInt32LE(12) !== OP_MSG) return void socket.destroy();
        if (length > maxRequestBytes) return void socket.destroy();
        if (pending.length < length) return;
        const requestId = pending.readInt32LE(4);
        const command = pending[20] === 0 ? firstFieldName(pending.subarray(21, length)) : null;
        pending = pending.subarray(length);
        if (command === null) return void socket.destroy();
        socket.write(opMsg(requestId, replyTo(command, state)));
      }
    });
  };
}

/** The name of a BSON document's first element: the command, in a command document. */
function firstFieldName(document: Buffer): string | null {
  if (document.length < 6) return null;
  const end = document.indexOf(0, 5);
  return end === -1 ? null : document.toString('utf8', 5, end);
}

function replyTo(command: string, state: MongoState): Buffer {
  const hello = ['hello', 'isMaster', 'ismaster'].includes(command);
  if (hello && state === 'ready') {
    return bson([
      ['helloOk', true],
      ['isWritablePrimary', true],
      ['maxBsonObjectSize', 16 * 1024 * 1024],
      ['maxMessageSizeBytes', maxMessageBytes],
      ['maxWriteBatchSize', 100_000],
      ['localTime', new Date()],
      ['logicalSessionTimeoutMinutes', 30],
      ['minWireVersion', 0],
      ['maxWireVersion', 21],
      ['readOnly', false],
      ['ok', 1],
    ]);
  }
  if (hello) {
    return bson([
      ['ok', 0],
      ['errmsg', 'The server is in quiesce mode and will shut down'],
      ['code', 91],
      ['codeName', 'ShutdownInProgress'],
    ]);
  }
  return bson([
    ['ok', 0],
    ['errmsg', `no such command: '${command.slice(0, 64)}'`],
    ['code', 59],
    ['codeName', 'CommandNotFound'],
  ]);
}

/** An OP_MSG answering `requestId`: header, flag bits 0, one body section (kind 0) holding `document`. */
function opMsg(requestId: number, document: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeInt32LE(header.length + 1 + document.length, 0);
  header.writeInt32LE(requestId + 1, 4);
  header.writeInt32LE(requestId, 8);
  header.writeInt32LE(OP_MSG, 12);
  return Buffer.concat([header, Buffer.from([0]), document]);
}

type BsonField = boolean | number | string | Date;

/**
 * A flat BSON document (https://bsonspec.org/spec.html): booleans, 32-bit integers, doubles (numbers with a
 * fraction, and `ok`, which mongod sends as a double), strings and dates.
 */
function bson(fields: [string, BsonField][]): Buffer {
  const elements = fields.map(([name, value]) => {
    const key = Buffer.from(`${name}\0`, 'utf8');
    if (typeof value === 'boolean') return Buffer.concat([Buffer.from([0x08]), key, Buffer.from([value ? 1 : 0])]);
    if (value instanceof Date) {
      const millis = Buffer.alloc(8);
      millis.writeBigInt64LE(BigInt(value.getTime()));
      return Buffer.concat([Buffer.from([0x09]), key, millis]);
    }
    if (typeof value === 'number') {
      if (name === 'ok' || !Number.isInteger(value)) {
        const double = Buffer.alloc(8);
        double.writeDoubleLE(value);
        return Buffer.concat([Buffer.from([0x01]), key, double]);
      }
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
