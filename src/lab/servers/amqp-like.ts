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

export function startAmqpLike(speaks: AmqpVersion = '0-9-1'): Promise<LabServer> {
  return listenTracked(net.createServer(amqpBroker(speaks)));
}

/** A TLS-only broker (an amqps listener): AMQP inside TLS; a plain client is hung up on by the TLS layer. */
export function startAmqpsLike(identity: KeyAndChain): Promise<LabServer> {
  const server = tls.createServer(identity, amqpBroker('0-9-1'));
  server.on('tlsClientError', (_error, socket) => socket.destroy());
  return listenTracked(server);
}

function amqpBroker(speaks: AmqpVersion) {
  const own = headers[speaks];
  return (socket: net.Socket) => {
    let header = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      header = Buffer.concat([header, chunk]);
      if (header.length < 8) return;
      socket.off('data', onData);
      // Keep reading what the client still sends (a Start-Ok, the rest of a ClientHello), so a close is a FIN.
      socket.resume();
      if (speaks === '0-9-1' && header.subarray(0, 8).equals(own)) socket.write(connectionStart());
      else socket.end(own);
    };
    socket.on('data', onData);
  };
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
