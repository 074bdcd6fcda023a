import { describe, expect, it } from 'vitest';
import { dnsErrorCode } from './dns-error-code.js';

describe('dnsErrorCode', () => {
  it.each([
    ['ENOTFOUND', 'nxdomain'],
    ['EAI_NONAME', 'nxdomain'],
    ['ENODATA', 'nodata'],
    ['EAI_NODATA', 'nodata'],
    ['ESERVFAIL', 'servfail'],
    ['EAI_FAIL', 'servfail'],
    ['EREFUSED', 'refused'],
    ['ETIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    ['EAI_AGAIN', 'temporary'],
    ['ECONNREFUSED', 'temporary'],
    ['ENOSERVER', 'no-resolver'],
    ['EFORMERR', 'other'],
    ['ECANCELLED', 'other'],
    ['UNKNOWN', 'other'],
  ])('maps %s to %s', (errno, code) => {
    expect(dnsErrorCode(errno)).toBe(code);
  });
});
