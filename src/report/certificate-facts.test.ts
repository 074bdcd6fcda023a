import { describe, expect, it } from 'vitest';
import type { TlsResult } from '../probes/tls-result.js';
import { certificateProblems, tlsFacts, validityText, verificationText } from './certificate-facts.js';
import { healthyHttpSession } from './session-fixture.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const secureOf = (session: { steps: { details: unknown }[] }, i = 2) =>
  session.steps[i]!.details as Extract<TlsResult, { kind: 'secure' }>;

describe('tlsFacts', () => {
  it('takes the https handshake’s session, or the port check’s, or none', () => {
    expect(tlsFacts(tls.tlsHealthySession().steps)?.stepId).toBe('tls.handshake');
    expect(tlsFacts(tls.httpToTlsPortSession().steps)?.stepId).toBe('tls.port-check');
    expect(tlsFacts(tls.clientCertificateSession().steps)?.session.chain).toHaveLength(3);
    for (const session of [
      healthyHttpSession(),
      tls.oldVersionSession(),
      tls.httpsToPlainSession(),
      tls.closeAfterRequestSession(),
    ]) {
      expect(tlsFacts(session.steps)).toBeNull();
    }
  });

  it('needs a certificate: a handshake with an empty chain has no facts to show', () => {
    const session = tls.tlsHealthySession();
    secureOf(session).session.chain = [];
    expect(tlsFacts(session.steps)).toBeNull();
  });
});

describe('certificateProblems and verificationText', () => {
  it('say a trusted certificate is trusted, for the name checked', () => {
    const { session } = secureOf(tls.tlsHealthySession());
    expect(certificateProblems(session)).toEqual([]);
    expect(verificationText(session)).toBe('trusted, and issued for localhost');
  });

  it.each([
    [tls.selfSignedSession, 'self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [tls.expiredSession, 'expired on 2026-11-24 (CERT_HAS_EXPIRED)'],
    [tls.notYetValidSession, 'not valid until 2026-11-26 (CERT_NOT_YET_VALID)'],
    [tls.unknownCaSession, 'issued by a CA not trusted here (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)'],
    [tls.wrongNameSession, 'not for localhost (ERR_TLS_CERT_ALTNAME_INVALID)'],
  ])('%o', (make, problem) => {
    const { session } = secureOf(make());
    expect(certificateProblems(session)).toEqual([problem]);
    expect(verificationText(session)).toBe(`not accepted: ${problem}`);
  });

  it('cuts a long name so the code after it still shows', () => {
    const { session } = secureOf(tls.wrongNameSession());
    session.verification.checkedName = `${'a'.repeat(250)}.example`;
    const [problem] = certificateProblems(session);
    expect(problem).toMatch(/^not for a{63}… \(ERR_TLS_CERT_ALTNAME_INVALID\)$/);
  });

  it('keeps a code it has no words for', () => {
    const { session } = secureOf(tls.selfSignedSession());
    session.verification.chainError = 'CERT_CHAIN_TOO_LONG';
    expect(certificateProblems(session)).toEqual(['not trusted (CERT_CHAIN_TOO_LONG)']);
  });
});

describe('validityText', () => {
  const [leaf] = tls.labChain();

  it('counts the days left from the probe’s own figure', () => {
    expect(validityText(leaf!, '2026-11-25T01:36:12.000Z')).toBe(
      '2026-11-25 00:36:11 UTC to 2026-12-25 01:36:11 UTC: 29 days left',
    );
    expect(validityText({ ...leaf!, daysLeft: 1 }, '2026-11-25T01:36:12.000Z')).toMatch(/: 1 day left$/);
  });

  it('says expired, or not valid yet, as of the session’s start', () => {
    expect(
      validityText({ ...leaf!, validTo: '2026-11-24T01:36:11.000Z', daysLeft: -2 }, '2026-11-25T01:36:12.000Z'),
    ).toMatch(/: expired$/);
    expect(validityText({ ...leaf!, validFrom: '2026-11-26T01:36:11.000Z' }, '2026-11-25T01:36:12.000Z')).toMatch(
      /: not valid yet$/,
    );
  });

  it('shows a date that is no ISO instant as it came', () => {
    expect(validityText({ ...leaf!, validFrom: 'Jan 99 garbage' }, '2026-11-25T01:36:12.000Z')).toMatch(
      /^Jan 99 garbage to 2026-12-25 01:36:11 UTC/,
    );
  });
});
