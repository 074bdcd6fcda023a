import { CLIENT_SSL } from './mysql-wire.js';

/** What a MySQL-speaking test server says first (the protocol-10 initial handshake), as its fields differ per test. */
export interface GreetingFields {
  /** `8.0.36`, `5.7.44`, `5.5.5-10.11.6-MariaDB`. */
  version: string;
  /** The capability flags, all 32 bits (CLIENT_SSL is 0x800). */
  capabilities: number;
  /** 20 bytes; a fixed filler when absent. */
  scramble?: Buffer;
  plugin: 'mysql_native_password' | 'caching_sha2_password';
}

/** CLIENT_PROTOCOL_41, CLIENT_SECURE_CONNECTION and the usual lower flags, without CLIENT_SSL. */
export const PLAIN_CAPABILITIES = 0x000fa20f;
export { CLIENT_SSL };

/** The greeting's payload, laid out as the protocol's "Protocol::HandshakeV10" says. */
export function greetingPayload({ version, capabilities, scramble, plugin }: GreetingFields): Buffer {
  const nonce = scramble ?? Buffer.concat([Buffer.alloc(8, 0x41), Buffer.alloc(12, 0x42)]);
  const caps = Buffer.alloc(4);
  caps.writeUInt32LE(capabilities >>> 0);
  return Buffer.concat([
    Buffer.from(`\x0a${version}\0`, 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    nonce.subarray(0, 8),
    Buffer.from([0]),
    caps.subarray(0, 2),
    Buffer.from([33, 2, 0]),
    caps.subarray(2, 4),
    Buffer.from([21]),
    Buffer.alloc(10),
    nonce.subarray(8, 20),
    Buffer.from([0]),
    Buffer.from(`${plugin}\0`),
  ]);
}

/** A packet: 3-byte length, sequence number, payload. */
export function mysqlPacket(payload: Buffer, sequence = 0): Buffer {
  return Buffer.concat([Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, 0, sequence]), payload]);
}
