import { describe, expect, it } from 'vitest';
import type { SweepSession } from '../engine/run-sweep.js';
import { renderSweepReport } from './render-sweep-report.js';
import { healthyHttpSession, noListenerSession } from './session-fixture.test-helper.js';
import { toSweepDocument } from './sweep-json.js';
import { sourceLabel, sweepRows } from './sweep-rows.js';
import { renderSweepText } from './sweep-text.js';

// Given a sweep of a healthy row, a refused one and one cut by the deadline, every sweep format puts the problems
// first, says what is wrong with each, and never shows the unfinished row as healthy.
function sweep(): SweepSession {
  return {
    startedAt: '2026-12-05T10:00:00.000Z',
    finishedAt: '2026-12-05T10:00:30.000Z',
    deadlineMs: 30_000,
    results: [
      { source: { kind: 'arg' }, input: 'http://127.0.0.1:8080/', session: healthyHttpSession(), unfinished: null },
      {
        source: { kind: 'env', file: '.env', line: 3, name: 'DATABASE_URL' },
        input: 'postgres://***@127.0.0.1:5432/app',
        session: noListenerSession(),
        unfinished: null,
      },
      {
        source: { kind: 'compose', file: 'compose.yaml', line: 12, service: 'web' },
        input: 'localhost:9000',
        session: null,
        unfinished: { reason: 'deadline', started: true, message: null },
      },
    ],
  };
}

describe('sweep rows', () => {
  it('name their source by file, line and variable or service', () => {
    expect(sourceLabel({ kind: 'arg' })).toBe('arg');
    expect(sourceLabel({ kind: 'env', file: '.env', line: 3, name: 'DATABASE_URL' })).toBe('.env:3 DATABASE_URL');
    expect(sourceLabel({ kind: 'compose', file: 'compose.yaml', line: 12, service: 'web' })).toBe(
      'compose.yaml:12 web',
    );
    expect(sourceLabel({ kind: 'list', file: 'targets.txt', line: 4 })).toBe('targets.txt:4');
    // A file name is shown, never acted on: its controls are made visible.
    expect(sourceLabel({ kind: 'list', file: 'a\x1b[2Jb', line: 1 })).toBe('a\\x1b[2Jb:1');
  });

  it('come problems first, each group in the order given; an unfinished row is a problem', () => {
    const rows = sweepRows(sweep());
    expect(rows.map((row) => [row.index, row.verdict, row.healthy])).toEqual([
      [1, 'no-listener', false],
      [2, 'unfinished', false],
      [0, 'healthy', true],
    ]);
    expect(rows[1]).toMatchObject({
      confidence: '-',
      time: '-',
      title: "No verdict: the sweep's deadline passed first",
    });
    expect(rows[1]!.summary).toContain('does not count as healthy');
  });
});

describe('an unfinished row’s next step', () => {
  it('quotes the target for a shell, and says when a secret in it was hidden', () => {
    const session = sweep();
    const cut = { reason: 'deadline', started: true, message: null } as const;
    session.results = [
      { source: { kind: 'arg' }, input: 'http://h/?a=1&b=2', session: null, unfinished: cut },
      { source: { kind: 'arg' }, input: 'host=db password=[redacted] port=5432', session: null, unfinished: cut },
    ];
    const [query, conninfo] = sweepRows(session).map((row) => row.nextStep);
    expect(query).toContain("`conn-doctor 'http://h/?a=1&b=2'`");
    expect(conninfo).toContain(
      "`conn-doctor 'host=db password=[redacted] port=5432'` (with the hidden secret put back in)",
    );
  });
});

describe('the sweep as text', () => {
  it('a header, the table, then each problem with its first next step', () => {
    const text = renderSweepText(sweep(), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('conn-doctor: 3 targets: 1 healthy, 2 with a problem, in 30.00 s');
    expect(lines[2]).toMatch(/^ {2}SOURCE +TARGET +VERDICT +CONFIDENCE +TIME$/);
    expect(lines[3]).toMatch(/^✗ \.env:3 DATABASE_URL +postgres:\/\/\*\*\*@127\.0\.0\.1:5432\/app +no-listener /);
    expect(lines[4]).toMatch(/^✗ compose\.yaml:12 web +localhost:9000 +unfinished +- +-$/);
    expect(lines[5]).toMatch(/^✓ arg +http:\/\/127\.0\.0\.1:8080\/ +healthy +certain/);
    expect(text).toContain('\nProblems\n\n✗ .env:3 DATABASE_URL  postgres://***@127.0.0.1:5432/app\n');
    expect(text).toContain("\n  No verdict: the sweep's deadline passed first\n");
    expect(text).toContain('  → Diagnose it alone, which runs until its verdict:\n    `conn-doctor localhost:9000`\n');
  });

  it('ASCII marks where the terminal has no UTF-8', () => {
    const text = renderSweepText(sweep(), { color: false, ascii: true });
    expect(text).not.toMatch(/[✓✗→]/);
    expect(text).toMatch(/^x \.env:3/m);
    expect(text).toMatch(/^\+ arg/m);
  });
});

describe('the sweep document', () => {
  it('holds each row’s source and its single-target report, or null and why, and the counts', () => {
    const document = toSweepDocument(sweep(), { version: '1.2.3' });
    expect(document).toMatchObject({
      schemaVersion: 1,
      kind: 'sweep',
      startedAt: '2026-12-05T10:00:00.000Z',
      summary: { total: 3, healthy: 1, problems: 2 },
    });
    expect(document.results.map((row) => [row.source.kind, row.report?.verdict.id ?? null, row.unfinished])).toEqual([
      ['arg', 'healthy', null],
      ['env', 'no-listener', null],
      ['compose', null, { reason: 'deadline', started: true, message: null }],
    ]);
    expect(document.results[1]!.report).toMatchObject({ schemaVersion: 1, tool: { version: '1.2.3' } });
  });
});

describe('sweep report files', () => {
  it('html: every id in the page once, each row’s own sections under its row', async () => {
    const html = await renderSweepReport(sweep(), 'html', { version: '1.2.3' });
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('row-1-verdict');
    expect(ids).toContain('row-2-verdict');
  });

  it.each(['md', 'html', 'json'] as const)('%s: the table before the first row’s report', async (format) => {
    const content = await renderSweepReport(sweep(), format, { version: '1.2.3' });
    const table = { md: '| | Source |', html: '<table>', json: '"kind": "sweep"' }[format];
    const firstReport = { md: '# Connection diagnosis', html: '<article id="row-1">', json: '"report": {' }[format];
    expect(content.indexOf(table)).toBeGreaterThan(-1);
    expect(content.indexOf(table)).toBeLessThan(content.indexOf(firstReport));
    expect(content).toContain('unfinished');
  });
});
