import { describe, expect, it } from 'vitest';
import { RAW_HELLOS } from './service-hellos.js';

const hello = (how: string) => RAW_HELLOS.find((h) => h.how === how)!;
const text = (s: string) => Buffer.from(s, 'latin1');

describe('RAW_HELLOS', () => {
  it('tries HTTP, then Redis, then PostgreSQL', () => {
    expect(RAW_HELLOS.map((h) => h.how)).toEqual(['http-hello', 'redis-ping', 'postgres-ssl-request']);
  });

  it('sends the exact bytes of each hello', () => {
    expect(hello('http-hello').bytes.toString('latin1')).toBe('HEAD / HTTP/1.0\r\n\r\n');
    expect(hello('redis-ping').bytes.toString('latin1')).toBe('PING\r\n');
    expect(hello('postgres-ssl-request').bytes).toEqual(Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]));
  });

  it.each([
    ['S', "answered an SSLRequest with 'S' (TLS available)"],
    ['N', "answered an SSLRequest with 'N' (no TLS)"],
  ])('reads PostgreSQL`s one-byte %s answer to the SSLRequest', (reply, evidence) => {
    expect(hello('postgres-ssl-request').recognise(text(reply))).toEqual({
      id: 'postgresql',
      name: 'PostgreSQL',
      evidence,
    });
  });

  it.each([['NO'], ['n'], ['X']])('does not take %j as PostgreSQL`s answer', (reply) => {
    expect(hello('postgres-ssl-request').recognise(text(reply))).toBeNull();
  });

  it('still names other replies to the SSLRequest (a PostgreSQL error, an HTTP 400)', () => {
    expect(hello('postgres-ssl-request').recognise(text('HTTP/1.1 400 Bad Request\r\n'))?.id).toBe('http');
  });

  it('reads the replies to HEAD and PING with the shared protocol table', () => {
    expect(hello('http-hello').recognise(text('HTTP/1.0 200 OK\r\n'))?.id).toBe('http');
    expect(hello('redis-ping').recognise(text('-NOAUTH Authentication required.\r\n'))?.id).toBe('redis');
    expect(hello('redis-ping').recognise(text('N'))).toBeNull();
  });
});
