import type { DnsErrorCode } from './dns-facts.js';

/**
 * Errno names from `dns.lookup` (getaddrinfo) and the `dns.Resolver` (c-ares), mapped to our stable codes in
 * one table for both, pinned by dns-error-code.test.ts. Node reports getaddrinfo's EAI_NONAME and EAI_NODATA
 * both as ENOTFOUND, so a system lookup cannot tell NXDOMAIN from NODATA; the direct queries can.
 */
const errnoCodes: Record<string, DnsErrorCode> = {
  ENOTFOUND: 'nxdomain',
  EAI_NONAME: 'nxdomain',
  ENODATA: 'nodata',
  EAI_NODATA: 'nodata',
  ESERVFAIL: 'servfail',
  EAI_FAIL: 'servfail',
  EREFUSED: 'refused',
  ETIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  EAI_AGAIN: 'temporary',
  // c-ares got ICMP port unreachable from every server: nothing answers DNS there.
  ECONNREFUSED: 'temporary',
  // c-ares' ARES_ENOSERVER (Node shows it as UNKNOWN_ARES_ERROR); we name it ourselves when no server is set.
  ENOSERVER: 'no-resolver',
};

/** The stable code for a DNS errno; `other` for anything the table does not know (EFORMERR, ECANCELLED, …). */
export function dnsErrorCode(errno: string): DnsErrorCode {
  return errnoCodes[errno] ?? 'other';
}
