import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/real-server.js';
import { defaultAnswers } from '../engine/events.js';
import { parseTarget } from '../engine/parse-target.js';
import { runDiagnosis } from '../engine/run-diagnosis.js';
import type { Session } from '../engine/session.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { renderTextSummary } from './text-summary.js';

/** Every kind of secret users paste, each with a value no report may show. */
const secrets = {
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcHAifQ.bearerSig0001',
  basic: 'YXBwOmJhc2ljUGFzczAwMg==',
  cookie: 'cookieVal0003',
  setCookie: 'setCookieVal0004',
  proxyAuth: 'cHJveHk6cHJveHlQYXNzMDA1',
  postgres: 'pgPass0006',
  password: 'kwPass0007',
  token: 'queryTok0008',
  accessToken: 'accessTok0009',
  apiKey: 'apiKey0010',
};

/** What a user pastes after `curl -v` failed: the command, its trace, and a line of the app's log. */
function pasted(port: number): string {
  return [
    `$ curl -v -H 'Authorization: Bearer ${secrets.bearer}' -b 'sid=${secrets.cookie}' 'http://127.0.0.1:${port}/?token=${secrets.token}&access_token=${secrets.accessToken}&api_key=${secrets.apiKey}'`,
    `curl: (7) Failed to connect to 127.0.0.1 port ${port} after 0 ms: Connection refused`,
    `> Authorization: Basic ${secrets.basic}`,
    `> Proxy-Authorization: Basic ${secrets.proxyAuth}`,
    `< Set-Cookie: session=${secrets.setCookie}; Path=/; HttpOnly`,
    `db: postgres://app:${secrets.postgres}@db/shop password=${secrets.password}`,
  ].join('\n');
}

function expectNoSecret(output: string) {
  for (const [kind, value] of Object.entries(secrets)) expect(output, kind).not.toContain(value);
  expect(output).toContain('[redacted]');
}

// The symptom enters through the engine, against a port nothing listens on: what every report is made from.
let session: Session;
beforeAll(async () => {
  const port = await freePort();
  const parsed = parseTarget(`127.0.0.1:${port}`);
  if (!parsed.ok) throw new Error(parsed.error);
  const symptom = pasted(port);
  session = await runDiagnosis({
    target: parsed.target,
    credentials: parsed.credentials,
    symptom,
    timeoutMs: 1000,
    dnsServer: null,
    answer: defaultAnswers,
  });
});

describe('secrets in a pasted symptom', () => {
  it('are redacted where the symptom enters the session, and the error is still recognised', () => {
    expect(session.symptom).toEqual(expect.objectContaining({ id: 'refused', source: 'curl exit 7' }));
    expect(session.verdict.id).toBe('no-listener');
    expect(session.symptomReproduced).toBe(true);
    // Shown whole, so no secret was merely cut off.
    expect(session.symptom?.input).toMatch(/curl: \(7\) Failed to connect[\s\S]*password=\[redacted\]$/);
    expectNoSecret(JSON.stringify(session));
  });

  it('never reach the JSON report', () => {
    const json = renderJsonReport(session, { version: '0.0.0' });
    expect(JSON.parse(json).symptom).toContain('Authorization: Bearer [redacted]');
    expectNoSecret(json);
  });

  it('never reach the Markdown report', () => {
    const markdown = renderMarkdownReport(session, { version: '0.0.0' });
    expect(markdown).toContain('## Symptom');
    expectNoSecret(markdown);
  });

  it('never reach the HTML report', () => {
    const html = renderHtmlReport(session, { version: '0.0.0' });
    expect(html).toContain('id="symptom"');
    expectNoSecret(html);
  });

  it('never reach the text summary', () => {
    const text = renderTextSummary(session, { color: false, width: 100 });
    expect(text).toMatch(/Symptom: .*curl exit 7/s);
    expectNoSecret(text);
  });
});
