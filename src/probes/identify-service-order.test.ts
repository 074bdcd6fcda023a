import { describe, expect, it } from 'vitest';
import { expectedMethod, identifyRounds } from './identify-service-order.js';

describe('expectedMethod', () => {
  it.each([
    [22, 'banner'],
    [25, 'banner'],
    [587, 'banner'],
    [3306, 'banner'],
    [5432, 'postgres-ssl-request'],
    [6379, 'redis-ping'],
    [443, 'tls-hello'],
    [80, null],
    [15432, null],
  ])('port %i: %s first', (port, method) => {
    expect(expectedMethod(port)).toBe(method);
  });
});

describe('identifyRounds', () => {
  it('without a guess: the listen beside the two unmistakable hellos, then TLS, then HTTP', () => {
    expect(identifyRounds(null)).toEqual([
      ['banner', 'redis-ping', 'postgres-ssl-request'],
      ['tls-hello'],
      ['http-hello'],
    ]);
  });

  it('a server-first port: the listen alone, then the hellos', () => {
    expect(identifyRounds('banner')).toEqual([
      ['banner'],
      ['redis-ping', 'postgres-ssl-request'],
      ['tls-hello'],
      ['http-hello'],
    ]);
  });

  it("a client-first port: its service's hello alone, then the rest without it", () => {
    expect(identifyRounds('postgres-ssl-request')).toEqual([
      ['postgres-ssl-request'],
      ['banner', 'redis-ping'],
      ['tls-hello'],
      ['http-hello'],
    ]);
    expect(identifyRounds('tls-hello')).toEqual([
      ['tls-hello'],
      ['banner', 'redis-ping', 'postgres-ssl-request'],
      ['http-hello'],
    ]);
  });

  it('with a kept connection and no greeting on it: the two hellos, then the listen beside TLS, then HTTP', () => {
    expect(identifyRounds(null, false, { greeted: false })).toEqual([
      ['redis-ping', 'postgres-ssl-request'],
      ['banner', 'tls-hello'],
      ['http-hello'],
    ]);
  });

  it('with a greeting waiting on the kept connection: the listen alone, as on a server-first port', () => {
    expect(identifyRounds(null, false, { greeted: true })).toEqual(identifyRounds('banner'));
  });

  it("a greeting waiting on the kept connection goes before the port's own hello; without one, the port's order", () => {
    expect(identifyRounds('postgres-ssl-request', false, { greeted: true })).toEqual(identifyRounds('banner'));
    expect(identifyRounds('tls-hello', false, { greeted: true })).toEqual(identifyRounds('banner'));
    expect(identifyRounds('postgres-ssl-request', false, { greeted: false })).toEqual(
      identifyRounds('postgres-ssl-request'),
    );
    expect(identifyRounds('banner', false, { greeted: false })).toEqual(identifyRounds('banner'));
  });

  it('banner only, whatever the port suggests: the listen and nothing else', () => {
    expect(identifyRounds('redis-ping', true)).toEqual([['banner']]);
    expect(identifyRounds(null, true)).toEqual([['banner']]);
    expect(identifyRounds(null, true, { greeted: false })).toEqual([['banner']]);
  });
});
