import net from 'node:net';
import tls from 'node:tls';
import type { KeyAndChain } from '../certs/lab-pki.js';
import { listenTracked, type LabServer } from './lab-server.js';

/**
 * Speaks the first step of AMQP 0-9-1 (https://www.rabbitmq.com/resources/specs/amqp0-9-1.pdf, §4.2.2, §4.2.3):
 * a client opens with the 8-byte protocol header `AMQP 0 0 9 1`, and a broker that speaks that version answers with
 * Connection.Start in a method frame. Any other header, or bytes that are not a header (a TLS ClientHello, an HTTP
 * request), get the header of the version the broker speaks and a close, as RabbitMQ 3.10 does.
 *
 * `speaks` picks the broker: `0-9-1` (RabbitMQ-like), or `1.0`, a broker of AMQP 1.0 only, which answers even a
 * 0-9-1 header with its own `AMQP 0 1 0 0` and closes (AMQP 1.0 §2.2).
 */
export type AmqpVersion = '0-9-1' | '1.0';

const headers: Record<AmqpVersion, Buffer> = {
  '0-9-1': Buffer.from('AMQP\x00\x00\x09\x01', 'latin1'),
  '1.0': Buffer.from('AMQP\x00\x01\x00\x00', 'latin1'),
};

export function startAmqpLike(speaks: AmqpVersion = '0-9-1', login?: LabLogin): Promise<LabServer> {
  return listenTracked(net.createServer(amqpBroker(speaks, login)));
}

/**
 * A broker that goes on with a client's login (§4.2.2, §4.10.2): it takes any PLAIN credentials, tunes, and opens
 * only the vhosts named here, answering any other with Connection.Close 530 in RabbitMQ 3.10's words
 * (`NOT_ALLOWED - vhost … not found`); a client's Close gets Close-Ok. Without one, the broker stops at Start.
 */
export interface LabLogin {
  vhosts: string[];
}

/** A TLS-only broker (an amqps listener): AMQP inside TLS; a plain client is hung up on by the TLS layer. */
export function startAmqpsLike(identity: KeyAndChain): Promise<LabServer> {
  const server = tls.createServer(identity, amqpBroker('0-9-1'));
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return listenTracked(server);
}

function amqpBroker(speaks: AmqpVersion, login?: LabLogin) {
  const own = headers[speaks];
  return (socket: net.Socket) => {
    let header = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      header = Buffer.concat([header, chunk]);
      if (header.length < 8) return;
      socket.off('data', onData);
      // Keep reading what the client still sends (a Start-Ok, the rest of a ClientHello), so a close is a FIN.
      socket.resume();
      if (speaks === '0-9-1' && header.subarray(0, 8).equals(own)) {
        socket.write(connectionStart());
        if (login) answerLogin(socket, header.subarray(8), login);
      } else socket.end(own);
    };
    socket.on('data', onData);
  };
}

/** Connection-class method ids (AMQP 0-9-1 class reference). */
const method = { startOk: 11, tune: 30, tuneOk: 31, open: 40, openOk: 41, close: 50, closeOk: 51 } as const;
/** More than any login method needs: a client that sends more is hung up on. */
const MAX_LOGIN_BYTES = 64 * 1024;

/** Reads the client's frames after Start and answers each login method; `pending` is what came with the header. */
function answerLogin(socket: net.Socket, pending: Buffer, login: LabLogin): void {
  let buffer = pending;
  const onFrames = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (buffer.length > MAX_LOGIN_BYTES) return socket.destroy();
    while (buffer.length >= 8) {
      const size = buffer.readUInt32BE(3);
      if (buffer.length < 8 + size) return;
      const payload = buffer.subarray(7, 7 + size);
      buffer = buffer.subarray(8 + size);
      answer(payload);
    }
  };
  const answer = (payload: Buffer) => {
    if (payload.length < 4 || payload.readUInt16BE(0) !== 10) return;
    switch (payload.readUInt16BE(2)) {
      case method.startOk:
        // channel-max 2047, frame-max 131072, heartbeat 60: RabbitMQ 3.10's defaults.
        return socket.write(methodFrame(method.tune, [u16(2047), u32(131072), u16(60)]));
      case method.open: {
        const vhost = payload.toString('utf8', 5, 5 + (payload[4] ?? 0));
        if (login.vhosts.includes(vhost)) return socket.write(methodFrame(method.openOk, [Buffer.from([0])]));
        const text = Buffer.from(`NOT_ALLOWED - vhost ${vhost} not found`, 'utf8');
        const reply = [u16(530), Buffer.from([text.length]), text, u16(10), u16(method.open)];
        return socket.write(methodFrame(method.close, reply));
      }
      case method.close:
        return socket.end(methodFrame(method.closeOk, []));
      case method.closeOk:
        return socket.end();
      default:
        return;
    }
  };
  socket.on('data', onFrames);
  if (pending.length > 0) onFrames(Buffer.alloc(0));
}

/** A method frame of the connection class on channel 0. */
function methodFrame(id: number, fields: Buffer[]): Buffer {
  const payload = Buffer.concat([u16(10), u16(id), ...fields]);
  return Buffer.concat([Buffer.from([1]), u16(0), u32(payload.length), payload, Buffer.from([0xce])]);
}

/**
 * Connection.Start (class 10, method 10): version 0-9, the server properties RabbitMQ 3.10 sends (capabilities,
 * product, version, platform), the SASL mechanisms and locales, in a method frame on channel 0.
 */
function connectionStart(): Buffer {
  const capabilities = table([
    ['publisher_confirms', true],
    ['exchange_exchange_bindings', true],
    ['basic.nack', true],
    ['consumer_cancel_notify', true],
    ['connection.blocked', true],
    ['authentication_failure_close', true],
  ]);
  const properties = table([
    ['capabilities', capabilities],
    ['cluster_name', 'rabbit@lab'],
    ['platform', 'Erlang/OTP 25.2.3'],
    ['product', 'RabbitMQ'],
    ['version', '3.10.8'],
  ]);
  const method = Buffer.concat([
    u16(10),
    u16(10),
    Buffer.from([0, 9]),
    properties,
    longString('PLAIN AMQPLAIN'),
    longString('en_US'),
  ]);
  return Buffer.concat([Buffer.from([1]), u16(0), u32(method.length), method, Buffer.from([0xce])]);
}

type Field = string | boolean | Buffer;

/** A field table: a long size, then name (short string), type octet and value for each field. */
function table(fields: [string, Field][]): Buffer {
  const body = Buffer.concat(
    fields.map(([name, value]) => {
      const key = Buffer.from(name, 'utf8');
      const typed =
        typeof value === 'boolean'
          ? Buffer.from([0x74 /* t */, value ? 1 : 0])
          : typeof value === 'string'
            ? Buffer.concat([Buffer.from([0x53 /* S */]), longString(value)])
            : Buffer.concat([Buffer.from([0x46 /* F */]), value]);
      return Buffer.concat([Buffer.from([key.length]), key, typed]);
    }),
  );
  return Buffer.concat([u32(body.length), body]);
}

function longString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}
