import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportFormat } from '../report/report-format.js';
import { isUsageError } from './usage-error.js';
import { writeRenderedReport } from './write-report-file.js';

// The one --report writer that one diagnosis and a sweep share; each passes its own rendering. The rendering here
// is the test's own, so that what the writer decides (format, file, wording) is all that is under test.
describe('writeRenderedReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conn-doctor-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const renderAs = (asked: ReportFormat[]) => async (format: ReportFormat) => {
    asked.push(format);
    return `content as ${format}\n`;
  };

  it.each([
    ['report.md', 'md'],
    ['REPORT.HTM', 'html'],
    ['out.json', 'json'],
  ] as const)('%s: renders %s and writes that, with no temp file left', async (name, format) => {
    const asked: ReportFormat[] = [];
    await writeRenderedReport(join(dir, name), renderAs(asked));
    expect(asked).toEqual([format]);
    expect(await readFile(join(dir, name), 'utf8')).toBe(`content as ${format}\n`);
    expect(await readdir(dir)).toEqual([name]);
  });

  it('an extension it does not know: a usage error, nothing rendered, nothing written', async () => {
    const asked: ReportFormat[] = [];
    const path = join(dir, 'report.txt');
    const error = await writeRenderedReport(path, renderAs(asked)).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe(
      `cannot write "${path}": the report format comes from the extension: .md, .json or .html`,
    );
    expect(asked).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a file it cannot write: a usage error naming the file and the code', async () => {
    const path = join(dir, 'missing', 'report.json');
    const error = await writeRenderedReport(path, renderAs([])).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe(`cannot write the report to "${path}": ENOENT`);
  });
});
