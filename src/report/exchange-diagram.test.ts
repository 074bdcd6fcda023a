import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../probes/http-result.js';
import type { TcpConnectResult } from '../probes/tcp-connect.js';
import type { ProtocolCheck } from '../protocols/protocol-check.js';
import { exchangeDiagram, type ExchangeDiagram } from './exchange-diagram.js';
import * as lab from './exchange-fixtures.test-helper.js';
import { noListenerSession } from './session-fixture.test-helper.js';

/** One readable line per arrow: direction, kind, label, and ✗ where it broke. */
const shape = (diagram: ExchangeDiagram) =>
  diagram.arrows.map(
    (a) => `${a.kind === 'note' ? '·' : a.from === 'client' ? '→' : '←'} ${a.kind} ${a.label}${a.broken ? ' ✗' : ''}`,
  );

const handshake = ['→ packet SYN', '← packet SYN-ACK', '→ packet ACK'];
const request = [...handshake, '→ data GET /'];

describe('exchangeDiagram', () => {
  it('refused: the SYN is answered by RST', () => {
    const diagram = exchangeDiagram(lab.refusedSession());
    expect(diagram.client).toBe('client');
    expect(diagram.server).toBe('127.0.0.1:38321');
    expect(shape(diagram)).toEqual(['→ packet SYN', '← packet RST ✗']);
    expect(diagram.arrows.map((a) => a.atMs)).toEqual([0, 0.287149]);
  });

  it('filtered: silence where the SYN-ACK should be, then what the other ports said', () => {
    const diagram = exchangeDiagram(lab.filteredSession());
    expect(shape(diagram)).toEqual([
      '→ packet SYN',
      '← silence silence (no SYN-ACK in 1.00 s) ✗',
      '· note other ports answer (22: RST, 80: RST): the host is up',
    ]);
    expect(diagram.arrows[1]!.atMs).toBe(1001.139);
  });

  it('host unreachable: an ICMP error comes back instead of an answer', () => {
    const diagram = exchangeDiagram(lab.hostUnreachableSession());
    expect(diagram.server).toBe('192.0.2.7:80');
    expect(shape(diagram)).toEqual(['→ packet SYN', '← error ICMP host unreachable (EHOSTUNREACH) ✗']);
  });

  it('network unreachable: no SYN at all, since nothing was sent', () => {
    const diagram = exchangeDiagram(lab.networkUnreachableSession());
    expect(shape(diagram)).toEqual(['→ error no route to 203.0.113.5: nothing sent (ENETUNREACH) ✗']);
  });

  it('healthy HTTP: handshake, request, response, our FIN, timed from the HTTP probe’s own marks', () => {
    const diagram = exchangeDiagram(lab.healthyHttpLabSession());
    expect(shape(diagram)).toEqual([...request, '← data HTTP/1.1 200 OK', '→ packet FIN']);
    expect(diagram.arrows.map((a) => a.atMs)).toEqual([0, 0.271408, null, 0.316702, 1.873391, 2.041127]);
    expect(diagram.arrows.some((a) => a.broken)).toBe(false);
  });

  it('an error status is where it broke, though the connection was fine', () => {
    expect(shape(exchangeDiagram(lab.badGatewaySession()))).toEqual([
      ...request,
      '← data HTTP/1.1 502 Bad Gateway ✗',
      '→ packet FIN',
    ]);
  });

  it('reset after the request: handshake, request, RST', () => {
    expect(shape(exchangeDiagram(lab.resetAfterRequestSession()))).toEqual([...request, '← packet RST ✗']);
  });

  it('reset on accept: the RST beat the connect event, so no request went out and the SYN-ACK has no time', () => {
    const diagram = exchangeDiagram(lab.resetOnAcceptSession());
    expect(shape(diagram)).toEqual([...handshake, '← packet RST ✗']);
    expect(diagram.arrows[1]!.atMs).toBeNull();
    expect(diagram.arrows[3]!.atMs).toBe(8.2);
  });

  it('closed without response: FIN with no bytes', () => {
    expect(shape(exchangeDiagram(lab.closedWithoutResponseSession()))).toEqual([
      ...request,
      '← packet FIN (no bytes) ✗',
    ]);
  });

  it('no response: silence after the request, for as long as we waited', () => {
    const diagram = exchangeDiagram(lab.noResponseSession());
    expect(shape(diagram)).toEqual([...request, '← silence silence (no byte in 992.8 ms) ✗']);
    expect(diagram.arrows[4]!.atMs).toBe(1000.98);
  });

  it('not HTTP: the other protocol’s first bytes, named', () => {
    expect(shape(exchangeDiagram(lab.sshBannerSession()))).toEqual([
      ...request,
      '← data "SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n" (SSH) ✗',
    ]);
  });

  it('binary noise is cut and counted', () => {
    const [answer] = exchangeDiagram(lab.garbageSession()).arrows.slice(-1);
    expect(answer!.label).toBe('"\\xff\\x80\\x0cWP\\xe4z\\xe7a\\xe8\\xd94\\xeeR\\…" (not HTTP, 512 bytes)');
  });

  it('caps what a hostile server or a long path can put in a label', () => {
    const session = lab.sshBannerSession();
    session.target.path = `/${'a'.repeat(500)}`;
    const http = session.steps[2]!.details as Extract<HttpResult, { kind: 'not-http' }>;
    http.firstBytes.text = 'B'.repeat(4000);
    http.protocol = { id: 'x', name: 'P'.repeat(300), evidence: '' };
    for (const arrow of exchangeDiagram(session).arrows) expect([...arrow.label].length).toBeLessThanOrEqual(80);
  });

  it('a truncated head ends in how it was cut', () => {
    const session = lab.resetAfterRequestSession();
    const marks = { connectedAt: 1, secureAt: null, requestWrittenAt: 1.1, firstByteAt: 2, doneAt: 3 };
    const firstBytes = { text: 'HTTP/1.1 200 OK\\r\\nX-', hex: '', length: 20 };
    session.steps[2]!.details = { kind: 'truncated-response', how: 'reset', firstBytes, marks } satisfies HttpResult;
    expect(shape(exchangeDiagram(session)).slice(-2)).toEqual([
      '← data "HTTP/1.1 200 OK\\r\\nX-" (incomplete HTTP head) ✗',
      '← packet RST ✗',
    ]);
  });

  it('a request whose new connection failed shows that connection, to the address it tried', () => {
    const session = lab.resetAfterRequestSession();
    const connect: Exclude<TcpConnectResult, { kind: 'open' }> = {
      address: '127.0.0.1',
      family: 4,
      port: 38321,
      kind: 'refused',
      connectMs: 0.2,
    };
    session.steps[2]!.details = { kind: 'connect-failed', connect } satisfies HttpResult;
    const diagram = exchangeDiagram(session);
    expect(shape(diagram)).toEqual([
      '· note the connect step had worked; this new connection did not',
      '→ packet SYN',
      '← packet RST ✗',
    ]);
    expect(diagram.server).toBe('127.0.0.1:38321');
  });

  it('other addresses that failed become notes; the open one is drawn', () => {
    const diagram = exchangeDiagram(lab.familySplitSession());
    expect(diagram.server).toBe('127.0.0.1:38321');
    expect(shape(diagram)).toEqual([
      ...handshake,
      '→ packet FIN',
      '· note also tried [::1]:38321: refused (RST) in 10.7 ms ✗',
    ]);
  });

  it('with no address open, draws the first and notes the rest', () => {
    const diagram = exchangeDiagram(noListenerSession());
    expect(diagram.server).toBe('[::1]:8080');
    expect(shape(diagram)).toEqual([
      '→ packet SYN',
      '← packet RST ✗',
      '· note also tried 127.0.0.1:8080: refused (RST) in 0.19 ms ✗',
    ]);
  });

  it('notes at most three other addresses, then counts the rest', () => {
    const session = lab.refusedSession();
    const attempts = session.steps[1]!.details as TcpConnectResult[];
    for (let i = 2; i <= 6; i++) attempts.push({ ...attempts[0]!, address: `127.0.0.${i}` });
    expect(shape(exchangeDiagram(session)).slice(2)).toEqual([
      '· note also tried 127.0.0.2:38321: refused (RST) in 0.29 ms ✗',
      '· note also tried 127.0.0.3:38321: refused (RST) in 0.29 ms ✗',
      '· note also tried 127.0.0.4:38321: refused (RST) in 0.29 ms ✗',
      '· note and 2 more addresses that failed ✗',
    ]);
  });

  describe('DNS failures: no TCP at all, one note', () => {
    it.each([
      [{ kind: 'no-such-host', danglingCname: null }, 'the name did not resolve (NXDOMAIN)'],
      [
        { kind: 'no-such-host', danglingCname: 'gone.lab.test' },
        'the name did not resolve (NXDOMAIN: its alias gone.lab.test does not exist)',
      ],
      [{ kind: 'no-address' }, 'the name has no address (NODATA)'],
      [{ kind: 'resolver-failure', code: 'servfail' }, 'the resolver failed (SERVFAIL)'],
      [{ kind: 'resolver-failure', code: 'timeout' }, 'the resolver failed (no answer in time)'],
    ] as const)('%o', (conclusion, why) => {
      const diagram = exchangeDiagram(lab.dnsFailureSession(conclusion));
      expect(diagram.server).toBe('nxdomain.lab.test:80');
      expect(shape(diagram)).toEqual([`· note no connection attempted: ${why} ✗`]);
    });
  });

  it('says so when no connection was attempted for another reason (a cancelled session)', () => {
    const session = lab.refusedSession();
    session.steps.pop();
    expect(shape(exchangeDiagram(session))).toEqual(['· note no connection was attempted']);
  });
});

describe('exchangeDiagram: a protocol URL whose handshake ran on the connect check’s connection', () => {
  const session = (onConnectCheck: boolean) =>
    lab.labSession(
      [
        lab.literalDns(),
        lab.connectStep([lab.openAttempt()], 'open', 'open'),
        {
          id: 'protocol.handshake',
          kind: 'protocol.handshake',
          title: 'Speak the protocol',
          outcome: 'authentication-required',
          summary: 'redis answered -NOAUTH',
          durationMs: 1.2,
          details: {
            protocol: 'redis',
            handshakes: [],
            fromIdentification: false,
            ...(onConnectCheck ? { onConnectCheck: true } : {}),
          } as unknown as ProtocolCheck,
        },
      ],
      lab.verdict('authentication-required', 'Redis asks for a password'),
      'redis://127.0.0.1:6379',
    );

  it('draws no FIN after the connect: the handshake went on on that connection', () => {
    expect(shape(exchangeDiagram(session(true)))).toEqual([...handshake, '· note then the handshake went on here']);
  });

  it('a handshake on a connection of its own: the connect check closed its own', () => {
    expect(shape(exchangeDiagram(session(false)))).toEqual([...handshake, '→ packet FIN']);
  });
});
