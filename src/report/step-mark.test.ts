import { describe, expect, it } from 'vitest';
import type { Step } from '../engine/session.js';
import type { StepName, StepOutcome } from '../tree/step-kinds.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import { stepMark } from './step-mark.js';
import { stepOfKind } from './step-of-kind.js';
import * as tls from './tls-fixtures.test-helper.js';

/** The session's step of this kind, which the fixture must have. */
function stepIn<K extends StepName>(steps: readonly Step[], kind: K) {
  const step = stepOfKind(steps, kind);
  if (!step) throw new Error(`no ${kind} step in the fixture`);
  return step;
}

describe('stepMark', () => {
  it('reads resolved, open and a 2xx response as passes, refused as a failure', () => {
    expect(healthyHttpSession().steps.map(stepMark)).toEqual(['pass', 'pass', 'pass']);
    expect(noListenerSession().steps.map(stepMark)).toEqual(['pass', 'fail']);
  });

  it('reads an HTTP answer with an error status as a failure', () => {
    const session = healthyHttpSession();
    const http = stepIn(session.steps, 'http.request');
    if (http.details.kind !== 'response') throw new Error('the fixture answers');
    http.details.status = 503;
    expect(stepMark(http)).toBe('fail');
  });

  it('gives outcomes that are no verdict on the step the neutral mark', () => {
    const connect = stepIn(healthyHttpSession().steps, 'tcp.connect-all');
    expect(stepMark({ ...connect, outcome: 'mixed' })).toBe('info');
    expect(stepMark({ ...connect, outcome: 'none' })).toBe('info');
    expect(stepMark({ ...connect, outcome: 'aborted' })).toBe('info');
  });

  it('reads a trusted handshake as a pass, and one with a certificate the client refuses as a failure', () => {
    expect(tls.tlsHealthySession().steps.map(stepMark)).toEqual(['pass', 'pass', 'pass', 'pass']);
    for (const session of [
      tls.selfSignedSession(),
      tls.expiredSession(),
      tls.wrongNameSession(),
      tls.unknownCaSession(),
    ]) {
      expect(stepMark(stepIn(session.steps, 'tls.handshake'))).toBe('fail');
    }
  });

  it('reads every failed handshake as a failure', () => {
    const step = stepIn(tls.oldVersionSession().steps, 'tls.handshake');
    const failures: StepOutcome<'tls.handshake'>[] = [
      'alert',
      'plaintext-reply',
      'closed-during-handshake',
      'handshake-error',
      'no-response',
      'connect-failed',
    ];
    for (const outcome of failures) expect(stepMark({ ...step, outcome }), outcome).toBe('fail');
  });

  it('reads the port check as information, whatever the port answered', () => {
    expect(stepMark(stepIn(tls.httpToTlsPortSession().steps, 'tls.port-check'))).toBe('info');
    const check = stepIn(tls.closeAfterRequestSession().steps, 'tls.port-check');
    expect(stepMark(check)).toBe('info');
    expect(stepMark({ ...check, outcome: 'connect-failed' })).toBe('fail');
  });

  it('reads what identification found as information', () => {
    expect(stepMark(stepIn(svc.postgresPortSession().steps, 'service.identify'))).toBe('info');
    expect(stepMark(stepIn(svc.closeOnAcceptSession().steps, 'service.identify'))).toBe('info');
  });

  it('reads repeated connects: all open a pass, some or all failing a failure', () => {
    const step = stepIn(svc.flakySession().steps, 'tcp.repeat');
    expect(stepMark(step)).toBe('fail');
    expect(stepMark({ ...step, outcome: 'all-open' })).toBe('pass');
    expect(stepMark({ ...step, outcome: 'all-failed' })).toBe('fail');
  });
});
