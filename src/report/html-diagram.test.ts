import { describe, expect, it } from 'vitest';
import { exchangeDiagram } from './exchange-diagram.js';
import * as lab from './exchange-fixtures.test-helper.js';
import { htmlExchangeDiagram } from './html-diagram.js';

const rows = (html: string) =>
  [
    ...html.matchAll(
      /<div class="msg ([a-z-]+)">(?:<span class="vh">[^<]*<\/span>)?([^<]*)<\/div><\/div><div class="seq-time">([^<]*)</g,
    ),
  ].map((m) => m.slice(1).join(' | '));

describe('htmlExchangeDiagram', () => {
  it('heads the lifelines with both ends and draws one row per arrow, with its time', () => {
    const html = htmlExchangeDiagram(exchangeDiagram(lab.healthyHttpLabSession()));
    expect(html).toContain(
      '<div class="seq-row seq-head"><div class="seq-lane"><span>client</span><span>127.0.0.1:38321</span></div></div>',
    );
    expect(rows(html)).toEqual([
      'to-server | SYN | ',
      'to-client | SYN-ACK | 0.27 ms',
      'to-server | ACK | ',
      'to-server | GET / | 0.32 ms',
      'to-client | HTTP/1.1 200 OK | 1.87 ms',
      'to-server | FIN | 2.04 ms',
    ]);
  });

  it('writes silence and notes between the lifelines, and marks where it broke', () => {
    const html = htmlExchangeDiagram(exchangeDiagram(lab.filteredSession()));
    expect(rows(html)).toEqual([
      'to-server | SYN | ',
      'silence | ✗ silence (no SYN-ACK in 1.00 s) | 1.00 s',
      'note | other ports answer (22: RST, 80: RST): the host is up | ',
    ]);
    expect(html).toContain('<li class="seq-row broken"><div class="seq-lane"><div class="msg silence">');
  });

  it('says a local failure rather than drawing a packet that never left, and draws an ICMP error coming back', () => {
    expect(rows(htmlExchangeDiagram(exchangeDiagram(lab.networkUnreachableSession())))).toEqual([
      'note | ✗ no route to 203.0.113.5: nothing sent (ENETUNREACH) | 0.09 ms',
    ]);
    expect(rows(htmlExchangeDiagram(exchangeDiagram(lab.hostUnreachableSession())))[1]).toBe(
      'to-client | ✗ ICMP host unreachable (EHOSTUNREACH) | 3.07 ms',
    );
  });

  it('tells a screen reader which way each packet went', () => {
    const html = htmlExchangeDiagram(exchangeDiagram(lab.refusedSession()));
    expect(html).toContain('<span class="vh">client to 127.0.0.1:38321: </span>SYN');
    expect(html).toContain('<span class="vh">127.0.0.1:38321 to client: </span>✗ RST');
  });

  it('escapes what the server sent', () => {
    const html = htmlExchangeDiagram(exchangeDiagram(lab.sshBannerSession()));
    expect(html).toContain('✗ &quot;SSH-2.0-OpenSSH_9.2p1 Debian-2\\r\\n&quot; (SSH)');
  });
});
