import { describe, expect, it } from 'vitest';
import type { DnsFacts } from '../probes/dns-facts.js';
import { exchangeTimings } from './exchange-timings.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';

describe('exchangeTimings', () => {
  it('is null when no request/response exchange ran', () => {
    expect(exchangeTimings(noListenerSession())).toBeNull();
  });

  it('counts from the connect for an IP literal, with no name lookup phase', () => {
    expect(exchangeTimings(healthyHttpSession())).toEqual({
      dnsMs: null,
      connectMs: 0.3,
      tlsMs: null,
      firstByteMs: 1.9,
      totalMs: 2,
    });
  });

  it('puts the DNS step’s time in front of every phase for a name', () => {
    const session = healthyHttpSession();
    const dns = session.steps[0]!.details as DnsFacts;
    dns.mode = 'system';
    dns.durationMs = 12.04;
    expect(exchangeTimings(session)).toEqual({ dnsMs: 12, connectMs: 12.3, tlsMs: null, firstByteMs: 13.9, totalMs: 14.1 });
  });

  it('leaves DNS out when the session has no DNS step to take it from', () => {
    const session = healthyHttpSession();
    session.steps.shift();
    expect(exchangeTimings(session)?.dnsMs).toBeNull();
  });
});
