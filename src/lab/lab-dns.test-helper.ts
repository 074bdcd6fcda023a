import { afterAll, beforeAll } from 'vitest';
import { type LabDnsServer, startLabDnsServer } from './dns-server.js';

/**
 * The lab's DNS server on loopback for the tests of a describe block (call at its top): made-up names are resolved
 * through it, never through the system's resolver. Returns its `host:port`, for `dnsServer` and Resolver.setServers.
 */
export function useLabDns(): () => string {
  let dns: LabDnsServer | undefined;
  beforeAll(async () => {
    dns = await startLabDnsServer();
  });
  afterAll(() => dns?.close());
  return () => {
    if (dns === undefined) throw new Error('the lab DNS server is not started yet: call its address inside a test');
    return `${dns.host}:${dns.port}`;
  };
}
