import { describe, expect, it } from 'vitest';
import * as lab from './exchange-fixtures.test-helper.js';
import { stepsSection, waterfallSection } from './html-timeline.js';
import { noListenerSession } from './session-fixture.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const bars = (html: string) =>
  [...html.matchAll(/style="margin-left:min\(([\d.]+)%, calc\(100% - 3px\)\);width:([\d.]+)%"/g)].map(
    ([, left, width]) => [Number(left), Number(width)],
  );

describe('stepsSection', () => {
  it('places each step’s bar where it ran, as long as it took, in % of the session', () => {
    // dns 0.02, tcp 1001.25, control 0.79 ms.
    expect(bars(stepsSection(lab.filteredSession()))).toEqual([
      [0, 0],
      [0, 99.92],
      [99.92, 0.08],
    ]);
  });

  it('gives each step its mark, title, id, outcome, duration and summary', () => {
    const html = stepsSection(noListenerSession());
    expect(html).toContain(
      '<li class="step fail"><div class="step-head"><span class="mark" aria-hidden="true">✗</span><span class="step-title">Connect to every address</span> <code>tcp.connect</code> <span class="outcome">refused</span><span class="step-dur">0.33 ms</span></div>',
    );
    expect(html).toContain(
      '<p class="step-summary">[::1]:8080 refused (RST) in 0.29 ms; 127.0.0.1:8080 refused (RST) in 0.19 ms</p></li>',
    );
    expect(html).toContain('<li class="step pass">');
  });

  it('shows the TLS, port check, identification and repeat steps with their marks', () => {
    const marks = (html: string) =>
      [...html.matchAll(/<li class="step (\w+)">.*?<code>([^<]+)<\/code> <span class="outcome">([^<]+)</g)].map(
        (m) => `${m[2]} ${m[3]} ${m[1]}`,
      );
    expect(marks(stepsSection(tls.tlsHealthySession())).slice(2)).toEqual([
      'tls.handshake secure pass',
      'http.request response pass',
    ]);
    expect(marks(stepsSection(tls.expiredSession())).at(-1)).toBe('tls.handshake secure fail');
    expect(marks(stepsSection(svc.postgresPortSession())).slice(2)).toEqual([
      'http.request closed-without-response fail',
      'tls.port-check closed-during-handshake info',
      'service.identify identified info',
    ]);
    expect(marks(stepsSection(svc.flakySession())).at(-1)).toBe('tcp.repeat mixed fail');
  });

  it('says so when no step ran', () => {
    const session = noListenerSession();
    session.steps = [];
    expect(stepsSection(session)).toContain('<p class="muted">No step ran.</p>');
  });
});

describe('waterfallSection', () => {
  it('lays the curl phases end to end, each with its own duration', () => {
    const html = waterfallSection(lab.healthyHttpLabSession());
    // connect 0.3, first byte 1.9, total 2.0 ms (IP literal: no name lookup).
    expect([...html.matchAll(/<span>([^<]+)<\/span>/g)].map(([, name]) => name)).toEqual([
      'TCP connect',
      'Waiting for the first byte',
      'Reading the answer',
    ]);
    expect([...html.matchAll(/<span class="num">([^<]+)<\/span>/g)].map(([, ms]) => ms)).toEqual([
      '0.30 ms',
      '1.60 ms',
      '0.10 ms',
    ]);
    expect(bars(html)).toEqual([
      [0, 15],
      [15, 80],
      [95, 5],
    ]);
    expect(html).toContain('connected 0.30 ms, first byte 1.90 ms, total 2.00 ms.');
  });

  it('calls the time after the connect what it was when no byte came', () => {
    const html = waterfallSection(lab.noResponseSession());
    expect(html).toContain('<span>Waited, no response</span>');
    expect(html).not.toContain('Reading the answer');
  });

  it('starts with the name lookup for a name', () => {
    const session = lab.healthyHttpLabSession();
    Object.assign(session.steps[0]!.details as object, { mode: 'system', durationMs: 8 });
    expect(waterfallSection(session)).toMatch(
      /^<section id="timings"><h2>Request timings<\/h2><div class="waterfall"><span>Name lookup<\/span>/,
    );
  });

  it('puts the TLS handshake between the connect and the wait for a request over TLS', () => {
    const html = waterfallSection(tls.tlsHealthySession());
    expect(html).toContain('<h2>Request timings</h2>');
    expect([...html.matchAll(/<span>([^<]+)<\/span>/g)].map(([, name]) => name)).toEqual([
      'Name lookup',
      'TCP connect',
      'TLS handshake',
      'Waiting for the first byte',
      'Reading the answer',
    ]);
    expect(html).toContain('<div class="bar phase-tls"');
    expect(html).toContain('connected 79.6 ms, TLS done 83.3 ms, first byte 85.2 ms, total 85.4 ms.');
  });

  it('times the handshake alone when it ended an https diagnosis', () => {
    const refused = waterfallSection(tls.expiredSession());
    expect(refused).toContain('<h2>TLS handshake timings</h2>');
    expect([...refused.matchAll(/<span>([^<]+)<\/span>/g)].map(([, name]) => name)).toEqual([
      'Name lookup',
      'TCP connect',
      'TLS handshake',
      'After the handshake',
    ]);
    expect(
      [...waterfallSection(tls.oldVersionSession()).matchAll(/<span>([^<]+)<\/span>/g)].map(([, name]) => name),
    ).toEqual(['Name lookup', 'TCP connect', 'Handshake, never finished']);
    expect(waterfallSection(tls.oldVersionSession())).not.toMatch(/NaN/);
  });

  it('is empty without an HTTP exchange', () => {
    expect(waterfallSection(lab.refusedSession())).toBe('');
    expect(waterfallSection(lab.healthyTcpSession())).toBe('');
  });
});
