import { describe, expect, it } from 'vitest';
import { renderJsonReportDoc } from '../scripts/docs/json-report-doc.js';
import { renderVerdictDoc } from '../scripts/docs/verdict-doc.js';
import { verdictIds } from '../src/tree/verdict-ids.js';

// The contract pages in docs/ are generated from the code's own data. A stale page fails here;
// `npm run docs` (this file with -u) rewrites them.
describe('docs/', () => {
  it('verdicts.md is the verdict catalogue and the tree as they are', async () => {
    await expect(renderVerdictDoc()).toMatchFileSnapshot('../docs/verdicts.md');
  });

  it('json-report.md is the report’s types and their doc comments as they are', async () => {
    await expect(renderJsonReportDoc()).toMatchFileSnapshot('../docs/json-report.md');
  });

  it('names every verdict id, each with the tree edges that reach it', () => {
    const page = renderVerdictDoc();
    for (const id of verdictIds) expect(page).toContain(`## ${id}\n`);
    expect(page).not.toContain('no edge of this version’s tree');
  });

  it('marks every field of the JSON report stable or prose, except the probe details, which say what is stable', () => {
    const rows = renderJsonReportDoc()
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(30);
    const unmarked = rows.filter((row) => !/\| (stable|prose) \|/.test(row)).map((row) => row.split(' | ')[0]);
    expect(unmarked).toEqual(['| `steps[].details`']);
  });
});
