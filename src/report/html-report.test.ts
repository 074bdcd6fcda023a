import { describe, expect, it } from 'vitest';
import type { Session } from '../engine/session.js';
import type { HttpResult } from '../probes/http-result.js';
import { proxyFor } from '../probes/proxy-settings.js';
import * as lab from './exchange-fixtures.test-helper.js';
import { escapeHtml, escapeHtmlBlock } from './html-escape.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import * as svc from './service-fixtures.test-helper.js';
import * as tls from './tls-fixtures.test-helper.js';

const tool = { version: '1.2.3' };
const render = (session: Session) => renderHtmlReport(session, tool);

/** What a peer or a user could put in any string of a session. */
const hostile = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '\x1b[2J\x1b]0;pwned\x07',
  '\u202eevil',
];

function hostileSession(): Session {
  const session = lab.sshBannerSession();
  const bad = hostile.join(' ');
  session.target.input = `http://127.0.0.1:38321/${bad}`;
  session.target.path = `/${bad}`;
  session.verdict = { ...session.verdict, title: bad, summary: bad, evidence: [bad], nextSteps: [`run \`${bad}\``] };
  session.steps[2]!.summary = bad;
  session.steps[2]!.title = bad;
  (session.steps[2]!.details as Extract<HttpResult, { kind: 'not-http' }>).firstBytes.text = bad;
  session.answers = [{ id: 'target.port', question: bad, answer: bad, value: bad, defaulted: false }];
  session.symptom = { input: bad, id: 'reset', source: bad, meaning: bad };
  session.symptomReproduced = false;
  session.environment.dnsServer = bad;
  return session;
}

describe('renderHtmlReport', () => {
  it('is one HTML document with its generator, a strict CSP and its style inline', () => {
    const html = render(noListenerSession());
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain('<meta name="generator" content="conn-doctor 1.2.3">');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<style>[^<]*prefers-color-scheme: dark[^<]*<\/style>/);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('loads nothing: only inert elements and attributes, no url() or import in the style', () => {
    const elements = new Set([
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'main',
      'header',
      'section',
      'footer',
      'h1',
      'h2',
      'p',
      'span',
      'code',
      'pre',
      'div',
      'ol',
      'ul',
      'li',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'dl',
      'dt',
      'dd',
      'details',
      'summary',
    ]);
    const attributes = new Set([
      'lang',
      'charset',
      'http-equiv',
      'name',
      'content',
      'class',
      'id',
      'style',
      'aria-hidden',
      'scope',
    ]);
    for (const session of [
      healthyHttpSession(),
      noListenerSession(),
      lab.sshBannerSession(),
      hostileSession(),
      tls.expiredSession(),
      svc.postgresPortSession(),
    ]) {
      const html = render(session);
      // Session text has every `<` escaped, so each tag found here is one the renderer wrote.
      const tags = [...html.matchAll(/<([a-z][a-z0-9]*)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/gi)];
      expect(tags.length).toBeGreaterThan(50);
      expect(html.match(/</g)!.length - (html.match(/<\//g) ?? []).length - 1).toBe(tags.length); // the doctype
      for (const [, tag, attrs] of tags) {
        expect(elements, tag).toContain(tag!.toLowerCase());
        for (const [, attr] of attrs!.matchAll(/\s([a-z-]+)(?:="[^"]*")?/gi))
          expect(attributes, attr).toContain(attr!.toLowerCase());
      }
      expect(html).not.toMatch(/url\(|@import|@font-face/i);
    }
  });

  it('has no http:// or https:// of its own: every one is the session’s escaped text', () => {
    expect(render(lab.healthyTcpSession())).not.toMatch(/https?:\/\//i);
    const session = healthyHttpSession();
    const html = render(session).replaceAll(escapeHtml(session.target.input), '');
    expect(html).not.toMatch(/https?:\/\//i);
  });

  it('puts the verdict first, then the diagram, timeline, waterfall, evidence, next steps, answers, symptom, target, raw JSON', () => {
    const html = render(lab.healthyHttpLabSession());
    const order = [
      'verdict',
      'exchange',
      'steps',
      'timings',
      'evidence',
      'next-steps',
      'answers',
      'symptom',
      'target',
      'raw',
    ];
    const at = order.map((id) => html.indexOf(` id="${id}"`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html.indexOf('<h1>')).toBeLessThan(at[1]!);
  });

  it('puts the certificate after the timings when a TLS step got one, and draws the TLS exchange', () => {
    const html = render(tls.expiredSession());
    const order = ['exchange', 'steps', 'timings', 'certificate', 'evidence'];
    const at = order.map((id) => html.indexOf(` id="${id}"`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(html).toContain('<h2>TLS handshake timings</h2>');
    expect(html).toContain(
      '<div class="msg to-server"><span class="vh">client to 127.0.0.1:38321: </span>ClientHello</div>',
    );
    expect(html).toContain('<div class="msg note">✗ certificate: expired on 2026-11-24 (CERT_HAS_EXPIRED)</div>');
    expect(render(healthyHttpSession())).not.toContain('id="certificate"');
  });

  it('shows the verdict: title, id, confidence and summary; healthy and failing differ at a glance', () => {
    const failing = render(noListenerSession());
    expect(failing).toContain('<header class="verdict" id="verdict">');
    expect(failing).toContain('<h1>Nothing listens on localhost port 8080</h1>');
    expect(failing).toContain(
      '<span class="badge state">problem found</span><code>no-listener</code><span class="badge certain">confidence: certain</span>',
    );
    expect(failing).toContain(`<p class="summary">${escapeHtml(noListenerSession().verdict.summary)}</p>`);
    const healthy = render(healthyHttpSession());
    expect(healthy).toContain('<header class="verdict ok" id="verdict">');
    expect(healthy).toContain('<span class="badge state">no problem found</span>');
  });

  it('draws the exchange, marking where it broke', () => {
    const html = render(lab.refusedSession());
    const exchange = html.slice(html.indexOf(' id="exchange"'), html.indexOf(' id="steps"'));
    expect(exchange).toContain(
      '<div class="msg to-server"><span class="vh">client to 127.0.0.1:38321: </span>SYN</div>',
    );
    expect(exchange).toContain('<li class="seq-row broken"><div class="seq-lane"><div class="msg to-client">');
    expect(exchange).toContain('✗ RST</div></div><div class="seq-time">0.29 ms</div>');
  });

  it('has the HTTP waterfall only when an HTTP exchange ran', () => {
    expect(render(lab.healthyHttpLabSession())).toContain('<section id="timings">');
    expect(render(lab.noResponseSession())).toContain('<section id="timings">');
    for (const session of [
      lab.refusedSession(),
      lab.healthyTcpSession(),
      lab.dnsFailureSession({ kind: 'no-address' }),
    ]) {
      expect(render(session)).not.toContain('id="timings"');
    }
  });

  it('lists evidence, and next steps with their commands as code', () => {
    const html = render(noListenerSession());
    expect(html).toContain('<li>::1 port 8080 answered the SYN with RST in 0.29 ms</li>');
    expect(html).toContain(
      '<li>See what listens on port 8080 on this machine: <code>sudo ss -ltnp &#39;sport = :8080&#39;</code></li>',
    );
    expect(render(healthyHttpSession())).toContain('<h2>Next steps</h2><p class="muted">Nothing to do.</p>');
  });

  it('shows the answers, the symptom and whether it was reproduced, the target and environment', () => {
    const html = render(noListenerSession());
    expect(html).toContain(
      '<td>Which port does the service listen on?</td><td>8080 (HTTP alternate)</td><td>chosen</td>',
    );
    expect(html).toContain('<dt>Reported</dt><dd><code>ECONNREFUSED</code></dd>');
    expect(html).toContain('<dt>Reproduced</dt><dd>yes, the probes saw this failure</dd>');
    expect(html).toContain('<dt>Port</dt><dd>8080</dd>');
    expect(html).toContain('<dt>Budget per probe</dt><dd>3000 ms</dd>');
    expect(html).toContain('<dt>Proxy</dt><dd>direct: no proxy variable set</dd>');
    expect(render(healthyHttpSession())).toContain('None was given (<code>--symptom</code>)');
  });

  it('shows the proxy route the run evaluated, its credentials hidden', () => {
    const session = healthyHttpSession();
    const target = { scheme: 'https' as const, host: 'api.example.test', port: 443 };
    session.environment.proxy = proxyFor(target, { HTTPS_PROXY: 'socks5h://bob:pa55@127.0.0.1:1080' });
    let html = render(session);
    expect(html).toContain(
      '<dt>Proxy</dt><dd>through socks5h://***@127.0.0.1:1080 (from HTTPS_PROXY, a socks5 proxy this version names but does not probe)</dd>',
    );
    expect(html).not.toContain('pa55');

    session.environment.proxy = proxyFor(target, { https_proxy: 'ftp://proxy:21' });
    html = render(session);
    expect(html).toContain(
      '<dt>Proxy</dt><dd>https_proxy is set to &quot;ftp://proxy:21&quot;, a scheme curl does not support for a proxy, so the request fails rather than going direct</dd>',
    );

    session.environment.proxy = proxyFor(target, { no_proxy: '.example.test', https_proxy: 'http://proxy:3128' });
    expect(render(session)).toContain('<dt>Proxy</dt><dd>direct: no_proxy matches &quot;.example.test&quot;</dd>');
  });

  it('folds the raw JSON report away, escaped, whole', () => {
    const session = healthyHttpSession();
    const html = render(session);
    const json = escapeHtmlBlock(renderJsonReport(session, tool).trimEnd());
    expect(html).toContain(`<details><summary>Raw JSON report</summary><pre><code>${json}</code></pre></details>`);
  });

  it('never lets a hostile string through raw, wherever it sits in the session', () => {
    const html = render(hostileSession());
    expect(html).not.toMatch(/<script|<img|<svg|onerror=alert\(1\)>|[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('\\x1b[2J\\x1b]0;pwned\\x07');
    expect(html).toContain('\\u202eevil');
    // The title too, and the command in backticks became code without becoming markup.
    expect(html).toMatch(/<title>&lt;script&gt;/);
    expect(html).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders every lab case without failing', () => {
    const sessions = [
      lab.refusedSession(),
      lab.filteredSession(),
      lab.hostUnreachableSession(),
      lab.networkUnreachableSession(),
      lab.badGatewaySession(),
      lab.resetAfterRequestSession(),
      lab.resetOnAcceptSession(),
      lab.closedWithoutResponseSession(),
      lab.garbageSession(),
      lab.familySplitSession(),
      lab.dnsFailureSession({ kind: 'resolver-failure', code: 'servfail' }),
      tls.tlsHealthySession(),
      tls.selfSignedSession(),
      tls.oldVersionSession(),
      tls.clientCertificateSession(),
      tls.httpsToPlainSession(),
      tls.httpToTlsPortSession(),
      svc.postgresPortSession(),
      svc.tcpRedisSession(),
      svc.flakySession(),
    ];
    for (const session of sessions) expect(render(session)).toContain(`<code>${session.verdict.id}</code>`);
  });
});
