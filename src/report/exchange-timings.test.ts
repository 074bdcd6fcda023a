import { describe, expect, it } from 'vitest';
import type { DnsFacts } from '../probes/dns-facts.js';
import { exchangeTimings, handshakeTimings } from './exchange-timings.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

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
    expect(exchangeTimings(session)).toEqual({
      dnsMs: 12,
      connectMs: 12.3,
      tlsMs: null,
      firstByteMs: 13.9,
      totalMs: 14.1,
    });
  });

  it('leaves DNS out when the session has no DNS step to take it from', () => {
    const session = healthyHttpSession();
    session.steps.shift();
    expect(exchangeTimings(session)?.dnsMs).toBeNull();
  });

  it('includes the TLS phase of a request over TLS, from the request’s own marks, not the handshake step’s', () => {
    // dns 72.85; connected 6.72, TLS done 10.44, first byte 12.38, done 12.54.
    expect(exchangeTimings(tls.tlsHealthySession())).toEqual({
      dnsMs: 72.9,
      connectMs: 79.6,
      tlsMs: 83.3,
      firstByteMs: 85.2,
      totalMs: 85.4,
    });
  });

  it('is null when only a TLS handshake ran: its marks are no request’s', () => {
    expect(exchangeTimings(tls.expiredSession())).toBeNull();
  });
});

describe('handshakeTimings', () => {
  it('times an https handshake that ended the diagnosis: connect, TLS done, end', () => {
    expect(handshakeTimings(tls.expiredSession())).toEqual({
      dnsMs: 72.9,
      connectMs: 504.3,
      tlsMs: 517.5,
      firstByteMs: null,
      totalMs: 548.8,
    });
    expect(handshakeTimings(tls.oldVersionSession())).toEqual({
      dnsMs: 72.9,
      connectMs: 84,
      tlsMs: null,
      firstByteMs: null,
      totalMs: 118.2,
    });
  });

  it('is null when a request ran, or no handshake did', () => {
    expect(handshakeTimings(tls.tlsHealthySession())).toBeNull();
    expect(handshakeTimings(healthyHttpSession())).toBeNull();
    expect(handshakeTimings(tls.httpToTlsPortSession())).toBeNull();
    expect(handshakeTimings(noListenerSession())).toBeNull();
  });
});
