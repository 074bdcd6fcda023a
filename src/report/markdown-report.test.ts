import { describe, expect, it } from 'vitest';
import type { HttpResult } from '../probes/http-result.js';
import { proxyFor } from '../probes/proxy-settings.js';
import { renderMarkdownReport } from './markdown-report.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';

const tool = { version: '1.2.3' };

/** The Markdown outside fenced code blocks: where escaping matters. */
function outsideCodeBlocks(markdown: string): string[] {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const opener = /^(`{3,})/.exec(line)?.[1];
    if (fence === null && opener) fence = opener;
    else if (fence !== null && line === fence) fence = null;
    else if (fence === null) lines.push(line);
  }
  return lines;
}

/** Cells of a table row, split at unescaped pipes as GFM does. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`## ${title}\n`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe('renderMarkdownReport', () => {
  it('puts the verdict first, then evidence, next steps, steps, answers, target, environment, symptom', () => {
    const markdown = renderMarkdownReport(noListenerSession(), tool);
    const order = [
      '# Connection diagnosis',
      '## Verdict',
      '## Evidence',
      '## Next steps',
      '## Steps',
      '## Answers',
      '## Target',
      '## Environment',
      '## Symptom',
      '## Measurements',
    ];
    const positions = order.map((heading) => markdown.indexOf(`${heading}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown.endsWith('._\n')).toBe(true);
  });

  it('states the verdict title, id, confidence and summary', () => {
    const verdict = section(
      renderMarkdownReport(noListenerSession(), tool),
      'Verdict: Nothing listens on localhost port 8080',
    );
    expect(verdict).toContain('**`no-listener`**, confidence: **certain**');
    expect(verdict).toContain('Every address of localhost answered the connection request with a reset (RST)');
  });

  it('lists evidence, and next steps with their commands as code spans', () => {
    const markdown = renderMarkdownReport(noListenerSession(), tool);
    expect(
      section(markdown, 'Evidence')
        .split('\n')
        .filter((l) => l.startsWith('- ')),
    ).toEqual([
      '- ::1 port 8080 answered the SYN with RST in 0.29 ms',
      '- 127.0.0.1 port 8080 answered the SYN with RST in 0.19 ms',
      '- No process on this machine listens on port 8080',
    ]);
    expect(section(markdown, 'Next steps')).toContain(
      "- See what listens on port 8080 on this machine: `sudo ss -ltnp 'sport = :8080'`\n",
    );
  });

  it('tabulates the steps: number, id, outcome, duration, summary', () => {
    const rows = section(renderMarkdownReport(noListenerSession(), tool), 'Steps')
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows.map(cells)).toEqual([
      ['#', 'Step', 'Outcome', 'Duration', 'Summary'],
      ['--:', '---', '---', '--:', '---'],
      ['1', '`dns.lookup`', 'resolved', '0.61 ms', 'localhost → ::1, 127.0.0.1 in 0.61 ms (loopback, no DNS query)'],
      [
        '2',
        '`tcp.connect`',
        'refused',
        '0.33 ms',
        '\\[::1\\]:8080 refused (RST) in 0.29 ms; 127.0.0.1:8080 refused (RST) in 0.19 ms',
      ],
    ]);
  });

  it('shows answers, target, environment and whether the symptom was reproduced', () => {
    const markdown = renderMarkdownReport(noListenerSession(), tool);
    expect(section(markdown, 'Answers')).toContain(
      '| Which port does the service listen on? | 8080 (HTTP alternate) | chosen |',
    );
    // A tcp:// target has no path to show.
    expect(section(markdown, 'Target').trim()).toBe(
      '## Target\n\n- Input: `localhost`\n- Scheme: tcp\n- Host: `localhost`\n- Port: 8080',
    );
    const environment = section(markdown, 'Environment');
    expect(environment).toContain('- Platform: linux, Node.js v20.20.2');
    expect(environment).toContain('- Name resolution: the system resolver');
    expect(environment).toContain('- Budget per probe: 3000 ms');
    expect(environment).toContain('- Proxy: direct: no proxy variable set');
    const symptom = section(markdown, 'Symptom');
    expect(symptom).toContain('- Reported: `ECONNREFUSED`');
    expect(symptom).toContain('- Recognised as: Node.js ECONNREFUSED (`refused`)');
    expect(symptom).toContain('- Reproduced: yes, the probes saw this failure');
  });

  it('shows the proxy route the run evaluated, its credentials hidden', () => {
    const session = healthyHttpSession();
    const target = { scheme: 'http' as const, host: '127.0.0.1', port: 8080 };
    session.verdict.id = 'proxy-interference';
    session.environment.proxy = proxyFor(target, { http_proxy: 'http://alice:s3cret@proxy.corp.test:3128' });
    let environment = section(renderMarkdownReport(session, tool), 'Environment');
    // Escaped so no Markdown renderer turns the URL into a link.
    expect(environment).toContain(String.raw`- Proxy: through http\://\*\*\*\@proxy.corp.test:3128 (from http\_proxy)`);
    expect(environment).not.toContain('s3cret');
    expect(environment).not.toContain('not inspected');

    session.environment.proxy = proxyFor(target, { http_proxy: 'http://proxy:3128', NO_PROXY: 'localhost,127.0.0.1' });
    environment = section(renderMarkdownReport(session, tool), 'Environment');
    expect(environment).toContain('- Proxy: direct: NO\\_PROXY matches "127.0.0.1"');

    session.environment.proxy = proxyFor(target, { https_proxy: 'http://proxy:3128' });
    environment = section(renderMarkdownReport(session, tool), 'Environment');
    expect(environment).toContain('- Proxy: direct: no proxy variable curl reads for http targets is set');
    expect(environment).toContain('https\\_proxy');
  });

  it('says when an answer was a default nobody chose', () => {
    const session = noListenerSession();
    session.answers[0]!.defaulted = true;
    expect(section(renderMarkdownReport(session, tool), 'Answers')).toContain(
      '| 8080 (HTTP alternate) | default, nobody was asked |',
    );
  });

  it('adds curl-style timings below the steps table when an HTTP exchange ran', () => {
    const steps = section(renderMarkdownReport(healthyHttpSession(), tool), 'Steps');
    expect(steps).toContain(
      '| 2.04 ms | HTTP/1.1 200 OK in 2.04 ms |\n\nRequest timings from the start, as `curl -w` counts them: connected 0.3 ms, first byte 1.9 ms, total 2.0 ms.\n',
    );
    expect(renderMarkdownReport(noListenerSession(), tool)).not.toContain('Request timings');
  });

  it('says plainly when there was no symptom, no question and nothing to do', () => {
    const session = healthyHttpSession();
    session.environment.dnsServer = '127.0.0.1:5353';
    const markdown = renderMarkdownReport(session, tool);
    expect(section(markdown, 'Symptom')).toContain('_None was given (`--symptom`)._');
    expect(section(markdown, 'Answers')).toContain('_No question was asked._');
    expect(section(markdown, 'Next steps')).toContain('_Nothing to do._');
    expect(section(markdown, 'Environment')).toContain(
      '- Name resolution: `127.0.0.1:5353` only (`--dns-server`; the system lookup was skipped)',
    );
  });

  it('includes each step’s measurements as rounded JSON', () => {
    const measurements = section(renderMarkdownReport(healthyHttpSession(), tool), 'Measurements');
    expect(measurements).toContain('### 3. Send an HTTP request (`http.request`)\n\n```json\n{\n  "kind": "response",');
    expect(measurements).toContain('"firstByteAt": 1.87,');
  });

  it('keeps the redaction the parser made in target.input', () => {
    const markdown = renderMarkdownReport(healthyHttpSession(), tool);
    expect(markdown).toContain('`http://admin:***@127.0.0.1:8080/health?verbose=1`');
    expect(markdown).not.toMatch(/admin:(?!\*\*\*@)/);
  });

  describe('with hostile text from the network', () => {
    const hostile = 'a | b `tick` <script>alert(1)</script> [x](https://evil.example) \x1b[2J\nnext';

    function hostileSession() {
      const session = healthyHttpSession();
      const http = session.steps[2]!.details as Extract<HttpResult, { kind: 'response' }>;
      http.headers.push({ name: 'X-Evil', value: hostile });
      session.steps[2]!.summary = `HTTP/1.1 200 OK, Server: ${hostile}`;
      session.verdict.evidence.push(`Server header: ${hostile}`);
      session.verdict.nextSteps.push(`Check ${hostile}: \`curl -v http://127.0.0.1:8080/ | head\``);
      session.answers.push({ id: 'q', question: hostile, value: 'v', answer: hostile, defaulted: false });
      return session;
    }

    it('never writes the ESC byte, and shows it as \\x1b instead', () => {
      const markdown = renderMarkdownReport(hostileSession(), tool);
      expect(markdown).not.toContain('\x1b');
      expect(markdown).toContain('\\\\x1b');
    });

    it('cannot add or split table cells', () => {
      const markdown = renderMarkdownReport(hostileSession(), tool);
      const stepRow = section(markdown, 'Steps')
        .split('\n')
        .find((l) => l.startsWith('| 3 |'))!;
      expect(cells(stepRow)).toHaveLength(5);
      expect(cells(stepRow)[4]).toContain('a \\| b');
      const answerRows = section(markdown, 'Answers')
        .split('\n')
        .filter((l) => l.startsWith('|'));
      expect(answerRows.map((row) => cells(row).length)).toEqual([3, 3, 3]);
    });

    it('cannot end a line early: each evidence item stays one list item', () => {
      const evidence = section(renderMarkdownReport(hostileSession(), tool), 'Evidence').trim().split('\n');
      expect(evidence.slice(2).every((line) => line.startsWith('- '))).toBe(true);
      expect(evidence.slice(2)).toHaveLength(3);
    });

    it('leaves no unescaped HTML, link or code delimiter outside code', () => {
      const prose = outsideCodeBlocks(renderMarkdownReport(hostileSession(), tool)).map((line) =>
        // Our own code spans are allowed: remove `…` spans that the renderer opened on purpose.
        line.replace(/(?<!\\)`([^`]+)`/g, ''),
      );
      for (const line of prose) {
        expect(line).not.toMatch(/(?<!\\)[<>[\]`]/);
        expect(line).not.toMatch(/https?:\/\//);
      }
    });

    it('keeps the header value intact, as data, inside the measurements block', () => {
      const measurements = section(renderMarkdownReport(hostileSession(), tool), 'Measurements');
      expect(measurements).toContain(
        '"value": "a | b `tick` <script>alert(1)</script> [x](https://evil.example) \\u001b[2J\\nnext"',
      );
    });
  });
});
