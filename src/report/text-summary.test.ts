import { describe, expect, it } from 'vitest';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import { stepOfKind } from './step-of-kind.js';
import { renderTextSummary } from './text-summary.js';

const plain = { color: false };
/** Our own colour codes: SGR sequences only. */
const sgr = /\x1b\[\d+m/g;
const columns = (line: string) => [...line].length;

describe('renderTextSummary', () => {
  it('prints the target, the symptom, one line per step with its mark, summary and duration', () => {
    const lines = renderTextSummary(noListenerSession(), plain).split('\n');
    expect(lines[0]).toBe('conn-doctor: localhost');
    expect(lines[1]).toBe('Symptom: ECONNREFUSED (Node.js ECONNREFUSED), reproduced');
    const dns = lines.findIndex((l) => l.startsWith('  ✓ dns.lookup '));
    expect(lines[dns]).toBe('  ✓ dns.lookup   localhost → ::1, 127.0.0.1 in 0.61 ms (loopback, no     0.61 ms');
    // The summary's wrapped tail sits under the summary column, not under the mark.
    expect(lines[dns + 1]).toBe(`${' '.repeat(17)}DNS query)`);
    expect(lines[dns + 2]).toBe('  ✗ tcp.connect  [::1]:8080 refused (RST) in 0.29 ms; 127.0.0.1:8080     0.33 ms');
    expect(lines[dns + 3]).toBe(`${' '.repeat(17)}refused (RST) in 0.19 ms`);
  });

  it('then the verdict: title, id and confidence, what happened, evidence, next steps', () => {
    const text = renderTextSummary(noListenerSession(), plain);
    const verdictAt = text.indexOf('\n✗ Nothing listens on localhost port 8080\n  no-listener, confidence: certain\n');
    expect(verdictAt).toBeGreaterThan(text.indexOf('tcp.connect'));
    expect(text).toContain('\n  Every address of localhost answered the connection request with a reset (RST):\n');
    expect(text).toContain(
      '\n  Evidence\n  • ::1 port 8080 answered the SYN with RST in 0.29 ms\n  • 127.0.0.1 port 8080 answered the SYN with RST in 0.19 ms\n',
    );
    expect(text.slice(text.indexOf('\n  Next steps\n'))).toBe(
      [
        '',
        '  Next steps',
        '  → See what listens on port 8080 on this machine:',
        "    `sudo ss -ltnp 'sport = :8080'`",
        '  → Start the service, or check the port in its configuration; then try again:',
        '    `nc -vz -w 3 localhost 8080`',
        '',
      ].join('\n'),
    );
  });

  it('marks an HTTP answer with an error status as a failure', () => {
    const session = healthyHttpSession();
    (session.steps[2]!.details as { status: number }).status = 502;
    expect(renderTextSummary(session, plain)).toContain('  ✗ http.request ');
    expect(renderTextSummary(healthyHttpSession(), plain)).toContain('  ✓ http.request ');
  });

  it('marks a healthy verdict with a tick and leaves out empty sections and the symptom line', () => {
    const text = renderTextSummary(healthyHttpSession(), plain);
    expect(text).toContain('\n✓ The target is healthy\n  healthy, confidence: certain\n');
    expect(text).not.toContain('Next steps');
    expect(text).not.toContain('Symptom');
    expect(text.split('\n')[0]).toBe('conn-doctor: http://admin:***@127.0.0.1:8080/health?verbose=1');
  });

  it('gives an outcome that is no verdict on the step the neutral mark', () => {
    const session = healthyHttpSession();
    const connect = stepOfKind(session.steps, 'tcp.connect-all');
    if (connect) connect.outcome = 'mixed';
    expect(renderTextSummary(session, plain)).toContain('  • tcp.connect ');
  });

  it('uses only ASCII for its own marks in ascii mode', () => {
    // The data stays as it is (a summary may hold any character); give it ASCII data to test our marks.
    const session = noListenerSession();
    session.steps[0]!.summary = 'localhost -> ::1, 127.0.0.1';
    const text = renderTextSummary(session, { color: false, ascii: true });
    expect(text).toMatch(/^ {2}\+ dns\.lookup /m);
    expect(text).toMatch(/^ {2}x tcp\.connect /m);
    expect(text).toMatch(/^x Nothing listens/m);
    expect(text).toContain('\n  * ::1 port 8080');
    expect(text).toContain('\n  > See what listens');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('colours only when asked, and colour adds nothing but SGR codes', () => {
    const session = noListenerSession();
    const colored = renderTextSummary(session, { color: true });
    expect(renderTextSummary(session, plain)).not.toContain('\x1b');
    expect(colored).toContain('\x1b[31m✗\x1b[39m');
    expect(colored).toContain('\x1b[32m✓\x1b[39m');
    expect(colored.replace(sgr, '')).toBe(renderTextSummary(session, plain));
  });

  it('fits 80 columns, wrapping at word boundaries and cutting only words longer than a line', () => {
    const session = noListenerSession();
    const longWord = `http://localhost:8080/${'a'.repeat(120)}`;
    session.steps[0]!.summary = `a long summary ${'word '.repeat(30)}end`;
    session.verdict.title = `A title that is long enough to need a second line when shown at eighty columns wide`;
    session.verdict.evidence.push(`Requested ${longWord} and got nothing back`);
    const text = renderTextSummary(session, plain);
    for (const line of text.split('\n')) expect(columns(line)).toBeLessThanOrEqual(80);
    // Words survive wrapping whole: the step's lines, rejoined with spaces, give back its summary.
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('a long summary'));
    const continued = lines
      .slice(first + 1)
      .filter((_, i, rest) => rest.slice(0, i + 1).every((r) => r.startsWith(' '.repeat(17))));
    const head = lines[first]!.replace(/^ {2}✓ dns\.lookup {3}/, '').replace(/ +0\.61 ms$/, '');
    expect([head, ...continued.map((l) => l.trim())].join(' ')).toBe(session.steps[0]!.summary);
    expect(continued.length).toBeGreaterThan(1);
    // The over-long URL is cut into line-sized pieces, and nothing of it is lost.
    expect(text.replace(/\n +/g, '')).toContain(longWord);
  });

  it('fits a wider terminal when told its width', () => {
    const text = renderTextSummary(noListenerSession(), { color: false, width: 120 });
    expect(text).toMatch(
      /\[::1\]:8080 refused \(RST\) in 0\.29 ms; 127\.0\.0\.1:8080 refused \(RST\) in 0\.19 ms +0\.33 ms\n/,
    );
    expect(Math.max(...text.split('\n').map(columns))).toBeLessThanOrEqual(120);
  });

  it('shows terminal escapes from the network instead of sending them to the terminal', () => {
    const session = healthyHttpSession();
    session.steps[2]!.summary = 'Server: evil\x1b]0;owned\x07\x1b[2J \u009b31m';
    session.verdict.evidence.push('banner \x1b[31mred\r\nline');
    for (const color of [false, true]) {
      const text = renderTextSummary(session, { color }).replace(sgr, '');
      expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
      expect(text).toContain('banner \\x1b[31mred\\r\\nline');
    }
  });
});
