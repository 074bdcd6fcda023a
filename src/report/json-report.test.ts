import { describe, expect, it } from 'vitest';
import { renderJsonReport, stringifyJson, toJsonReport, type JsonReport } from './json-report.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';

const tool = { version: '1.2.3' };
const parse = (text: string) => JSON.parse(text) as JsonReport;

describe('renderJsonReport', () => {
  it('prints pretty JSON, two spaces deep, ending in one newline', () => {
    const text = renderJsonReport(noListenerSession(), tool);
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "conn-doctor",')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('carries every field of the contract, in the contract order', () => {
    const report = parse(renderJsonReport(noListenerSession(), tool));
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'tool',
      'startedAt',
      'finishedAt',
      'target',
      'symptom',
      'symptomDecoded',
      'environment',
      'steps',
      'answers',
      'verdict',
    ]);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool).toEqual({ name: 'conn-doctor', version: '1.2.3' });
    expect(report.startedAt).toBe('2025-11-25T09:14:03.120Z');
    expect(report.finishedAt).toBe('2025-11-25T09:14:03.127Z');
    // hostKind is the engine's business, not the contract's.
    expect(report.target).toEqual({ input: 'localhost', scheme: 'tcp', host: 'localhost', port: 8080, path: '/' });
    expect(report.symptom).toBe('ECONNREFUSED');
    expect(report.symptomDecoded).toEqual({
      id: 'refused',
      source: 'Node.js ECONNREFUSED',
      meaning: 'The peer answered the connection request with RST: nothing listens on that address and port.',
      reproduced: true,
    });
    expect(report.environment).toEqual({
      platform: 'linux',
      node: 'v20.20.2',
      proxy: expect.objectContaining({ kind: 'direct', reason: 'no proxy set' }),
      dnsServer: null,
      caFile: null,
      timeoutMs: 3000,
    });
    expect(report.answers).toEqual([
      {
        id: 'target.port',
        question: 'Which port does the service listen on?',
        answer: '8080 (HTTP alternate)',
        value: '8080',
        defaulted: false,
      },
    ]);
    expect(report.verdict).toEqual({
      id: 'no-listener',
      title: 'Nothing listens on localhost port 8080',
      summary: noListenerSession().verdict.summary,
      confidence: 'certain',
      evidence: noListenerSession().verdict.evidence,
      nextSteps: noListenerSession().verdict.nextSteps,
    });
  });

  it('lists steps in order with rounded durations and the probe details', () => {
    const { steps } = parse(renderJsonReport(noListenerSession(), tool));
    expect(steps.map((s) => Object.keys(s))).toEqual([
      ['id', 'title', 'outcome', 'summary', 'durationMs', 'details'],
      ['id', 'title', 'outcome', 'summary', 'durationMs', 'details'],
    ]);
    expect(steps.map(({ id, outcome, durationMs }) => ({ id, outcome, durationMs }))).toEqual([
      { id: 'dns.lookup', outcome: 'resolved', durationMs: 0.61 },
      { id: 'tcp.connect', outcome: 'refused', durationMs: 0.33 },
    ]);
    expect(steps[1]!.title).toBe('Connect to every address');
    expect(steps[1]!.summary).toBe('[::1]:8080 refused (RST) in 0.29 ms; 127.0.0.1:8080 refused (RST) in 0.19 ms');
    expect(steps[1]!.details).toEqual([
      { address: '::1', family: 6, port: 8080, kind: 'refused', connectMs: 0.29 },
      { address: '127.0.0.1', family: 4, port: 8080, kind: 'refused', connectMs: 0.19 },
    ]);
    expect(steps[0]!.details).toMatchObject({ mode: 'localhost', system: { durationMs: 0.41 }, durationMs: 0.61 });
  });

  it('rounds every …Ms and …At number in details to 0.01 ms, and leaves other numbers alone', () => {
    const { steps } = parse(renderJsonReport(healthyHttpSession(), tool));
    expect(steps[2]!.details).toMatchObject({
      status: 200,
      bodyBytesRead: 15,
      marks: { connectedAt: 0.27, secureAt: null, requestWrittenAt: 0.32, firstByteAt: 1.87, doneAt: 2.04 },
    });
    // 0.0039 ms rounds to a plain 0: absence is null in these types, so 0 is not ambiguous.
    expect(steps[0]!.durationMs).toBe(0);
  });

  it('never yields -0 (a clock step backwards rounds to a plain 0)', () => {
    const session = healthyHttpSession();
    session.steps[0]!.durationMs = -0.001;
    expect(Object.is(toJsonReport(session, tool).steps[0]!.durationMs, 0)).toBe(true);
  });

  it('writes null, not nothing, for a session without symptom, and an empty answers list', () => {
    const report = parse(renderJsonReport(healthyHttpSession(), tool));
    expect(report.symptom).toBeNull();
    expect(report.symptomDecoded).toBeNull();
    expect(report.answers).toEqual([]);
    expect(report.verdict.nextSteps).toEqual([]);
  });

  it('keeps a step whose details are missing as details: null', () => {
    const session = healthyHttpSession();
    // Not a step the engine can build (details are typed): the JSON stays well-formed should one arrive anyway.
    (session.steps[0] as { details: unknown }).details = undefined;
    const text = renderJsonReport(session, tool);
    expect(parse(text).steps[0]).toHaveProperty('details', null);
  });

  it('keeps the redaction the parser made in target.input', () => {
    const text = renderJsonReport(healthyHttpSession(), tool);
    expect(parse(text).target.input).toBe('http://admin:***@127.0.0.1:8080/health?verbose=1');
  });

  it('never prints terminal escapes raw, and still round-trips the exact strings', () => {
    const session = healthyHttpSession();
    const hostile = 'nginx\x1b]0;pwned\x07 \u009b2J \u202eevil';
    session.steps[2]!.summary = hostile;
    session.verdict.evidence.push(hostile);
    const text = renderJsonReport(session, tool);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const report = parse(text);
    expect(report.steps[2]!.summary).toBe(hostile);
    expect(report.verdict.evidence.at(-1)).toBe(hostile);
  });

  it('prints one line per document for --watch --json', () => {
    const text = renderJsonReport(noListenerSession(), tool, { oneLine: true });
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect(JSON.parse(text)).toEqual(JSON.parse(renderJsonReport(noListenerSession(), tool)));
  });

  it('is a pure function of the session', () => {
    const session = noListenerSession();
    const before = structuredClone(session);
    const first = renderJsonReport(session, tool);
    expect(session).toEqual(before);
    expect(renderJsonReport(session, tool)).toBe(first);
    const report = toJsonReport(session, tool);
    report.verdict.evidence.push('changed');
    expect(session.verdict.evidence).toEqual(before.verdict.evidence);
  });
});

describe('stringifyJson', () => {
  it('escapes C1 controls and line separators but stays valid JSON', () => {
    const value = { s: 'a\u0085b\u2028c\u009b' };
    const text = stringifyJson(value);
    expect(text).toBe('{"s":"a\\u0085b\\u2028c\\u009b"}');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('writes null for undefined', () => {
    expect(stringifyJson(undefined)).toBe('null');
  });
});
