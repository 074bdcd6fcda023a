import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportFormatFor } from './report-format.js';
import { writeReportAtomically } from './write-report-file.js';

describe('reportFormatFor', () => {
  it.each([
    ['report.md', 'md'],
    ['notes/REPORT.MARKDOWN', 'md'],
    ['out.json', 'json'],
    ['/tmp/Out.JSON', 'json'],
    ['page.html', 'html'],
    ['page.HTM', 'html'],
    ['report.txt', null],
    ['report', null],
    ['.md', null],
    ['archive.json.gz', null],
  ])('%s is %s', (path, format) => {
    expect(reportFormatFor(path)).toBe(format);
  });
});

describe('writeReportAtomically', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'conn-doctor-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the whole content and leaves no temp file behind', async () => {
    const content = `# Report ✓\n\n${'line of evidence, 0.29 ms\n'.repeat(40_000)}`;
    const path = join(dir, 'report.md');
    await writeReportAtomically(path, content);
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(await readdir(dir)).toEqual(['report.md']);
  });

  it('replaces an existing report', async () => {
    const path = join(dir, 'report.json');
    await writeFile(path, 'old and longer than the new one');
    await writeReportAtomically(path, '{}\n');
    expect(await readFile(path, 'utf8')).toBe('{}\n');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('creates the file readable by all, writable by its owner (less the umask)', async () => {
    const path = join(dir, 'report.md');
    await writeReportAtomically(path, 'x');
    const umask = process.umask();
    expect((await stat(path)).mode & 0o777).toBe(0o644 & ~umask);
  });

  it('rejects for a missing directory and creates nothing', async () => {
    const path = join(dir, 'missing', 'report.md');
    await expect(writeReportAtomically(path, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('rejects when the rename fails and removes its temp file', async () => {
    // A directory at the target's name: the temp file is written, then the rename over it fails.
    const path = join(dir, 'report.md');
    await mkdir(path);
    await expect(writeReportAtomically(path, 'x')).rejects.toMatchObject({
      code: expect.stringMatching(/^(EISDIR|EPERM|EEXIST|ENOTEMPTY)$/),
    });
    expect(await readdir(dir)).toEqual(['report.md']);
    expect((await stat(path)).isDirectory()).toBe(true);
  });
});
