import { describe, expect, it } from 'vitest';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import { stepMark } from './step-mark.js';
import * as tls from './tls-fixtures.test-helper.js';

describe('stepMark', () => {
  it('reads resolved, open and a 2xx response as passes, refused as a failure', () => {
    expect(healthyHttpSession().steps.map(stepMark)).toEqual(['pass', 'pass', 'pass']);
    expect(noListenerSession().steps.map(stepMark)).toEqual(['pass', 'fail']);
  });

  it('reads an HTTP answer with an error status as a failure', () => {
    const session = healthyHttpSession();
    (session.steps[2]!.details as { status: number }).status = 503;
    expect(stepMark(session.steps[2]!)).toBe('fail');
  });

  it('gives outcomes it does not judge the neutral mark', () => {
    const step = { ...healthyHttpSession().steps[1]!, outcome: 'mixed' };
    expect(stepMark(step)).toBe('info');
    expect(stepMark({ ...step, outcome: 'silent' })).toBe('info');
  });

  it('reads a trusted handshake as a pass, and one with a certificate the client refuses as a failure', () => {
    expect(tls.tlsHealthySession().steps.map(stepMark)).toEqual(['pass', 'pass', 'pass', 'pass']);
    for (const session of [
      tls.selfSignedSession(),
      tls.expiredSession(),
      tls.wrongNameSession(),
      tls.unknownCaSession(),
    ]) {
      expect(stepMark(session.steps[2]!)).toBe('fail');
    }
  });

  it('reads every failed handshake as a failure', () => {
    const step = tls.oldVersionSession().steps[2]!;
    for (const outcome of [
      'alert',
      'plaintext-reply',
      'closed-during-handshake',
      'handshake-error',
      'no-response',
      'connect-failed',
    ]) {
      expect(stepMark({ ...step, outcome }), outcome).toBe('fail');
    }
  });

  it('reads the port check as information, whatever the port answered', () => {
    expect(stepMark(tls.httpToTlsPortSession().steps[3]!)).toBe('info');
    expect(stepMark(tls.closeAfterRequestSession().steps[3]!)).toBe('info');
    expect(stepMark({ ...tls.closeAfterRequestSession().steps[3]!, outcome: 'connect-failed' })).toBe('fail');
  });

  it('reads what identification found as information', () => {
    expect(stepMark(svc.postgresPortSession().steps[4]!)).toBe('info');
    expect(stepMark(svc.closeOnAcceptSession().steps[4]!)).toBe('info');
  });

  it('reads repeated connects: all open a pass, some or all failing a failure', () => {
    const step = svc.flakySession().steps[3]!;
    expect(stepMark(step)).toBe('fail');
    expect(stepMark({ ...step, outcome: 'all-open' })).toBe('pass');
    expect(stepMark({ ...step, outcome: 'all-failed' })).toBe('fail');
  });
});
