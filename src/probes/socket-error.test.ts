import { describe, expect, it } from 'vitest';
import { classifySocketError, errnoOf } from './socket-error.js';

describe('classifySocketError', () => {
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['ECONNABORTED', 'reset'],
    ['EPIPE', 'broken-pipe'],
    ['ETIMEDOUT', 'timed-out'],
    ['EHOSTUNREACH', 'host-unreachable'],
    ['EHOSTDOWN', 'host-unreachable'],
    ['ENETUNREACH', 'network-unreachable'],
    ['ENETDOWN', 'network-unreachable'],
    ['EACCES', 'not-permitted'],
    ['EPERM', 'not-permitted'],
    ['EADDRNOTAVAIL', 'address-unavailable'],
    ['EAFNOSUPPORT', 'address-unavailable'],
    ['EWHATEVER', 'other'],
  ])('maps %s to %s', (code, kind) => {
    expect(classifySocketError(Object.assign(new Error('x'), { code }))).toBe(kind);
  });

  it('treats errors without a code as other', () => {
    expect(classifySocketError(new Error('plain'))).toBe('other');
    expect(errnoOf(null)).toBe('UNKNOWN');
  });
});
