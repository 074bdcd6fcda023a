import { describe, expect, it } from 'vitest';
import { parseCliArgs, type ParseContext } from './cli-args.js';
import { frontEndOf } from './option-table.js';
import { duration, durationText } from './option-values.js';
import { isUsageError } from './usage-error.js';

const wait = duration('--wait', 1000, 86_400_000);
const pipes: ParseContext = { stdin: false, stdout: false };

describe('duration: --wait <duration>', () => {
  it.each([
    ['1500', 1500],
    ['1500ms', 1500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s', 3_723_000],
    ['24h', 86_400_000],
  ])('reads %s as %d ms', (raw, ms) => {
    expect(wait(raw)).toBe(ms);
  });

  it.each([
    '',
    '30',
    '0s',
    '25h',
    '-5s',
    '1.5s',
    '30 s',
    '30S',
    's',
    '10x',
    '30s30s',
    '10s1m',
    '1e4',
    '99999999999999999999',
  ])('refuses %j in one line naming the option and the range', (raw) => {
    let thrown: unknown;
    try {
      wait(raw);
    } catch (error) {
      thrown = error;
    }
    expect(isUsageError(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      `invalid --wait "${raw}": give a duration from 1s to 24h, e.g. 30s, 2m, 1m30s or 1500 (ms)`,
    );
  });
});

describe('--wait on the command line', () => {
  const parse = (argv: string[]) => parseCliArgs(argv, { LANG: 'C.UTF-8' }, pipes);

  it('runs the wait, for one target or a sweep, with --interval 1000 unless given', async () => {
    const one = await parse(['127.0.0.1:1', '--wait', '30s']);
    expect(one).toMatchObject({ waitMs: 30_000, intervalMs: 1000 });
    expect(frontEndOf(one)).toBe('wait');
    const sweep = await parse(['127.0.0.1:1', '127.0.0.1:2', '--wait=2m', '--interval', '250']);
    expect(sweep).toMatchObject({ waitMs: 120_000, intervalMs: 250 });
    expect(frontEndOf(sweep)).toBe('wait');
    // --watch keeps its own default.
    expect(await parse(['127.0.0.1:1', '--watch'])).toMatchObject({ waitMs: null, intervalMs: 5000 });
  });

  it('refuses --wait with --watch in one line', async () => {
    await expect(parse(['127.0.0.1:1', '--wait', '30s', '--watch'])).rejects.toThrow(
      '--wait and --watch do not go together: --wait stops once all are healthy, --watch never',
    );
  });

  it('makes --watch over a sweep --watch, which reads the sweep sources', async () => {
    const warnings: string[] = [];
    const options = await parseCliArgs(
      ['127.0.0.1:1', '--targets', 'list.txt', '--watch', '--interval', '300', '--report', 'r.md'],
      { LANG: 'C.UTF-8' },
      { ...pipes, warn: (line) => warnings.push(line) },
    );
    expect(frontEndOf(options)).toBe('watch');
    expect(options).toMatchObject({ watch: true, intervalMs: 300 });
    expect(warnings).toEqual([
      '--report is ignored by --watch; it is read by a single diagnosis, the app, a sweep and --wait',
    ]);
  });
});

describe('durationText', () => {
  it.each([
    [200, '200ms'],
    [1500, '1500ms'],
    [1000, '1s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
    [3_723_000, '1h2m3s'],
    [86_400_000, '24h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
    // What it writes, --wait reads back (200ms is below its minimum).
    if (ms >= 1000) expect(wait(text)).toBe(ms);
  });
});
