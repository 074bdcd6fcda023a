import { describe, expect, it } from 'vitest';
import { badGatewaySession } from './exchange-fixtures.test-helper.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import { renderReport } from './render-report.js';
import { renderTextSummary } from './text-summary.js';

describe('renderReport', () => {
  const session = badGatewaySession();
  const tool = { version: '1.2.3' };

  it('renders each file format from the same session, as its own renderer does', async () => {
    expect(await renderReport(session, 'json', tool)).toBe(renderJsonReport(session, tool));
    expect(await renderReport(session, 'md', tool)).toBe(renderMarkdownReport(session, tool));
    expect(await renderReport(session, 'html', tool)).toBe(renderHtmlReport(session, tool));
    expect(JSON.parse(await renderReport(session, 'json', tool))).toMatchObject({
      tool: { version: '1.2.3' },
      verdict: { id: 'http-upstream-error' },
    });
  });

  it('prints the summary with the colours and marks asked for', async () => {
    const plain = await renderReport(session, 'text', { ...tool, ascii: true });
    expect(plain).toBe(renderTextSummary(session, { color: false, ascii: true }));
    expect(plain).not.toContain('\x1b');
    expect(await renderReport(session, 'text', { ...tool, color: true })).toContain('\x1b[');
  });

  it('puts a --watch --json document on one line', async () => {
    const line = await renderReport(session, 'json', { ...tool, oneLine: true });
    expect(line.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(line)).toEqual(JSON.parse(await renderReport(session, 'json', tool)));
  });
});
